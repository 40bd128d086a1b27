/**
 * A structure's prediction does not depend on the batch it is in (its position, its neighbours):
 * what lets validation run at another batch size than training, and workers split batches freely.
 * Checked bit for bit for ParAIsite (head 450 → 350 → 350 → 1: column tails in the matmul blocking)
 * on wasm with the plain and the fused (FMA) kernels, and on cpu.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setWasmFusedMultiplyAdd } from "../../src/backend/wasm-kernels/kernels.js";
import { datasetGraphs, loadDataset } from "../../src/data/index.js";
import { batchGraphs } from "../../src/graph/batch.js";
import type { CrystalGraph } from "../../src/graph/types.js";
import { megnetDefaultConfig } from "../../src/models/config.js";
import { ParAIsite } from "../../src/models/paraisite.js";
import { dataDir } from "../helpers/paths.js";
import { useBackend } from "./helpers.js";

const config = megnetDefaultConfig({ cutoff: 4, centers: Array.from({ length: 100 }, (_, k) => (5 * k) / 99), width: 0.5 }, 3);
let graphs: readonly CrystalGraph[] = [];
let model: ParAIsite;

beforeAll(async () => {
  const ds = await loadDataset("togo15", { dataDir: dataDir(), cutoff: 4, limit: 11 });
  graphs = datasetGraphs(ds, 4);
});
afterAll(() => {
  model?.dispose();
  setWasmFusedMultiplyAdd(true);
});

function check(): void {
  const alone = graphs.map((g) => model.predictNormalized(batchGraphs([g]))[0]);
  const together = model.predictNormalized(batchGraphs([...graphs]));
  const reversed = model.predictNormalized(batchGraphs([...graphs].reverse())).reverse();
  expect(Array.from(together)).toEqual(alone);
  expect(Array.from(reversed)).toEqual(alone);
}

describe("predictions do not depend on the batch", () => {
  for (const variant of ["wasm + FMA", "wasm plain", "cpu"] as const) {
    it(variant, async () => {
      await useBackend(variant === "cpu" ? "cpu" : "wasm");
      setWasmFusedMultiplyAdd(variant === "wasm + FMA");
      model?.dispose();
      model = new ParAIsite({ trunk: config, seed: 5 });
      expect(graphs.length).toBe(11);
      check();
    });
  }
});
