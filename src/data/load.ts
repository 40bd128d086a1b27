/**
 * `loadDataset`: a built-in id or a spec → a typed {@link Dataset}. Records are streamed, so a
 * large file is never held as text; records without a label under the policy are counted and not
 * parsed; structures that fail to parse (or, with a cutoff, have no edges) are reported and skipped.
 */
import { createHash, type Hash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { DataError } from "../core/errors.js";
// The resolver alone: the registry's index also loads the pretrained-model helpers (tfjs).
import { knownFile } from "../registry/known-files.js";
import { resolveDataset } from "../registry/resolve.js";
import { readCsv } from "./csv-parse.js";
import type { Dataset, DatasetRecord, SkippedRecord } from "./dataset.js";
import { builtinDataset, type DatasetSpec, type LabelPolicy } from "./descriptors.js";
import { filterByGraphs } from "./graphs.js";
import { type JsonObject, type JsonValue, readJsonLines } from "./jsonl.js";
import { structureFromCifText } from "./structure-inputs.js";

export interface LoadDatasetOptions {
  /** Folder holding the dataset files (then `PARAISITE_DATA_DIR`, then the user cache). */
  readonly dataDir?: string;
  /** User cache directory for the registry (default `PARAISITE_CACHE_DIR` or ~/.cache/paraisite). */
  readonly cacheDir?: string;
  /** Check built-in files against the registry's sha256 (default true, once per process and file). */
  readonly verify?: boolean;
  /** AFLOW label policy (default `paper`). Ignored by datasets without one. */
  readonly labelPolicy?: LabelPolicy;
  /**
   * Build the crystal graphs at this cutoff (Å) now: records whose structure has no edge are
   * moved to `skipped`, and the graphs are cached for `datasetGraphs(dataset, cutoff)`.
   */
  readonly cutoff?: number;
  /** With `cutoff`: folder of the on-disk graph cache (opt-in; see `datasetGraphs`). */
  readonly graphCacheDir?: string;
  /** Read only the first `limit` records of each file (quick looks, tests). */
  readonly limit?: number;
}

/**
 * Resolve a spec's file without the registry: explicit path, then `dataDir`, then
 * `PARAISITE_DATA_DIR`. `loadDataset` uses the registry instead for files it knows.
 */
export function resolveDatasetFile(spec: DatasetSpec, options: { readonly dataDir?: string } = {}): string {
  if (spec.path !== undefined) {
    if (!existsSync(spec.path)) throw new DataError(`dataset '${spec.id}': file not found: ${spec.path}`);
    return spec.path;
  }
  if (spec.file === undefined) throw new DataError(`dataset '${spec.id}' names no file`);
  if (isAbsolute(spec.file)) return spec.file;
  const tried: string[] = [];
  for (const dir of [options.dataDir, process.env.PARAISITE_DATA_DIR]) {
    if (!dir) continue;
    const candidate = resolve(dir, spec.file);
    if (existsSync(candidate)) return candidate;
    tried.push(candidate);
  }
  throw new DataError(
    `dataset '${spec.id}': ${spec.file} not found${tried.length ? ` (tried ${tried.join(", ")})` : ""}; pass dataDir or set PARAISITE_DATA_DIR`,
  );
}

function toSpec(idOrSpec: string | DatasetSpec): DatasetSpec {
  if (typeof idOrSpec !== "string") return idOrSpec;
  const spec = builtinDataset(idOrSpec);
  if (!spec) throw new DataError(`unknown dataset '${idOrSpec}'`);
  return spec;
}

const isCsv = (spec: DatasetSpec, path: string): boolean =>
  spec.format === "csv" || (spec.format === undefined && /\.csv(\.gz)?$/i.test(path));

/** A raw record from a JSONL or CSV file: the object, or the error that made it unreadable. */
type RawEntry = { readonly where: string; readonly value?: JsonObject; readonly reason?: string };

async function* rawEntries(spec: DatasetSpec, path: string, limit: number): AsyncGenerator<RawEntry> {
  let n = 0;
  if (isCsv(spec, path)) {
    for await (const entry of readCsv(path)) {
      if (n++ >= limit) return;
      const where = `${path}:${entry.line}`;
      yield entry.error ? { where, reason: entry.error.reason } : { where, value: entry.row };
    }
    return;
  }
  for await (const entry of readJsonLines(path)) {
    if (n++ >= limit) return;
    const where = `${path}:${entry.line}`;
    yield entry.error ? { where, reason: entry.error.reason } : { where, value: entry.value };
  }
}

/** A numeric target: JSON numbers as they are, CSV text parsed strictly; null when absent. */
function numericValue(v: JsonValue | undefined): number | null {
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "string" && v.trim() !== "") {
    const x = Number(v);
    return Number.isFinite(x) ? x : null;
  }
  return null;
}

function hashRecord(hash: Hash, id: string, target: number | null, cif: string): void {
  hash.update(`${id}\u0000${target === null ? "" : target.toString()}\u0000`);
  hash.update(cif);
  hash.update("\u0001");
}

interface PartResult {
  readonly source: string;
  readonly records: DatasetRecord[];
  readonly skipped: SkippedRecord[];
  readonly unlabelled: number;
}

/**
 * A built-in file known to the registry is found and verified there (explicit path → dataDir →
 * `PARAISITE_DATA_DIR` → user cache, sha256 checked); anything else by {@link resolveDatasetFile}.
 */
