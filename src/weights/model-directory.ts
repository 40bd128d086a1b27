/**
 * paraisite's own model format: a directory with `model.json` (format name and version, kind,
 * config, extra JSON, weight manifest, sha256 of the weights) and `weights.bin` (little-endian
 * float32, concatenated in manifest order). Specification and version policy: docs/weights.md;
 * what a config holds and how older versions are migrated: models/serialization.ts.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, open, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { ParaisiteError, WeightsError } from "../core/errors.js";
import type { MEGNetConfig, NamedWeight, WeightMap } from "../models/config.js";
import { checkModelConfig, MODEL_FORMAT_VERSION, upgradeStoredModel } from "../models/serialization.js";
import { VERSION } from "../version.js";
import { sha256Hex } from "./checksum.js";
import { megnetWeightShapes, validateWeights } from "./shapes.js";

export const MODEL_FORMAT_NAME = "paraisite-model";
export { MODEL_FORMAT_VERSION };
export const MODEL_JSON = "model.json";
export const WEIGHTS_BIN = "weights.bin";

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export interface ManifestEntry {
  readonly name: string;
  readonly shape: readonly number[];
  /** Byte offset in weights.bin. */
  readonly offset: number;
}

/** The parsed `model.json`. */
export interface ModelJson {
  readonly format: typeof MODEL_FORMAT_NAME;
  readonly formatVersion: number;
  readonly kind: string;
  readonly config: JsonValue;
  readonly extra: { readonly [key: string]: JsonValue };
  readonly weights: {
    readonly file: string;
    readonly dtype: "float32";
    readonly byteOrder: "little";
    readonly byteLength: number;
    readonly sha256: string;
    readonly manifest: readonly ManifestEntry[];
  };
  readonly createdBy: string;
}

export interface ModelDirectoryContents<C = MEGNetConfig> {
  /** What the config describes, e.g. "megnet" or "paraisite"; "megnet" configs are shape-checked. */
  readonly kind: string;
  readonly config: C;
  readonly weights: WeightMap;
  /** Any JSON-convertible data (see {@link toJsonValue}): target transform, training metadata… */
  readonly extra?: { readonly [key: string]: unknown };
}

export interface LoadedModelDirectory<C = unknown> extends ModelDirectoryContents<C> {
  readonly extra: { readonly [key: string]: JsonValue };
  readonly formatVersion: number;
  readonly createdBy: string;
  readonly sha256: string;
}

/**
 * Convert a config or extra value to plain JSON, refusing what JSON would silently change:
 * non-finite numbers (→ null), bigint, functions. Typed arrays become arrays; objects with
 * `toJSON` (e.g. target transforms) are converted through it; undefined properties are dropped.
 */
export function toJsonValue(value: unknown, where: string): JsonValue {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new WeightsError(`${where}: ${value} cannot be stored in JSON`);
    return value;
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return Array.from(value as unknown as ArrayLike<number>, (v, i) => toJsonValue(v, `${where}[${i}]`));
  }
  if (Array.isArray(value)) return value.map((v, i) => toJsonValue(v === undefined ? null : v, `${where}[${i}]`));
  if (typeof value === "object") {
    const withToJson = value as { toJSON?: unknown };
    if (typeof withToJson.toJSON === "function") return toJsonValue((withToJson.toJSON as () => unknown).call(value), where);
    const out: { [key: string]: JsonValue } = {};
    for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = toJsonValue(v, `${where}.${key}`);
    return out;
  }
  throw new WeightsError(`${where}: a ${typeof value} cannot be stored in JSON`);
}

const isLittleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const product = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);

function encodeWeights(weights: WeightMap, context: string): { bytes: Uint8Array; manifest: ManifestEntry[] } {
  const manifest: ManifestEntry[] = [];
  let offset = 0;
  for (const [name, w] of weights) {
    if (!w.shape.every((d) => Number.isInteger(d) && d >= 0)) throw new WeightsError(`${context}: weight ${name} has an invalid shape [${w.shape.join(", ")}]`);
    if (w.data.length !== product(w.shape)) throw new WeightsError(`${context}: weight ${name} has ${w.data.length} values for shape [${w.shape.join(", ")}]`);
    manifest.push({ name, shape: [...w.shape], offset });
    offset += 4 * w.data.length;
  }
  const bytes = new Uint8Array(offset);
  const view = new DataView(bytes.buffer);
  for (const entry of manifest) {
    const data = weights.get(entry.name)!.data;
    // Byte copy keeps every bit (NaN payloads included); DataView only on big-endian hosts.
    if (isLittleEndianHost) bytes.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), entry.offset);
    else for (let i = 0; i < data.length; i++) view.setFloat32(entry.offset + 4 * i, data[i], true);
  }
  return { bytes, manifest };
}

