import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  clearGraphCache,
  datasetGraphs,
  decodeGraphEntries,
  encodeGraphEntries,
  type GraphEntry,
  graphFilePath,
  loadDataset,
  readGraphFile,
} from "../../src/data/index.js";
import { dataDir, fixturesDir } from "../helpers/paths.js";

const userSpec = {
  id: "user-csv",
  path: join(fixturesDir(), "data/user-dataset.csv"),
  targetField: "kappa",
  idField: "name",
  structureDir: join(fixturesDir(), "data/cifs"),
  fileField: "file",
};

describe("on-disk graph cache", () => {
  it("round-trips graphs, failures and warnings exactly", async () => {
    const ds = await loadDataset("togo15", { dataDir: dataDir() });
    const graphs = datasetGraphs(ds, 4);
    const entries: GraphEntry[] = [
      ...graphs.slice(0, 5).map((graph) => ({ graph, warnings: [] })),
      { reason: "no edge within the 4 Å cutoff", warnings: ["1 isolated atom(s) — é"] },
    ];
    const buf = encodeGraphEntries(entries, 4, ds.contentHash);
    const back = decodeGraphEntries(buf, 4, ds.contentHash);
    expect(back).toEqual(entries);
    const first = back[0] as { graph: (typeof graphs)[number] };
    expect(first.graph.distances).toBeInstanceOf(Float64Array);
    expect(first.graph.images).toBeInstanceOf(Int32Array);
    expect(first.graph.state).toBeInstanceOf(Float32Array);
    expect(Object.isFrozen(first.graph)).toBe(true);
    expect(() => decodeGraphEntries(buf, 5, ds.contentHash)).toThrow(/another dataset or cutoff/);
    expect(() => decodeGraphEntries(buf, 4, "x")).toThrow(/another dataset or cutoff/);
    expect(() => decodeGraphEntries(buf.subarray(0, buf.length - 3), 4, ds.contentHash)).toThrow(/truncated|missing/);
    expect(() => decodeGraphEntries(Buffer.from("hello world, not a graph"), 4, ds.contentHash)).toThrow(/not a paraisite/);
  });

  it("writes on first load, reads the file in the next process, and rebuilds a damaged one", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "paraisite-graphs-"));
    clearGraphCache();
    const first = await loadDataset(userSpec, { cutoff: 4, graphCacheDir: cacheDir });
    expect(first.records.map((r) => r.id)).toEqual(["nacl", "mgo", "si"]);
    expect(first.skipped.map((s) => s.id)).toEqual(["ghost", "po"]);
    const unfiltered = await loadDataset(userSpec);
    const path = graphFilePath(unfiltered, 4, cacheDir);
    expect(existsSync(path)).toBe(true);
    const stored = readGraphFile(path, 4, unfiltered.contentHash);
    expect(stored?.map((e) => ("graph" in e ? "graph" : e.reason.slice(0, 7)))).toEqual(["graph", "graph", "graph", "no edge"]);

    // Prove the next load reads the file: plant a recognisable (valid) distance in it.
    const planted = stored?.map((e, i) => {
      if (i !== 0 || !("graph" in e)) return e;
      const distances = Float64Array.from(e.graph.distances);
      distances[0] = 123.5;
      return { ...e, graph: { ...e.graph, distances } };
    }) as GraphEntry[];
    writeFileSync(path, encodeGraphEntries(planted, 4, unfiltered.contentHash));
    clearGraphCache();
    const second = await loadDataset(userSpec, { cutoff: 4, graphCacheDir: cacheDir });
    expect(datasetGraphs(second, 4)[0].distances[0]).toBe(123.5);
    expect(second.skipped).toEqual(first.skipped);

    // A damaged file is ignored and replaced by a fresh one.
    writeFileSync(path, readFileSync(path).subarray(0, 100));
    clearGraphCache();
    const third = await loadDataset(userSpec, { cutoff: 4, graphCacheDir: cacheDir });
    expect(datasetGraphs(third, 4)[0].distances[0]).not.toBe(123.5);
    expect(statSync(path).size).toBeGreaterThan(100);
    expect(readGraphFile(path, 4, unfiltered.contentHash)).toHaveLength(4);
  });
});
