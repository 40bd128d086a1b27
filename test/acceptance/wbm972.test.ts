import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { selectBackend } from "../../src/backend/select.js";
import { builtinDataset, datasetGraphs, loadDataset } from "../../src/data/index.js";
import { batchGraphs } from "../../src/graph/batch.js";
import { MEGNet } from "../../src/models/megnet.js";
import { loadPretrainedMEGNet } from "../../src/registry/pretrained.js";
import { fixturesDir, subsetFile, weightsDir } from "../helpers/paths.js";

const pins = JSON.parse(readFileSync(join(fixturesDir(), "acceptance/wbm972-eform.json"), "utf8")) as {
  predictions: [string, number][];
};

describe.each(["wasm", "cpu"] as const)("pretrained formation-energy MEGNet on WBM-972 (%s)", (backend) => {
  it("reproduces the pinned predictions of the first 24 structures and a plausible MAE", async () => {
    await selectBackend({ backend });
    const imported = await loadPretrainedMEGNet("megnet/mp-2018.6.1/formation_energy", { weightsDir: weightsDir() });
    const model = MEGNet.fromWeights(imported.config, imported.weights);
    try {
      // the first records of WBM-972, committed as a subset (the whole set: bench/megnet-wbm.ts)
      const subset = { ...builtinDataset("wbm-972")!, path: subsetFile("wbm972_eform_mp2020.subset27.jsonl.gz") };
      const dataset = await loadDataset(subset, { limit: pins.predictions.length });
      const predicted = model.predict(batchGraphs(datasetGraphs(dataset, imported.config.graph.cutoff)));
      expect(dataset.records.map((r) => r.id)).toEqual(pins.predictions.map(([id]) => id));
      pins.predictions.forEach(([, value], i) => {
        expect(predicted[i]).toBeCloseTo(value, 5);
      });
      // not MP structures and MP2020-corrected labels: 0.05–0.15 eV/atom is what a correct import gives
      const mae = dataset.records.reduce((s, r, i) => s + Math.abs(predicted[i] - (r.target as number)), 0) / dataset.records.length;
      expect(mae).toBeGreaterThan(0.05);
      expect(mae).toBeLessThan(0.15);
    } finally {
      model.dispose();
    }
  });
});