function decodeWeights(bytes: Uint8Array, manifest: readonly ManifestEntry[], context: string): Map<string, NamedWeight> {
  const weights = new Map<string, NamedWeight>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let expectedOffset = 0;
  for (const entry of manifest) {
    const count = product(entry.shape);
    if (entry.offset !== expectedOffset) throw new WeightsError(`${context}: manifest entry ${entry.name} starts at byte ${entry.offset}, expected ${expectedOffset}`);
    if (weights.has(entry.name)) throw new WeightsError(`${context}: manifest lists ${entry.name} twice`);
    const end = entry.offset + 4 * count;
    if (end > bytes.byteLength) throw new WeightsError(`${context}: weight ${entry.name} ends at byte ${end}, past the end of ${WEIGHTS_BIN} (${bytes.byteLength} bytes)`);
    const data = new Float32Array(count);
    if (isLittleEndianHost) new Uint8Array(data.buffer).set(bytes.subarray(entry.offset, end));
    else for (let i = 0; i < count; i++) data[i] = view.getFloat32(entry.offset + 4 * i, true);
    weights.set(entry.name, { shape: Object.freeze([...entry.shape]), data });
    expectedOffset = end;
  }
  if (expectedOffset !== bytes.byteLength) throw new WeightsError(`${context}: ${WEIGHTS_BIN} has ${bytes.byteLength} bytes, the manifest describes ${expectedOffset}`);
  return weights;
}

