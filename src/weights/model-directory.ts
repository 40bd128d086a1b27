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
import type { MEGNetConfig, WeightMap } from "../models/config.js";
import { checkModelConfig, upgradeStoredModel } from "../models/serialization.js";
import { VERSION } from "../version.js";
import { sha256Hex } from "./checksum.js";
import {
  checkedWeights,
  isLittleEndianHost,
  type JsonValue,
  type ManifestEntry,
  MODEL_FORMAT_NAME,
  MODEL_FORMAT_VERSION,
  MODEL_JSON,
  type ModelJson,
  parseModelJson,
  product,
  WEIGHTS_BIN,
} from "./model-format.js";
import { megnetWeightShapes, validateWeights } from "./shapes.js";

export {
  type JsonValue,
  type ManifestEntry,
  MODEL_FORMAT_NAME,
  MODEL_FORMAT_VERSION,
  MODEL_JSON,
  type ModelJson,
  parseModelJson,
  WEIGHTS_BIN,
} from "./model-format.js";

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
  const sha256 = sha256Hex(bytes);
  const weights = checkedWeights(json, bytes, sha256, binPath);
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
