/**
 * Thin read-only access to HDF5 files through h5wasm. h5wasm is ESM-only, so it is always loaded
 * with a dynamic `import()` (which esbuild/tsup keep as-is in the CJS build for node ≥ 20).
 */
import { openSync, readSync, closeSync, statSync } from "node:fs";
import { WeightsError } from "../core/errors.js";
import type { Dataset as H5Dataset, File as H5File, Group as H5Group } from "h5wasm/node";

type H5Module = typeof import("h5wasm/node");

let modulePromise: Promise<H5Module> | undefined;

/** Load h5wasm once per process. */
export async function loadH5wasm(): Promise<H5Module> {
  modulePromise ??= (async () => {
    const h5wasm = await import("h5wasm/node");
    await h5wasm.ready;
    return h5wasm;
  })();
  return modulePromise;
}

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

function readLittleEndian(bytes: Uint8Array, offset: number, size: number): number {
  let value = 0;
  for (let i = size - 1; i >= 0; i--) value = value * 256 + bytes[offset + i];
  return value;
}

/**
 * Check the HDF5 signature and the end-of-file address recorded in the superblock before h5wasm
 * sees the file: h5wasm does not throw on a bad file (it returns an invalid id and prints HDF5
 * diagnostics), and a truncated file otherwise surfaces as missing datasets.
 */
export function checkHdf5Header(path: string): void {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new WeightsError(`${path}: file not found`);
  }
  const header = new Uint8Array(64);
  const fd = openSync(path, "r");
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (size < 48 || HDF5_SIGNATURE.some((b, i) => header[i] !== b)) {
    throw new WeightsError(`${path}: not an HDF5 file (no HDF5 signature at offset 0)`);
  }
  const version = header[8];
  let eofAddress: number;
  if (version <= 1) {
    const offsetSize = header[13];
    const base = version === 0 ? 24 : 28;
    eofAddress = readLittleEndian(header, base + 2 * offsetSize, offsetSize);
  } else {
    const offsetSize = header[9];
    eofAddress = readLittleEndian(header, 12 + 2 * offsetSize, offsetSize);
  }
  if (eofAddress > size) {
    throw new WeightsError(`${path}: truncated HDF5 file (${size} bytes on disk, the file records ${eofAddress})`);
  }
}

/**
 * Run synchronous h5wasm work with HDF5 errors turned into exceptions (instead of diagnostics
 * printed on stderr), restoring the default handler afterwards. Keep `work` synchronous so no
 * other h5wasm user observes the switch.
 */
export function withHdf5Errors<T>(h5wasm: H5Module, work: () => T): T {
  h5wasm.Module.activate_throwing_error_handler();
  try {
    return work();
  } finally {
    h5wasm.Module.deactivate_throwing_error_handler();
  }
}

/** Open an HDF5 file read-only (after {@link checkHdf5Header}); the caller must `close()` it. */
export function openHdf5(h5wasm: H5Module, path: string): H5File {
  const file = new h5wasm.File(path, "r");
  if (file.file_id < 0n) throw new WeightsError(`${path}: HDF5 library could not open the file`);
  return file;
}

export function isGroup(entity: unknown, h5wasm: H5Module): entity is H5Group {
  return entity instanceof h5wasm.Group;
}

export function isDataset(entity: unknown, h5wasm: H5Module): entity is H5Dataset {
  return entity instanceof h5wasm.Dataset;
}

/** A string attribute (h5wasm returns fixed-length strings as JS strings). */
export function stringAttr(holder: H5Group | H5File, name: string, file: string): string {
  const attr = holder.attrs[name];
  const value = attr?.value;
  if (typeof value !== "string") throw new WeightsError(`${file}: attribute '${name}' missing or not a string at ${holder.path}`);
  return value;
}

/** A list-of-strings attribute, e.g. Keras `layer_names` / `weight_names` (absent → empty list). */
export function stringListAttr(holder: H5Group, name: string, file: string): readonly string[] {
  const attr = holder.attrs[name];
  if (attr === undefined) return [];
  const value = attr.value;
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((v): v is string => typeof v === "string")) return value;
  throw new WeightsError(`${file}: attribute '${name}' at ${holder.path} is not a list of strings`);
}
