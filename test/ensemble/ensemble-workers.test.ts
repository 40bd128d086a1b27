/** KappaEnsemble with worker threads: the same predictions bit for bit as on the calling thread. */
import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../src/backend/select.js";
import { Compose, Log10Plus1, Standardize } from "../../src/core/target-transform.js";
import { KappaEnsemble } from "../../src/ensemble/ensemble.js";
import { randomTrunkConfig } from "../../src/experiment/init.js";
import { saveModel } from "../../src/weights/model-io.js";
import { buildCrystalGraph } from "../../src/graph/build.js";
import { readStructureFile } from "../../src/io/read-file.js";
import { Lattice } from "../../src/structure/lattice.js";
import { Structure } from "../../src/structure/structure.js";
import { ParAIsite } from "../../src/models/paraisite.js";
import { repoRoot } from "../helpers/paths.js";

let modelsDir = "";
const examples = join(repoRoot, "examples/structures");
const structures = readdirSync(examples)
  .sort()
  .map((name) => readStructureFile(join(examples, name)));

beforeAll(async () => {
  await selectBackend({ backend: "wasm" });
  modelsDir = mkdtempSync(join(tmpdir(), "paraisite-ensemble-workers-"));
  const transform = new Compose([Log10Plus1, new Standardize(1.44, 0.754)]);
  for (let r = 1; r <= 3; r++) {
    const model = new ParAIsite({ trunk: randomTrunkConfig("standard"), headUnits: [8, 1], seed: r, targetTransform: transform });
    await saveModel(join(modelsDir, `run${r}`, "model"), model, { extra: { run: r } });
    model.dispose();
  }
});

describe("KappaEnsemble with workers", () => {
  it("defaults to the calling thread and rejects a bad worker count", async () => {
    const single = await KappaEnsemble.load(modelsDir);
    expect(single.workers).toBe(1);
    single.dispose();
    await expect(KappaEnsemble.load(modelsDir, { workers: 0 })).rejects.toThrow(/workers/);
  });

  it("predicts graphs and structures on two workers bit for bit as on one thread", async () => {
    const single = await KappaEnsemble.load(modelsDir);
    const parallel = await KappaEnsemble.load(modelsDir, { workers: 2 });
    try {
      expect(parallel.workers).toBe(2);
      // a lone atom in a 30 Å cell has no edge: its error is kept in place
      const lonely = Structure.fromSpecies(Lattice.fromParameters(30, 30, 30, 90, 90, 90), ["Si"], [[0, 0, 0]]);
      const inputs = [...structures, lonely, ...structures];
      const expected = single.predictStructures(inputs, 2);
      const got = await parallel.predictStructuresAsync(inputs, 2);
      expect(got.map((r) => r.ok)).toEqual(expected.map((r) => r.ok));
      expect(got).toEqual(expected);
      const graphs = structures.map((s) => buildCrystalGraph(s, { cutoff: single.cutoff, isolatedAtoms: "ignore" }));
      expect(await parallel.predictGraphsAsync(graphs, 4)).toEqual(single.predictGraphs(graphs, 4));
      expect(await single.predictGraphsAsync(graphs, 4)).toEqual(single.predictGraphs(graphs, 4));
    } finally {
      single.dispose();
      parallel.dispose();
    }
  }, 60_000);
});
