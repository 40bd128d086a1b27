/**
 * The trainer on the real MEGNet trunk (src/models, custom-gradient ops) and real data: a few
 * Togo15 structures, 3 epochs, and a crash + resume that must give the same bits.
 */
import "@tensorflow/tfjs-backend-cpu";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { datasetGraphs, datasetTargets, fitKappaTransform, loadDataset } from "../../src/data/index.js";
import { batchGraphs } from "../../src/graph/batch.js";
import type { CrystalGraph } from "../../src/graph/types.js";
import { megnetDefaultConfig } from "../../src/models/config.js";
import { type MEGNetInputs, prepareInputs } from "../../src/models/inputs.js";
import { MEGNet } from "../../src/models/megnet.js";
import { columnModelAsTrainable } from "../../src/train/adapt.js";
import type { EpochRecord } from "../../src/train/history.js";
import type { TrainableModel } from "../../src/train/model.js";
import { train } from "../../src/train/trainer.js";
import { dataDir } from "../helpers/paths.js";

const root = mkdtempSync(join(tmpdir(), "paraisite-megnet-train-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(async () => {
  await tf.setBackend("cpu");
});

const centers = Array.from({ length: 100 }, (_, i) => (5 * i) / 99);
const config = megnetDefaultConfig({ cutoff: 4, centers, width: 0.5 }, 2);

function megnetModel(seed: number, transform: ReturnType<typeof fitKappaTransform>): { net: MEGNet; model: TrainableModel<MEGNetInputs> } {
  const net = new MEGNet(config, { seed });
  const model = columnModelAsTrainable<MEGNetInputs>(
    {
      trainableVariables: net.trainableVariables,
      forward: (inputs, options) => net.forward(inputs, options).output,
      getWeights: () => net.getWeights(),
      setWeights: (w) => net.setWeights(w),
    },
    transform,
  );
  return { net, model };
}

const flat = (m: TrainableModel<MEGNetInputs>) => [...m.getWeights().values()].flatMap((w) => Array.from(w.data));

it("trains MEGNet on Togo15 structures and resumes bit-identically", async () => {
  const ds = await loadDataset("togo15", { dataDir: dataDir(), cutoff: 4, limit: 12 });
  const graphs: readonly CrystalGraph[] = datasetGraphs(ds, 4);
  const kappa = datasetTargets(ds);
  const transform = fitKappaTransform(kappa);
  const n = graphs.length;
  const trainIndices = Array.from({ length: n - 4 }, (_, i) => i);
  const valIndices = Array.from({ length: 4 }, (_, i) => n - 4 + i);
  const makeBatch = (indices: Int32Array) => prepareInputs(batchGraphs(Array.from(indices, (i) => graphs[i])), config);
  const common = {
    makeBatch,
    targets: kappa,
    trainIndices,
    valIndices,
    config: { epochs: 3, learningRate: 1e-3, restoreBest: false },
    progress: false as const,
  };

  const straight = megnetModel(3, transform);
  const reference = await train({ ...common, model: straight.model, runDir: join(root, "straight") });
  const h = reference.history;
  for (const r of h) expect(Number.isFinite(r.valMape)).toBe(true);
  expect(h[2].trainLoss).toBeLessThan(h[0].trainLoss);

  const dir = join(root, "crashed");
  const first = megnetModel(3, transform);
  await expect(
    train({
      ...common,
      model: first.model,
      runDir: dir,
      callbacks: {
        onEpochEnd: (r: EpochRecord) => {
          if (r.epoch === 1) throw new Error("crash");
        },
      },
    }),
  ).rejects.toThrow("crash");
  const second = megnetModel(11, transform);
  const resumed = await train({ ...common, model: second.model, runDir: dir });
  expect(resumed.firstEpoch).toBe(2);
  expect(flat(second.model)).toEqual(flat(straight.model));
  expect(resumed.history.map((r) => r.valLoss)).toEqual(h.map((r) => r.valLoss));
  for (const m of [straight, first, second]) m.net.dispose();
}, 120_000);
