/**
 * Lazy, once-per-process sha256 verification: datasets are read often, so a file's hash is
 * computed the first time it is needed and remembered while its size and mtime stay the same.
 */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { sha256File } from "../weights/checksum.js";

interface CachedHash {
  readonly size: number;
  readonly mtimeMs: number;
  readonly sha256: Promise<string>;
}

const hashes = new Map<string, CachedHash>();

/** sha256 of a file, computed at most once per process for an unchanged file. */
export async function sha256Cached(path: string): Promise<string> {
  const absolute = resolve(path);
  const info = await stat(absolute);
  const cached = hashes.get(absolute);
  if (cached && cached.size === info.size && cached.mtimeMs === info.mtimeMs) return cached.sha256;
  const sha256 = sha256File(absolute);
  hashes.set(absolute, { size: info.size, mtimeMs: info.mtimeMs, sha256 });
  sha256.catch(() => hashes.delete(absolute));
  return sha256;
}

/** Whether the file's sha256 equals `expected` (hex, case-insensitive); cached per process. */
export async function verifySha256(path: string, expected: string): Promise<boolean> {
  return (await sha256Cached(path)) === expected.toLowerCase();
}

/** Forget every cached hash (tests; or after replacing files behind the library's back). */
export function clearChecksumCache(): void {
  hashes.clear();
}
