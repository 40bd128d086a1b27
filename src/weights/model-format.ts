/**
 * paraisite's model format without the file system: the `model.json` schema, its parser and the
 * weight decoder, shared by the directory loader (Node) and the browser loader (URLs, file maps).
 * Specification and version policy: docs/weights.md.
 */
import { MODEL_FORMAT_VERSION } from "../models/serialization.js";
import { WeightsError } from "../core/errors.js";
import type { NamedWeight } from "../models/config.js";
import { VERSION } from "../version.js";

export const MODEL_FORMAT_NAME = "paraisite-model";
/** Bumped on any change an older reader would misread; readers refuse versions above theirs (models/serialization.ts). */
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

export const isLittleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
export const product = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);

/** Float32 weights of `bytes` (little-endian, in manifest order), checked against the manifest. */
export function decodeWeights(bytes: Uint8Array, manifest: readonly ManifestEntry[], context: string): Map<string, NamedWeight> {
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


/**
 * The weights of a model after the checks `model.json` allows: byte length and sha256 (computed
 * by the caller: Node hashes synchronously, a browser with WebCrypto), then the manifest.
 * @throws WeightsError naming `binPath`.
 */
export function checkedWeights(json: ModelJson, bytes: Uint8Array, sha256: string, binPath: string): Map<string, NamedWeight> {
  if (bytes.byteLength !== json.weights.byteLength) {
    throw new WeightsError(`${binPath}: ${bytes.byteLength} bytes, model.json expects ${json.weights.byteLength} (truncated or from another save)`);
  }
  if (sha256 !== json.weights.sha256) throw new WeightsError(`${binPath}: sha256 ${sha256} does not match model.json (${json.weights.sha256}); the weights are corrupt or from another save`);
  return decodeWeights(bytes, json.weights.manifest, binPath);
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
  if (/[\\/]/.test(file)) throw new WeightsError(`${context}: weights.file must be a plain file name, found ${file}`);
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