async function resolvePartFile(spec: DatasetSpec, options: LoadDatasetOptions): Promise<string> {
  if (spec.path === undefined && knownFile(spec.id)?.category === "dataset") {
    const resolved = await resolveDataset(spec.id, {
      dataDir: options.dataDir,
      cacheDir: options.cacheDir,
      verify: options.verify,
    });
    return resolved.path;
  }
  return resolveDatasetFile(spec, options);
}

async function loadPart(spec: DatasetSpec, options: LoadDatasetOptions, hash: Hash): Promise<PartResult> {
  const path = await resolvePartFile(spec, options);
  const policy = options.labelPolicy ?? "paper";
  const idField = spec.idField ?? "id";
  const cifField = spec.cifField ?? "cif";
  const formulaField = spec.formulaField ?? "formula";
  const records: DatasetRecord[] = [];
  const skipped: SkippedRecord[] = [];
  const seen = new Set<string>();
  let unlabelled = 0;
  for await (const entry of rawEntries(spec, path, options.limit ?? Number.POSITIVE_INFINITY)) {
    if (!entry.value) {
      skipped.push({ id: entry.where, reason: entry.reason ?? "unreadable record" });
      continue;
    }
    const record = entry.value;
    const rawId = record[idField];
    const id = typeof rawId === "string" ? rawId.trim() : typeof rawId === "number" ? String(rawId) : "";
    if (id === "") {
      skipped.push({ id: entry.where, reason: `no '${idField}'` });
      continue;
    }
    if (seen.has(id)) {
      skipped.push({ id, reason: `duplicate id (${entry.where}); the first record is kept` });
      continue;
    }
    seen.add(id);
    let target: number | null = null;
    if (spec.targetField !== null) {
      target = spec.label ? spec.label(record, policy) : numericValue(record[spec.targetField]);
      if (target === null) {
        unlabelled++;
        continue;
      }
    }
    const cif = await cifText(spec, record, id, cifField);
    if (typeof cif !== "string") {
      skipped.push({ id, reason: cif.reason });
      continue;
    }
    const parsed = structureFromCifText(cif, id);
    if (parsed.error) {
      skipped.push({ id, reason: parsed.error.message });
      continue;
    }
    const { [cifField]: _cif, ...fields } = record;
    const formula = record[formulaField];
    hashRecord(hash, id, target, cif);
    records.push({
      id,
      formula: typeof formula === "string" && formula !== "" ? formula : parsed.structure.reducedFormula,
      structure: parsed.structure,
      target,
      fields,
    });
  }
  return { source: path, records, skipped, unlabelled };
}

/** The CIF text of a record: inline, or (CSV with `structureDir`) from the named file. */
async function cifText(
  spec: DatasetSpec,
  record: JsonObject,
  id: string,
  cifField: string,
): Promise<string | { reason: string }> {
  const inline = record[cifField];
  if (typeof inline === "string" && inline.trim() !== "") return inline;
  if (spec.structureDir === undefined) return { reason: `no '${cifField}' text` };
  const named = spec.fileField !== undefined ? record[spec.fileField] : undefined;
  const file = typeof named === "string" && named !== "" ? named : `${id}.cif`;
  try {
    return await readFile(join(spec.structureDir, file), "utf8");
  } catch (e) {
    return { reason: `cannot read ${join(spec.structureDir, file)}: ${(e as NodeJS.ErrnoException).code ?? e}` };
  }
}

/**
 * Load a dataset: a built-in id (`togo15`, `aflow-agl`, `mix`…, see `BUILTIN_DATASETS`) or a
 * {@link DatasetSpec} for a user's JSONL/CSV file. Never drops a record silently: unreadable or
 * unparsable records (and, with `cutoff`, edgeless ones) are listed in `skipped` with a reason,
 * unlabelled ones are counted in `unlabelled`.
 */
export async function loadDataset(idOrSpec: string | DatasetSpec, options: LoadDatasetOptions = {}): Promise<Dataset> {
  const spec = toSpec(idOrSpec);
  const policy = spec.label ? (options.labelPolicy ?? "paper") : undefined;
  const hash = createHash("sha256");
  hash.update(`${spec.id}\u0000${policy ?? ""}\u0000`);
  const parts = spec.parts ? spec.parts.map(toSpec) : [spec];
  const loaded: PartResult[] = [];
  for (const part of parts) loaded.push(await loadPart(part, options, hash));
  let start = 0;
  const groups = spec.parts
    ? loaded.map((p, i) => {
        const group = { id: parts[i].id, start, count: p.records.length };
        start += p.records.length;
        return group;
      })
    : undefined;
  const dataset: Dataset = {
    id: spec.id,
    sources: loaded.map((p) => p.source),
    targetField: spec.targetField,
    targetUnit: spec.targetUnit ?? null,
    ...(policy ? { labelPolicy: policy } : {}),
    records: loaded.flatMap((p) => p.records),
    skipped: loaded.flatMap((p) => p.skipped),
    unlabelled: loaded.reduce((a, p) => a + p.unlabelled, 0),
    warnings: [],
    contentHash: hash.digest("hex"),
    ...(groups ? { groups } : {}),
  };
  if (options.cutoff === undefined) return dataset;
  return filterByGraphs(dataset, options.cutoff, { cacheDir: options.graphCacheDir });
}
