/**
 * Download a known file into the cache: streamed to a temporary file beside the target while
 * hashing, verified against the registry's sha256, then renamed into place (so an interrupted
 * download never leaves a file that looks complete).
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { DataError } from "../core/errors.js";
import type { KnownFile } from "./known-files.js";

/** The subset of the global `fetch` that downloads use (injectable for tests and proxies). */
export type FetchLike = (url: string) => Promise<Response>;

export interface DownloadProgress {
  readonly id: string;
  readonly url: string;
  readonly receivedBytes: number;
  /** From Content-Length or the registry size. */
  readonly totalBytes: number;
  readonly done: boolean;
}

export type ProgressCallback = (progress: DownloadProgress) => void;

const DOCS_HINT = "see docs/data-directory.md";

/** A progress printer for a terminal: one self-overwriting line on stderr, at most every 200 ms. */
export function stderrProgress(): ProgressCallback {
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (!p.done && now - last < 200) return;
    last = now;
    const pct = p.totalBytes > 0 ? ` ${((100 * p.receivedBytes) / p.totalBytes).toFixed(0)}%` : "";
    const kb = (n: number): string => `${(n / 1024).toFixed(0)} kB`;
    process.stderr.write(`\rparaisite: downloading ${p.id}${pct} (${kb(p.receivedBytes)} of ${kb(p.totalBytes)})${p.done ? "\n" : ""}`);
  };
}

/** Download `entry.url` to `target`, verifying size and sha256. */
export async function downloadKnownFile(entry: KnownFile, target: string, fetchImpl: FetchLike, onProgress?: ProgressCallback): Promise<void> {
  const url = entry.url;
  if (url === undefined) throw new DataError(`${entry.id}: no download URL is known; ${DOCS_HINT}`);
  let response: Response;
  try {
    response = await fetchImpl(url);
  } catch (err) {
    throw new DataError(`${entry.id}: could not download ${url} (${(err as Error).message}); if offline, copy ${basename(entry.file)} into the cache or set the directory variable (${DOCS_HINT})`);
  }
  if (!response.ok || response.body === null) {
    throw new DataError(`${entry.id}: downloading ${url} failed with HTTP ${response.status} ${response.statusText}; ${DOCS_HINT}`);
  }
  const header = Number(response.headers.get("content-length"));
  const totalBytes = Number.isFinite(header) && header > 0 ? header : entry.size;
  await mkdir(dirname(target), { recursive: true });
  const temp = join(dirname(target), `.${basename(target)}.download-${process.pid}-${randomBytes(4).toString("hex")}`);
  const hash = createHash("sha256");
  let receivedBytes = 0;
  try {
    const handle = await open(temp, "w");
    try {
      for await (const chunk of response.body) {
        hash.update(chunk);
        await handle.write(chunk);
        receivedBytes += chunk.byteLength;
        onProgress?.({ id: entry.id, url, receivedBytes, totalBytes, done: false });
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    onProgress?.({ id: entry.id, url, receivedBytes, totalBytes, done: true });
    const sha256 = hash.digest("hex");
    if (receivedBytes !== entry.size || sha256 !== entry.sha256) {
      throw new DataError(
        `${entry.id}: the file downloaded from ${url} does not match the registry (${receivedBytes} bytes, sha256 ${sha256}; expected ${entry.size} bytes, sha256 ${entry.sha256}); nothing was saved`,
      );
    }
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    if (err instanceof DataError) throw err;
    throw new DataError(`${entry.id}: download of ${url} was interrupted (${(err as Error).message}); ${DOCS_HINT}`);
  }
}
