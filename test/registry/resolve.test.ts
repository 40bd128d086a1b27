import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DataError } from "../../src/core/errors.js";
import {
  candidateLocations,
  clearChecksumCache,
  defaultCacheDir,
  knownFile,
  loadPretrainedMEGNet,
  locateKnownFile,
  type ResolveOptions,
  resolveDataset,
  resolveWeights,
  verifySha256,
} from "../../src/registry/index.js";
import { dataDir, repoRoot, weightsDir } from "../helpers/paths.js";

const tmp = mkdtempSync(join(tmpdir(), "paraisite-registry-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let counter = 0;
const freshDir = (name: string): string => {
  const dir = join(tmp, `${name}-${counter++}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};
const TOGO = "togo15_paraisite_dataset1.jsonl";
const copyTogo = (dir: string): string => {
  copyFileSync(resolve(dataDir(), TOGO), join(dir, TOGO));
  return join(dir, TOGO);
};
/** Options isolated from the real environment, the cache and the files the package carries. */
const isolated = (extra: ResolveOptions = {}): ResolveOptions => ({ env: {}, cacheDir: freshDir("cache"), bundled: false, ...extra });

async function dataError(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DataError);
  return (err as Error).message;
}

describe("resolveDataset: search order and errors", () => {
  it("explicit path, then dataDir, then $PARAISITE_DATA_DIR, then the package, then the cache", async () => {
    const [a, b, c, cache] = ["a", "b", "c", "cache"].map(freshDir);
    const paths = [a, b, c].map(copyTogo);
    mkdirSync(join(cache, "data"));
    copyTogo(join(cache, "data"));
    const env = { PARAISITE_DATA_DIR: c };
    expect(await resolveDataset("togo15", { path: paths[0], dataDir: b, env, cacheDir: cache })).toMatchObject({ path: paths[0], source: "path", verified: true });
    expect(await resolveDataset("togo15", { dataDir: b, env, cacheDir: cache })).toMatchObject({ path: paths[1], source: "dir" });
    expect(await resolveDataset("togo15", { env, cacheDir: cache })).toMatchObject({ path: paths[2], source: "env" });
    expect(await resolveDataset("togo15", { env: {}, cacheDir: cache })).toMatchObject({ path: resolve(repoRoot, "data", TOGO), source: "package", verified: true });
    expect(await resolveDataset("togo15", { env: {}, cacheDir: cache, bundled: false })).toMatchObject({ path: join(cache, "data", TOGO), source: "cache" });
    expect(await resolveDataset("togo15", { env: { PARAISITE_CACHE_DIR: cache }, bundled: false })).toMatchObject({ source: "cache" });
    expect((await resolveDataset("phonondb-pbe-103", { env: { PARAISITE_DATA_DIR: dataDir() } })).entry.id).toBe("phonondb-pbe103");
  });

  it("a missing dataset names the file, every place looked and how to obtain it", async () => {
    const opts = isolated({ dataDir: join(tmp, "nowhere") });
    const message = await dataError(resolveDataset("hh143", opts));
    expect(message).toContain("dataset 'hh143' (paraisite_dataset2_hh143.jsonl) not found. Looked in:");
    expect(message).toContain(`${join(tmp, "nowhere", "paraisite_dataset2_hh143.jsonl")} [dataDir option]`);
    expect(message).toContain("(not set) [$PARAISITE_DATA_DIR]");
    expect(message).toContain(`${join(opts.cacheDir!, "data", "paraisite_dataset2_hh143.jsonl")} [user cache]`);
    expect(message).toContain("liudakl/ParAIsite @ cc0c1ff578cbed186ba930784db2909b0066a80e, main/src/structures_scalers/Dataset2.pkl");
    expect(message).toContain("set PARAISITE_DATA_DIR=<dir>");
    expect(message).toContain("To fix: reinstall paraisite (its package ships data/paraisite_dataset2_hh143.jsonl), or obtain it from:");
    expect(message).toContain("See docs/data-directory.md.");
    // A file the project does not carry is never looked for in the package folder.
    const scan = await dataError(resolveDataset("mp-scan", { env: {}, cacheDir: freshDir("cache") }));
    expect(scan).not.toContain("paraisite package");
    expect(scan).toContain("To fix: obtain it from: liudakl/ParAIsite");
    expect(await dataError(resolveDataset("togo15", isolated({ path: join(tmp, "missing.jsonl") })))).toContain(`${join(tmp, "missing.jsonl")} [explicit path]`);
  });

  it("unknown ids and category mix-ups list the known ids", async () => {
    expect(await dataError(resolveDataset("togo16", isolated()))).toMatch(/unknown dataset id 'togo16'; known ids: togo15, phonondb-pbe103, hh143/);
    expect(await dataError(resolveDataset("megnet/mp-2018.6.1/formation_energy", isolated()))).toContain("unknown dataset id");
    expect(await dataError(resolveWeights("togo15", isolated()))).toMatch(/unknown weights id 'togo15'; known ids: megnet\/mp-2018\.6\.1\/band_classification/);
  });

  it("a corrupt file (same size or different size) is a DataError, not silently skipped", async () => {
    const dir = freshDir("corrupt");
    const path = copyTogo(dir);
    const bytes = readFileSync(path);
    bytes[100] ^= 0x20;
    writeFileSync(path, bytes);
    const message = await dataError(resolveDataset("togo15", isolated({ env: { PARAISITE_DATA_DIR: dir } })));
    expect(message).toContain(`dataset 'togo15' at ${path} [$PARAISITE_DATA_DIR] is corrupt or a different version (sha256 `);
    expect(message).toContain("expected eccd0d4007db5e0f3648faf542433a0aaa2c71e3d2c12cdce3aa4b9bebb5da59");
    writeFileSync(path, bytes.subarray(0, 1000));
    expect(await dataError(resolveDataset("togo15", isolated({ dataDir: dir })))).toContain("(size 1000 bytes, expected 103817)");
    expect(await resolveDataset("togo15", isolated({ dataDir: dir, verify: false }))).toMatchObject({ path, verified: false });
  });

  it("verifies lazily once per process, re-hashing only when size or mtime change", async () => {
    const dir = freshDir("once");
    const path = copyTogo(dir);
    const expected = knownFile("togo15")!.sha256;
    const mtime = 1_700_000_000; // whole seconds survive utimes exactly
    utimesSync(path, mtime, mtime);
    expect(await verifySha256(path, expected)).toBe(true);
    // Same size and mtime: the cached hash is reused (this is what makes repeated reads cheap).
    const bytes = readFileSync(path);
    bytes[0] ^= 1;
    writeFileSync(path, bytes);
    utimesSync(path, mtime, mtime);
    expect(await verifySha256(path, expected)).toBe(true);
    clearChecksumCache();
    expect(await verifySha256(path, expected)).toBe(false);
    bytes[0] ^= 1;
    writeFileSync(path, bytes);
    expect(await verifySha256(path, expected.toUpperCase())).toBe(true);
  });

  it("locateKnownFile reports where a file is without verifying or downloading", () => {
    const cacheDir = freshDir("cache");
    expect(locateKnownFile("togo15", { env: { PARAISITE_DATA_DIR: dataDir() }, cacheDir })).toEqual({ path: resolve(dataDir(), TOGO), source: "env" });
    const sidecar = resolve(weightsDir(), "megnet/mp-2018.6.1/log10K.hdf5.json");
    expect(locateKnownFile("megnet/mp-2018.6.1/log10K.sidecar", { env: {}, cacheDir })).toEqual({ path: sidecar, source: "package" });
    expect(locateKnownFile("megnet/mp-2018.6.1/log10K.sidecar", { env: {}, cacheDir, bundled: false })).toBeUndefined();
    expect(locateKnownFile("wbm972", { env: {}, cacheDir })).toBeUndefined();
    expect(() => locateKnownFile("nope", { env: {}, cacheDir })).toThrow(DataError);
  });

  it("cache directory from PARAISITE_CACHE_DIR, XDG_CACHE_HOME or ~/.cache", () => {
    expect(defaultCacheDir({ PARAISITE_CACHE_DIR: "/x/c", XDG_CACHE_HOME: "/x/xdg" })).toBe("/x/c");
    expect(defaultCacheDir({ XDG_CACHE_HOME: "/x/xdg" })).toBe("/x/xdg/paraisite");
    expect(defaultCacheDir({})).toMatch(/\.cache\/paraisite$/);
    const locations = candidateLocations(knownFile("megnet/mp-2018.6.1/log10K")!, { env: { PARAISITE_WEIGHTS_DIR: "/w" }, cacheDir: "/c" });
    expect(locations.map((l) => [l.path, l.label])).toEqual([
      [undefined, "weightsDir option"],
      ["/w/megnet/mp-2018.6.1/log10K.hdf5", "$PARAISITE_WEIGHTS_DIR"],
      [resolve(repoRoot, "weights/megnet/mp-2018.6.1/log10K.hdf5"), "paraisite git clone"],
      ["/c/weights/megnet/mp-2018.6.1/log10K.hdf5", "user cache"],
    ]);
    const togo = candidateLocations(knownFile("togo15")!, { env: {}, cacheDir: "/c" });
    expect(togo.map((l) => l.label)).toEqual(["dataDir option", "$PARAISITE_DATA_DIR", "paraisite package", "user cache"]);
    expect(candidateLocations(knownFile("wbm972")!, { env: {}, cacheDir: "/c", dataDir: "/d" }).map((l) => l.source)).toEqual(["dir", "env", "cache"]);
  });
});

describe("resolveWeights", () => {
  it("finds model and sidecar in $PARAISITE_WEIGHTS_DIR (megnet/<release>/ layout) and loads the model", async () => {
    const env = { PARAISITE_WEIGHTS_DIR: weightsDir() };
    const r = await resolveWeights("megnet/mp-2018.6.1/formation_energy", isolated({ env }));
    expect(r.path).toBe(resolve(weightsDir(), "megnet/mp-2018.6.1/formation_energy.hdf5"));
    expect(r.sidecar.path).toBe(`${r.path}.json`);
    expect(r).toMatchObject({ source: "env", verified: true, sidecar: { source: "env", verified: true } });
    const model = await loadPretrainedMEGNet("megnet/mp-2019.4.1/formation_energy", isolated({ env }));
    expect(model.config.set2set.steps).toBe(2);
    expect(model.config.graph.cutoff).toBe(5);
  });

  it("with no variable set, finds the shipped model and the clone's zoo in the package folder, without downloading", async () => {
    const opts = { env: {}, cacheDir: freshDir("cache"), download: false };
    const fe = await resolveWeights("megnet/mp-2018.6.1/formation_energy", opts);
    expect(fe).toMatchObject({ path: resolve(repoRoot, "weights/megnet/mp-2018.6.1/formation_energy.hdf5"), source: "package", verified: true });
    expect(fe.sidecar).toMatchObject({ path: `${fe.path}.json`, source: "package", verified: true });
    const efermi = await resolveWeights("megnet/mp-2019.4.1/efermi", opts);
    expect(efermi).toMatchObject({ source: "package", sidecar: { source: "package" } });
    expect(efermi.entry.bundled).toBe("repository");
  });

  it("with an explicit path the sidecar is <path>.json", async () => {
    const dir = freshDir("explicit");
    const source = resolve(weightsDir(), "megnet/mp-2018.6.1/log10G.hdf5");
    copyFileSync(source, join(dir, "m.hdf5"));
    const message = await dataError(resolveWeights("megnet/mp-2018.6.1/log10G", isolated({ path: join(dir, "m.hdf5") })));
    expect(message).toContain(`weights 'megnet/mp-2018.6.1/log10G.sidecar' (megnet/mp-2018.6.1/log10G.hdf5.json) not found. Looked in:\n  - ${join(dir, "m.hdf5.json")} [explicit path]`);
    copyFileSync(`${source}.json`, join(dir, "m.hdf5.json"));
    expect((await resolveWeights("megnet/mp-2018.6.1/log10G", isolated({ path: join(dir, "m.hdf5") }))).sidecar.path).toBe(join(dir, "m.hdf5.json"));
  });
});
