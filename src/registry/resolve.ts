/**
 * Find a known file on disk. Order: explicit path → directory option → environment variable
 * (`PARAISITE_DATA_DIR` for datasets, `PARAISITE_WEIGHTS_DIR` for weights) → the files the
 * package carries (its `data/` and `weights/` folders) → user cache (`PARAISITE_CACHE_DIR`, else
 * `$XDG_CACHE_HOME/paraisite`, else `~/.cache/paraisite`) → download into the cache when the file
 * has a public URL. Checksums are verified lazily, once per process.
 */
import { existsSync, statSync } from "node:fs";
import { rm } from "node:fs/promises";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { DataError } from "../core/errors.js";
import { downloadKnownFile, type FetchLike, type ProgressCallback, stderrProgress } from "./download.js";
import { type FileCategory, KNOWN_FILES, type KnownFile, knownFile } from "./known-files.js";
import { packageRoot } from "./package-root.js";
import { sha256Cached } from "./verify.js";

export type Environment = Readonly<Record<string, string | undefined>>;

export interface ResolveOptions {
  /** Use this file (it must exist; it is still verified unless `verify` is false). */
  readonly path?: string;
  /** Directory to look in before the environment variable (datasets: data dir, weights: weights dir). */
  readonly dir?: string;
  /** Alias of `dir` for datasets. */
  readonly dataDir?: string;
  /** Alias of `dir` for weights. */
  readonly weightsDir?: string;
  /**
   * Look in the files the project carries, the package's `data/` and `weights/` folders (default
   * true; false isolates a lookup from them, e.g. to test the cache or the download).
   */
  readonly bundled?: boolean;
  /** Overrides the cache directory (else from the environment). */
  readonly cacheDir?: string;
  /** Check the sha256 (default true; computed once per process per unchanged file). */
  readonly verify?: boolean;
  /** Download a missing file that has a public URL into the cache (default true). */
  readonly download?: boolean;
  /** fetch implementation (default: global fetch). */
  readonly fetch?: FetchLike;
  /** Download progress; default: a progress line on stderr when it is a terminal. */
  readonly onProgress?: ProgressCallback;
  /** Environment to read variables from (default `process.env`). */
  readonly env?: Environment;
}

export type ResolvedSource = "path" | "dir" | "env" | "package" | "cache" | "download";

export interface ResolvedFile {
  readonly entry: KnownFile;
  /** Absolute path of the file. */
  readonly path: string;
  readonly source: ResolvedSource;
  /** Whether the sha256 was checked (and matched). */
  readonly verified: boolean;
}

export interface ResolvedWeights extends ResolvedFile {
  readonly sidecar: ResolvedFile;
}

const ENV_VARIABLE: Readonly<Record<FileCategory, string>> = { dataset: "PARAISITE_DATA_DIR", weights: "PARAISITE_WEIGHTS_DIR" };
/** Sub-folder of the user cache, and of the package, for each category. */
const SUBDIR: Readonly<Record<FileCategory, string>> = { dataset: "data", weights: "weights" };
const DOCS = "docs/data-directory.md";

/** The user cache directory: `PARAISITE_CACHE_DIR`, else `$XDG_CACHE_HOME/paraisite`, else `~/.cache/paraisite`. */
export function defaultCacheDir(env: Environment = process.env): string {
  if (env.PARAISITE_CACHE_DIR) return resolve(env.PARAISITE_CACHE_DIR);
  if (env.XDG_CACHE_HOME) return resolve(env.XDG_CACHE_HOME, "paraisite");
  return join(homedir(), ".cache", "paraisite");
}

export interface CandidateLocation {
  readonly source: Exclude<ResolvedSource, "download">;
  /** Absolute path, or undefined when the location is not configured. */
  readonly path?: string;
  /** How the location was chosen, for messages. */
  readonly label: string;
}

/** Every place `resolveKnownFile` looks for `entry`, in order (explicit path alone if given). */
export function candidateLocations(entry: KnownFile, options: ResolveOptions = {}): CandidateLocation[] {
  const env = options.env ?? process.env;
  if (options.path !== undefined) return [{ source: "path", path: resolve(options.path), label: "explicit path" }];
  const variable = ENV_VARIABLE[entry.category];
  const dir = options.dir ?? (entry.category === "dataset" ? options.dataDir : options.weightsDir);
  const envDir = env[variable];
  const locations: CandidateLocation[] = [
    { source: "dir", path: dir === undefined ? undefined : resolve(dir, entry.file), label: entry.category === "dataset" ? "dataDir option" : "weightsDir option" },
    { source: "env", path: envDir ? resolve(envDir, entry.file) : undefined, label: `$${variable}` },
  ];
  // Only files the project carries are looked for in it: nobody should drop files into node_modules.
  if (entry.bundled !== undefined && options.bundled !== false) {
    const root = packageRoot();
    const label = entry.bundled === "package" ? "paraisite package" : "paraisite git clone";
    locations.push({ source: "package", path: root === undefined ? undefined : join(root, SUBDIR[entry.category], entry.file), label });
  }
  return [
    ...locations,
    { source: "cache", path: join(options.cacheDir ?? defaultCacheDir(env), SUBDIR[entry.category], entry.file), label: "user cache" },
  ];
}

function describeLocations(locations: readonly CandidateLocation[]): string {
  return locations.map((l) => `  - ${l.path ?? "(not set)"} [${l.label}]`).join("\n");
}

