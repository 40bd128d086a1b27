/**
 * Downloads through an injected fetch (no network in tests): verified, atomic, once, offline
 * errors. `bundled: false` hides the package's own copy, as for a file the package does not ship.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DataError } from "../../src/core/errors.js";
import { type DownloadProgress, type FetchLike, knownFile, resolveKnownFile, resolveWeights } from "../../src/registry/index.js";
import { weightsDir } from "../helpers/paths.js";

const tmp = mkdtempSync(join(tmpdir(), "paraisite-download-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let counter = 0;
const freshCache = (): string => join(tmp, `cache-${counter++}`);

const ID = "megnet/mp-2018.6.1/formation_energy";
const entry = knownFile(ID)!;
const sidecar = knownFile(`${ID}.sidecar`)!;
const served = new Map([
  [entry.url!, readFileSync(resolve(weightsDir(), entry.file))],
  [sidecar.url!, readFileSync(resolve(weightsDir(), sidecar.file))],
]);

/** A fetch serving the reference bytes in 64 kB chunks, optionally altered; records requested URLs. */
function fakeFetch(alter?: (bytes: Buffer) => Buffer): { fetch: FetchLike; calls: string[] } {
  const calls: string[] = [];
  const fetch: FetchLike = async (url) => {
    calls.push(url);
    const original = served.get(url);
    if (original === undefined) return new Response("not found", { status: 404, statusText: "Not Found" });
    const bytes = alter ? alter(Buffer.from(original)) : original;
    let offset = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (offset >= bytes.length) return controller.close();
        controller.enqueue(new Uint8Array(bytes.subarray(offset, offset + 65536)));
        offset += 65536;
      },
    });
    return new Response(body, { headers: { "content-length": String(bytes.length) } });
  };
  return { fetch, calls };
}

async function dataError(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DataError);
  return (err as Error).message;
}

describe("downloading registered weights into the cache", () => {
  it("downloads once, verifies, reports progress, then serves from the cache", async () => {
    const cacheDir = freshCache();
    const { fetch, calls } = fakeFetch();
    const progress: DownloadProgress[] = [];
    const first = await resolveWeights(ID, { env: {}, bundled: false, cacheDir, fetch, onProgress: (p) => progress.push(p) });
    expect(first).toMatchObject({ source: "download", verified: true, path: join(cacheDir, "weights", entry.file) });
    expect(first.sidecar).toMatchObject({ source: "download", path: join(cacheDir, "weights", sidecar.file) });
    expect(readFileSync(first.path).equals(served.get(entry.url!)!)).toBe(true);
    expect(calls).toEqual([entry.url, sidecar.url]);
    const modelProgress = progress.filter((p) => p.id === ID);
    expect(modelProgress.length).toBeGreaterThan(10);
    expect(modelProgress.at(-1)).toEqual({ id: ID, url: entry.url, receivedBytes: 820992, totalBytes: 820992, done: true });
    const again = await resolveWeights(ID, { env: {}, bundled: false, cacheDir, fetch });
    expect(again.source).toBe("cache");
    expect(calls).toHaveLength(2);
    expect(readdirSync(dirname(first.path)).sort()).toEqual(["formation_energy.hdf5", "formation_energy.hdf5.json"]);
  });

  it("concurrent resolutions share one download", async () => {
    const cacheDir = freshCache();
    const { fetch, calls } = fakeFetch();
    const results = await Promise.all([1, 2, 3].map(() => resolveKnownFile(ID, { env: {}, bundled: false, cacheDir, fetch, onProgress: () => {} })));
    expect(results.map((r) => r.path)).toEqual(new Array(3).fill(join(cacheDir, "weights", entry.file)));
    expect(calls).toEqual([entry.url]);
  });

  it("corrupted bytes are rejected and nothing is left in the cache", async () => {
    const cacheDir = freshCache();
    const { fetch } = fakeFetch((b) => {
      b[500_000] ^= 0xff;
      return b;
    });
    const message = await dataError(resolveKnownFile(ID, { env: {}, bundled: false, cacheDir, fetch, onProgress: () => {} }));
    expect(message).toContain(`weights '${ID}' (${entry.file}) not found. Looked in:`);
    expect(message).toContain(`the file downloaded from ${entry.url} does not match the registry (820992 bytes, sha256 `);
    expect(message).toContain(`expected 820992 bytes, sha256 ${entry.sha256}); nothing was saved`);
    expect(readdirSync(join(cacheDir, "weights", "megnet", "mp-2018.6.1"))).toEqual([]);
    const short = fakeFetch((b) => b.subarray(0, 1000));
    expect(await dataError(resolveKnownFile(ID, { env: {}, bundled: false, cacheDir, fetch: short.fetch, onProgress: () => {} }))).toContain("(1000 bytes, sha256");
  });

  it("offline, HTTP errors and download: false give the clear not-found error", async () => {
    const offline: FetchLike = async () => {
      throw new TypeError("fetch failed");
    };
    const cacheDir = freshCache();
    const message = await dataError(resolveKnownFile(ID, { env: {}, bundled: false, cacheDir, fetch: offline }));
    expect(message).toContain(`could not download ${entry.url} (fetch failed)`);
    expect(message).toContain(`[user cache]`);
    expect(message).toContain(`To fix: reinstall paraisite (its package ships weights/${entry.file}), or download ${entry.url}; place it as <dir>/${entry.file} and set PARAISITE_WEIGHTS_DIR=<dir>`);
    const http404: FetchLike = async () => new Response("gone", { status: 404, statusText: "Not Found" });
    expect(await dataError(resolveKnownFile(ID, { env: {}, bundled: false, cacheDir, fetch: http404 }))).toContain("failed with HTTP 404 Not Found");
    const { fetch, calls } = fakeFetch();
    expect(await dataError(resolveKnownFile(ID, { env: {}, bundled: false, cacheDir, fetch, download: false }))).toContain("not found. Looked in:");
    expect(calls).toEqual([]);
    expect(existsSync(join(cacheDir, "weights", entry.file))).toBe(false);
  });

  it("a damaged cache copy of a downloadable file is replaced", async () => {
    const cacheDir = freshCache();
    const { fetch, calls } = fakeFetch();
    await resolveKnownFile(ID, { env: {}, bundled: false, cacheDir, fetch, onProgress: () => {} });
    const path = join(cacheDir, "weights", entry.file);
    writeFileSync(path, "broken");
    const r = await resolveKnownFile(ID, { env: {}, bundled: false, cacheDir, fetch, onProgress: () => {} });
    expect(r.source).toBe("download");
    expect(readFileSync(path).length).toBe(820992);
    expect(calls).toHaveLength(2);
  });
});
