/**
 * Data-parallel training: part sizes and the weighted combination, the gradient of a batch split
 * between this thread and a worker (equal to the one-thread gradient within float32 rounding),
 * and whole training runs with a helper: the same bits twice, close to one-thread training.
 */
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { datasetGraphs, datasetTargets, fitKappaTransform, loadDataset } from "../../src/data/index.js";
import { batchGraphs } from "../../src/graph/batch.js";
import type { CrystalGraph } from "../../src/graph/types.js";
import { megnetDefaultConfig } from "../../src/models/config.js";
import { type MEGNetInputs, prepareInputs } from "../../src/models/inputs.js";
import { ParAIsite } from "../../src/models/paraisite.js";
import { columnModelAsTrainable } from "../../src/train/adapt.js";
import { combineGradients, partSizes } from "../../src/train/data-parallel.js";
import { GradientPool } from "../../src/train/gradient-pool.js";
import { makeLoss } from "../../src/train/losses.js";
import { train } from "../../src/train/trainer.js";
import { useBackend } from "../models/helpers.js";
import { dataDir } from "../helpers/paths.js";

const config = megnetDefaultConfig({ cutoff: 4, centers: Array.from({ length: 100 }, (_, k) => (5 * k) / 99), width: 0.5 }, 2);
let graphs: readonly CrystalGraph[] = [];
let kappa: Float64Array;
let transform: ReturnType<typeof fitKappaTransform>;
let pool: GradientPool;
const models: ParAIsite[] = [];

beforeAll(async () => {
  await useBackend("wasm");
  const ds = await loadDataset("togo15", { dataDir: dataDir(), cutoff: 4, limit: 24 });
  graphs = datasetGraphs(ds, 4);
  kappa = Float64Array.from(datasetTargets(ds));
  transform = fitKappaTransform(kappa);
  const shape = new ParAIsite({ trunk: config, headUnits: [32, 16, 1], seed: 1, targetTransform: transform });
  models.push(shape);
  pool = await GradientPool.start(shape, graphs, { helpers: 1 });
}, 120_000);
afterAll(async () => {
  await pool?.dispose();
  for (const m of models) m.dispose();
});

const makeBatch = (indices: Int32Array): MEGNetInputs => prepareInputs(batchGraphs(Array.from(indices, (i) => graphs[i])), config);

describe("part sizes and combination", () => {
  it("splits contiguously, larger parts first, never into empty parts", () => {
    expect(partSizes(8, 2)).toEqual([4, 4]);
    expect(partSizes(7, 2)).toEqual([4, 3]);
    expect(partSizes(7, 3)).toEqual([3, 2, 2]);
    expect(partSizes(1, 2)).toEqual([1]);
    expect(partSizes(5, 1)).toEqual([5]);
  });
  it("weights each part's mean gradient by its share of the batch", () => {
    const out = combineGradients([[Float32Array.of(1, 2)], [Float32Array.of(4, 8)]], [3, 1]);
    expect(Array.from(out[0])).toEqual([1.75, 3.5]);
  });
});

describe("GradientPool", () => {
  it("the batch gradient from this thread + one worker equals the one-thread gradient", async () => {
    const model = new ParAIsite({ trunk: config, headUnits: [32, 16, 1], seed: 4, targetTransform: transform });
    models.push(model);
    const trainable = columnModelAsTrainable<MEGNetInputs>(model, transform);
    const variables = trainable.trainableVariables;
    const loss = makeLoss("mape", transform);
    const indices = Int32Array.of(3, 9, 0, 14, 21, 7, 11, 5);
    const targets = Float64Array.from(indices, (i) => kappa[i]);
    const whole = tf.tidy(() => {
      const batch = makeBatch(indices);
      const { value, grads } = tf.variableGrads(() => loss(trainable.forward(batch, { training: true }), targets), [...variables]);
      return { loss: value.dataSync()[0], grads: variables.map((v) => Float32Array.from(grads[v.name].dataSync())) };
    });
    const first = tf.tidy(() => {
      const batch = makeBatch(indices.subarray(0, 4));
      const { value, grads } = tf.variableGrads(() => loss(trainable.forward(batch, { training: true }), targets.subarray(0, 4)), [...variables]);
      return { loss: value.dataSync()[0], grads: variables.map((v) => Float32Array.from(grads[v.name].dataSync())) };
    });
    const second = await pool.helpers[0].gradients(indices.subarray(4), targets.subarray(4), variables, {
      kind: "mape",
      transform: transform.toJSON(),
      epsilon: 1.17e-6,
    });
    expect((first.loss + second.loss) / 2).toBeCloseTo(whole.loss, 6);
    const combined = combineGradients([first.grads, second.gradients], [4, 4]);
    let worst = 0;
    combined.forEach((g, v) => {
      const ref = whole.grads[v];
      const scale = Math.max(...Array.from(ref, Math.abs), 1e-12);
      for (let k = 0; k < g.length; k++) worst = Math.max(worst, Math.abs(g[k] - ref[k]) / scale);
    });
    expect(worst).toBeLessThan(1e-5);
    expect(worst).toBeGreaterThanOrEqual(0);
  }, 60_000);

  it("training with a helper gives the same bits twice and follows one-thread training closely", async () => {
    const run = async (helpers: boolean) => {
      const model = new ParAIsite({ trunk: config, headUnits: [32, 16, 1], seed: 9, targetTransform: transform });
      models.push(model);
      const result = await train({
        model: columnModelAsTrainable<MEGNetInputs>(model, transform),
        makeBatch,
        targets: kappa,
        trainIndices: Array.from({ length: 19 }, (_, i) => i),
        valIndices: [19, 20, 21, 22, 23],
        config: { epochs: 2, restoreBest: false },
        progress: false,
        helpers: helpers ? pool.helpers : [],
      });
      return { history: result.history, weights: [...model.getWeights().values()].flatMap((w) => Array.from(w.data)) };
    };
    const a = await run(true);
    const b = await run(true);
    const single = await run(false);
    expect(b.weights).toEqual(a.weights);
    expect(b.history.map((r) => r.trainLoss)).toEqual(a.history.map((r) => r.trainLoss));
    for (let e = 0; e < 2; e++) {
      expect(a.history[e].trainLoss).toBeCloseTo(single.history[e].trainLoss, 4);
      expect(a.history[e].valLoss).toBeCloseTo(single.history[e].valLoss, 4);
    }
  }, 120_000);
});
