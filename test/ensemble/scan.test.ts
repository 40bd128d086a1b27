import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../src/backend/select.js";
import { Compose, Log10Plus1, Standardize } from "../../src/core/target-transform.js";
import { KappaEnsemble, findModelDirectories } from "../../src/ensemble/ensemble.js";
import { mergeScanOutputs } from "../../src/ensemble/merge.js";
import { scanStructures } from "../../src/ensemble/scan.js";
import { randomTrunkConfig } from "../../src/experiment/init.js";
import { saveModel } from "../../src/weights/model-io.js";
import { buildCrystalGraph } from "../../src/graph/build.js";
import { batchGraphs } from "../../src/graph/batch.js";
import { readStructureFile } from "../../src/io/read-file.js";
import { ParAIsite } from "../../src/models/paraisite.js";
import { repoRoot } from "../helpers/paths.js";

const examples = join(repoRoot, "examples/structures");
const N_MODELS = 3;
let modelsDir = "";

function readRows(path: string): string[][] {
  return readFileSync(path, "utf8").trim().split("\n").map((l) => l.split(","));
}

beforeAll(async () => {
  await selectBackend({ backend: "cpu" });
  modelsDir = mkdtempSync(join(tmpdir(), "paraisite-ensemble-"));
  const transform = new Compose([Log10Plus1, new Standardize(1.44, 0.754)]);
  for (let r = 1; r <= N_MODELS; r++) {
    // small heads keep the test fast; the ensemble does not care about sizes
    const model = new ParAIsite({ trunk: randomTrunkConfig("standard"), headUnits: [8, 1], seed: r, targetTransform: transform });
    await saveModel(join(modelsDir, `run${r}`, "model"), model, { extra: { run: r } });
    model.dispose();
  }
});

describe("KappaEnsemble", () => {
  it("finds run directories in natural order and predicts each model's κ with mean and sample std", async () => {
    expect(findModelDirectories(modelsDir).map((d) => d.slice(modelsDir.length))).toEqual(["/run1/model", "/run2/model", "/run3/model"]);
    const ensemble = await KappaEnsemble.load(modelsDir);
    try {
      expect(ensemble.size).toBe(N_MODELS);
      expect(ensemble.cutoff).toBe(4);
      const nacl = readStructureFile(join(examples, "NaCl.cif"));
      const [result] = ensemble.predictStructures([nacl]);
      if (!result.ok) throw result.error;
      const graph = buildCrystalGraph(nacl, { cutoff: 4 });
      const single = ensemble.models.map((m) => m.predict(batchGraphs([graph]))[0]);
      single.forEach((v, i) => {
        expect(result.prediction.values[i]).toBeCloseTo(v, 9);
      });
      const mean = single.reduce((a, b) => a + b, 0) / N_MODELS;
      const variance = single.reduce((a, b) => a + (b - mean) ** 2, 0) / (N_MODELS - 1);
      expect(result.prediction.mean).toBeCloseTo(mean, 9);
      expect(result.prediction.variance).toBeCloseTo(variance, 9);
    } finally {
      ensemble.dispose();
    }
  });
});

describe("scanStructures", () => {
  it("streams a folder, records failures, resumes, shards and merges", async () => {
    const ensemble = await KappaEnsemble.load(modelsDir);
    const work = mkdtempSync(join(tmpdir(), "paraisite-scan-"));
    try {
      // a JSONL input with one good structure, one broken CIF and one structure without edges at 4 Å
      const nacl = readFileSync(join(examples, "NaCl.cif"), "utf8");
      const lonely = "data_x\n_cell_length_a 20\n_cell_length_b 20\n_cell_length_c 20\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\nloop_\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nAr 0 0 0\n";
      const jsonl = join(work, "in.jsonl");
      writeFileSync(
        jsonl,
        [
          { id: "nacl", cif: nacl },
          { id: "broken", cif: "data_b\n_cell_length_a 1\n" },
          { id: "lonely", cif: lonely },
        ]
          .map((r) => JSON.stringify(r))
          .join("\n"),
      );
      const out = join(work, "out.csv");
      const first = await scanStructures(ensemble, { input: jsonl, out });
      expect(first.done).toBe(1);
      expect(first.failed).toBe(2);
      const rows = readRows(out);
      expect(rows[0]).toEqual(["id", "formula", "nsites", "kappa_run1", "kappa_run2", "kappa_run3", "kappa_mean", "kappa_std", "kappa_variance"]);
      expect(rows[1].slice(0, 3)).toEqual(["nacl", "NaCl", "8"]);
      const failures = readFileSync(join(work, "out.failures.csv"), "utf8");
      expect(failures).toMatch(/broken/);
      expect(failures).toMatch(/lonely/);

      const again = await scanStructures(ensemble, { input: jsonl, out, resume: true });
      expect(again.done + again.failed).toBe(0);
      expect(readRows(out)).toHaveLength(2);

      // two shards of the examples folder cover it exactly once; merge joins them
      const shardOuts = [0, 1].map((i) => join(work, `shard${i}.csv`));
      let total = 0;
      for (const [i, path] of shardOuts.entries()) {
        const s = await scanStructures(ensemble, { input: examples, out: path, shard: { index: i, count: 2 } });
        total += s.done + s.failed;
      }
      expect(total).toBe(6);
      const merged = join(work, "merged.csv");
      const summary = await mergeScanOutputs(merged, [...shardOuts, shardOuts[0]]);
      expect(summary.rows).toBe(6);
      expect(summary.duplicates).toBe(readRows(shardOuts[0]).length - 1);
      const ids = readRows(merged).slice(1).map((r) => r[0]).sort();
      expect(ids).toEqual(["GaAs.cif", "MgO.POSCAR", "NaCl.cif", "PbTe.cif", "Si.cif", "ZnO.cif"]);
    } finally {
      ensemble.dispose();
    }
  });
});