function howToObtain(entry: KnownFile): string {
  const where = entry.url ? `download ${entry.url}` : `obtain it from: ${entry.provenance}`;
  const variable = ENV_VARIABLE[entry.category];
  // A file the package ships can only be missing from a damaged or re-bundled installation.
  const reinstall = entry.bundled === "package" ? `reinstall paraisite (its package ships ${SUBDIR[entry.category]}/${entry.file}), or ` : "";
  return `To fix: ${reinstall}${where}; place it as <dir>/${entry.file} and set ${variable}=<dir> (or pass an explicit path). See ${DOCS}.`;
}

function lookUp(id: string, category?: FileCategory): KnownFile {
  const entry = knownFile(id);
  if (entry === undefined || (category !== undefined && entry.category !== category)) {
    const ids = KNOWN_FILES.filter((f) => (category === undefined || f.category === category) && !f.id.endsWith(".sidecar")).map((f) => f.id);
    throw new DataError(`unknown ${category ?? "file"} id '${id}'; known ids: ${ids.join(", ")} (see ${DOCS})`);
  }
  return entry;
}

async function checksumProblem(entry: KnownFile, path: string): Promise<string | undefined> {
  const size = statSync(path).size;
  if (size !== entry.size) return `size ${size} bytes, expected ${entry.size}`;
  const sha256 = await sha256Cached(path);
  return sha256 === entry.sha256 ? undefined : `sha256 ${sha256}, expected ${entry.sha256}`;
}

function corruptError(entry: KnownFile, path: string, label: string, problem: string): DataError {
  return new DataError(`${entry.category} '${entry.id}' at ${path} [${label}] is corrupt or a different version (${problem}). ${howToObtain(entry)}`);
}

/** Where downloads of `entry` go. */
function cachePath(entry: KnownFile, options: ResolveOptions): string {
  return join(options.cacheDir ?? defaultCacheDir(options.env ?? process.env), SUBDIR[entry.category], entry.file);
}

const inFlight = new Map<string, Promise<void>>();

async function downloadOnce(entry: KnownFile, target: string, options: ResolveOptions): Promise<void> {
  const key = `${target}\0${entry.sha256}`;
  let pending = inFlight.get(key);
  if (pending === undefined) {
    const fetchImpl = options.fetch ?? ((url: string) => fetch(url));
    const progress = options.onProgress ?? (process.stderr.isTTY ? stderrProgress() : undefined);
    pending = downloadKnownFile(entry, target, fetchImpl, progress).finally(() => inFlight.delete(key));
    inFlight.set(key, pending);
  }
  return pending;
}

/**
 * Resolve any known file by id (datasets and weights, including `<weights id>.sidecar`).
 * @throws DataError naming the file, every location tried and how to obtain it.
 */
export async function resolveKnownFile(id: string, options: ResolveOptions = {}, category?: FileCategory): Promise<ResolvedFile> {
  const entry = lookUp(id, category);
  const verify = options.verify !== false;
  const locations = candidateLocations(entry, options);
  for (const location of locations) {
    const path = location.path;
    if (path === undefined || !existsSync(path)) continue;
    if (!verify) return { entry, path, source: location.source, verified: false };
    const problem = await checksumProblem(entry, path);
    if (problem === undefined) return { entry, path, source: location.source, verified: true };
    // A damaged cache copy of a downloadable file is replaced; anywhere else the user must act.
    if (location.source === "cache" && entry.url !== undefined && options.download !== false) {
      await rm(path, { force: true });
      break;
    }
    throw corruptError(entry, path, location.label, problem);
  }
  const notFound = `${entry.category} '${entry.id}' (${entry.file}) not found. Looked in:\n${describeLocations(locations)}`;
  if (options.path !== undefined || entry.url === undefined || options.download === false) {
    throw new DataError(`${notFound}\n${howToObtain(entry)}`);
  }
  const target = cachePath(entry, options);
  try {
    await downloadOnce(entry, target, options);
  } catch (err) {
    throw new DataError(`${notFound}\n${(err as Error).message}\n${howToObtain(entry)}`);
  }
  return { entry, path: target, source: "download", verified: true };
}

/**
 * Where a known file currently is, without verifying or downloading (synchronous; for status
 * listings). Undefined when no location holds it.
 */
export function locateKnownFile(id: string, options: ResolveOptions = {}): { readonly path: string; readonly source: ResolvedSource } | undefined {
  const entry = lookUp(id);
  const found = candidateLocations(entry, options).find((l) => l.path !== undefined && existsSync(l.path));
  return found?.path === undefined ? undefined : { path: found.path, source: found.source };
}

/** Resolve a dataset file by id (e.g. `togo15`, `aflow-agl`); see {@link resolveKnownFile}. */
export function resolveDataset(id: string, options: ResolveOptions = {}): Promise<ResolvedFile> {
  return resolveKnownFile(id, options, "dataset");
}

/**
 * Resolve a pretrained model and its `.hdf5.json` sidecar by id (e.g.
 * `megnet/mp-2018.6.1/formation_energy`). With an explicit `path`, the sidecar is `<path>.json`.
 */
export async function resolveWeights(id: string, options: ResolveOptions = {}): Promise<ResolvedWeights> {
  const model = await resolveKnownFile(id, options, "weights");
  const sidecarId = model.entry.sidecar;
  if (sidecarId === undefined) throw new DataError(`'${id}' is a sidecar, not a model; resolve the model id instead`);
  const sidecarOptions = options.path !== undefined ? { ...options, path: `${model.path}.json` } : options;
  const sidecar = await resolveKnownFile(sidecarId, sidecarOptions, "weights");
  return { ...model, sidecar };
}