async function writeFileSynced(path: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(path, "w");
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** kind "megnet": every weight must have the shape its config implies. */
function checkMegnetShapes(config: JsonValue, weights: WeightMap, context: string): void {
  try {
    validateWeights(weights, megnetWeightShapes(config as unknown as MEGNetConfig), context);
  } catch (err) {
    if (err instanceof ParaisiteError) throw err;
    throw new WeightsError(`${context}: config is not a valid MEGNet config (${(err as Error).message})`);
  }
}

const OWN_FILES = new Set([MODEL_JSON, WEIGHTS_BIN]);

/**
 * Save a model directory atomically: both files are written to a temporary sibling directory and
 * renamed into place, so a killed process leaves either the old model or the new one. When `dir`
 * already holds other files too, they are kept: the two files are renamed in, weights first, and
 * an interruption between the two renames is caught on load by the sha256 check.
 */
export async function saveModelDirectory<C>(dir: string, contents: ModelDirectoryContents<C>): Promise<ModelJson> {
  const target = resolve(dir);
  const { bytes, manifest } = encodeWeights(contents.weights, target);
  const config = toJsonValue(contents.config, `${target}: config`);
  const extra = toJsonValue(contents.extra ?? {}, `${target}: extra`) as { [key: string]: JsonValue };
  if (contents.kind === "megnet") checkMegnetShapes(config, contents.weights, target);
  // a ParAIsite config must be complete (its target transform included) to be read back
  if (contents.kind === "paraisite") checkModelConfig(contents.kind, config, target);
  const json: ModelJson = {
    format: MODEL_FORMAT_NAME,
    formatVersion: MODEL_FORMAT_VERSION,
    kind: contents.kind,
    config,
    extra,
    weights: { file: WEIGHTS_BIN, dtype: "float32", byteOrder: "little", byteLength: bytes.byteLength, sha256: sha256Hex(bytes), manifest },
    createdBy: `paraisite ${VERSION}`,
  };
  const parent = dirname(target);
  await mkdir(parent, { recursive: true });
  const suffix = `${process.pid}-${randomBytes(4).toString("hex")}`;
  const temp = join(parent, `.${basename(target)}.tmp-${suffix}`);
  await mkdir(temp);
  try {
    await writeFileSynced(join(temp, WEIGHTS_BIN), bytes);
    await writeFileSynced(join(temp, MODEL_JSON), `${JSON.stringify(json, null, 2)}\n`);
    const existing = existsSync(target) ? await readdir(target) : undefined;
    if (existing === undefined) {
      await rename(temp, target);
    } else if (existing.every((name) => OWN_FILES.has(name))) {
      const old = join(parent, `.${basename(target)}.old-${suffix}`);
      await rename(target, old);
      await rename(temp, target);
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(join(temp, WEIGHTS_BIN), join(target, WEIGHTS_BIN));
      await rename(join(temp, MODEL_JSON), join(target, MODEL_JSON));
    }
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
  return json;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseManifest(raw: unknown, context: string): ManifestEntry[] {
  if (!Array.isArray(raw)) throw new WeightsError(`${context}: weights.manifest is not a list`);
  return raw.map((entry: unknown, i) => {
    if (
      !isRecord(entry) ||
      typeof entry.name !== "string" ||
      !Array.isArray(entry.shape) ||
      !entry.shape.every((d) => Number.isInteger(d) && d >= 0) ||
      !Number.isInteger(entry.offset)
    ) {
      throw new WeightsError(`${context}: weights.manifest[${i}] needs a name, an integer shape and an integer offset`);
    }
    return { name: entry.name, shape: entry.shape as number[], offset: entry.offset as number };
  });
}

/** Parse and check `model.json` text (format, version, fields). */
export function parseModelJson(text: string, context: string): ModelJson {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new WeightsError(`${context}: invalid JSON (${(err as Error).message})`);
  }
  if (!isRecord(raw) || raw.format !== MODEL_FORMAT_NAME) throw new WeightsError(`${context}: not a paraisite model (format is not "${MODEL_FORMAT_NAME}")`);
  const version = raw.formatVersion;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) throw new WeightsError(`${context}: formatVersion must be a positive integer, found ${JSON.stringify(version)}`);
  if (version > MODEL_FORMAT_VERSION) {
    throw new WeightsError(`${context}: written with model format version ${version}; paraisite ${VERSION} reads versions up to ${MODEL_FORMAT_VERSION}. Upgrade paraisite to load it.`);
  }
  const weights = raw.weights;
  if (typeof raw.kind !== "string" || !("config" in raw) || !isRecord(weights)) throw new WeightsError(`${context}: missing kind, config or weights`);
  if (weights.dtype !== "float32" || weights.byteOrder !== "little") throw new WeightsError(`${context}: unsupported weight encoding ${String(weights.dtype)}/${String(weights.byteOrder)}`);
  if (typeof weights.sha256 !== "string" || !/^[0-9a-f]{64}$/.test(weights.sha256)) throw new WeightsError(`${context}: weights.sha256 is missing or malformed`);
  if (!Number.isInteger(weights.byteLength)) throw new WeightsError(`${context}: weights.byteLength is missing`);
  const file = typeof weights.file === "string" ? weights.file : WEIGHTS_BIN;
  if (basename(file) !== file) throw new WeightsError(`${context}: weights.file must be a plain file name, found ${file}`);
  return {
    format: MODEL_FORMAT_NAME,
    formatVersion: version,
    kind: raw.kind,
    config: raw.config as JsonValue,
    extra: isRecord(raw.extra) ? (raw.extra as { [key: string]: JsonValue }) : {},
    weights: { file, dtype: "float32", byteOrder: "little", byteLength: weights.byteLength as number, sha256: weights.sha256, manifest: parseManifest(weights.manifest, context) },
    createdBy: typeof raw.createdBy === "string" ? raw.createdBy : "unknown",
  };
}

export interface LoadModelDirectoryOptions {
  /** Refuse a directory of another kind (e.g. "megnet" when a ParAIsite model is needed). */
  readonly kind?: string;
}

/**
 * Load a model directory written by {@link saveModelDirectory}: checks the format version, the
 * size and sha256 of weights.bin and the manifest, and (kind "megnet") every shape. The config and
 * extra of a known kind are migrated to the current version; `C` is the caller's claim about the
 * config's type. `formatVersion` is the version the directory was written with.
 * @throws WeightsError with the directory and the problem.
 */
export async function loadModelDirectory<C = unknown>(dir: string, options: LoadModelDirectoryOptions = {}): Promise<LoadedModelDirectory<C>> {
  const root = resolve(dir);
  const jsonPath = join(root, MODEL_JSON);
  let text: string;
  try {
    text = await readFile(jsonPath, "utf8");
  } catch {
    const why = existsSync(root) ? `has no ${MODEL_JSON}` : "does not exist";
    throw new WeightsError(`${root}: ${why} (expected a model directory saved by paraisite: ${MODEL_JSON} + ${WEIGHTS_BIN})`);
  }
  const json = parseModelJson(text, jsonPath);
  if (options.kind !== undefined && json.kind !== options.kind) throw new WeightsError(`${root}: holds a "${json.kind}" model, expected "${options.kind}"`);
  const binPath = join(root, json.weights.file);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(binPath);
  } catch {
    throw new WeightsError(`${binPath}: weights file missing (model.json refers to it)`);
  }
  if (bytes.byteLength !== json.weights.byteLength) {
    throw new WeightsError(`${binPath}: ${bytes.byteLength} bytes, model.json expects ${json.weights.byteLength} (truncated or from another save)`);
  }
  const sha256 = sha256Hex(bytes);
  if (sha256 !== json.weights.sha256) throw new WeightsError(`${binPath}: sha256 ${sha256} does not match model.json (${json.weights.sha256}); the weights are corrupt or from another save`);
  const weights = decodeWeights(bytes, json.weights.manifest, binPath);
  if (json.kind === "megnet") checkMegnetShapes(json.config, weights, root);
  const { config, extra } = upgradeStoredModel(json, root);
  return {
    kind: json.kind,
    config: config as C,
    weights,
    extra: extra as { readonly [key: string]: JsonValue },
    formatVersion: json.formatVersion,
    createdBy: json.createdBy,
    sha256,
  };
}

/** Whether `dir` looks like a saved model (has model.json); cheap, no validation. */
export async function isModelDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(join(dir, MODEL_JSON))).isFile();
  } catch {
    return false;
  }
}
