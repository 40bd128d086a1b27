import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, describe, expect, it } from "vitest";
import { TrainingError } from "../../src/core/errors.js";
import { loadCheckpoint } from "../../src/train/checkpoint.js";
import { evaluate } from "../../src/train/evaluate.js";
import type { EpochRecord } from "../../src/train/history.js";
import { makeLoss } from "../../src/train/losses.js";
import { type TrainOptions, train } from "../../src/train/trainer.js";
import { flatWeights, makeToyData, type ToyBatch, ToyModel, toyBatcher } from "./toy-model.js";

const root = mkdtempSync(join(tmpdir(), "paraisite-train-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirCount = 0;
const freshDir = () => join(root, `run${dirCount++}`);

const data = makeToyData(37);
const makeBatch = toyBatcher(data);
const trainIndices = Array.from({ length: 29 }, (_, i) => i);
const valIndices = Array.from({ length: 8 }, (_, i) => 29 + i);
const config = { epochs: 6, batchSize: 8, learningRate: 1e-2 };

function options(model: ToyModel, extra: Partial<TrainOptions<ToyBatch>> = {}): TrainOptions<ToyBatch> {
  return { model, makeBatch, targets: data.targets, trainIndices, valIndices, config, progress: false, ...extra };
}

const withoutTime = (h: readonly EpochRecord[]) => h.map(({ seconds: _s, ...rest }) => rest);

class Crash extends Error {}

describe("train", () => {
  it("lowers the validation MAPE and keeps the best epoch (strictly lower val loss)", async () => {
    const model = new ToyModel(data.nFeatures, data.transform);
    const before = evaluate({
      model,
      makeBatch,
      indices: Int32Array.from(valIndices),
      targets: data.targets,
      batchSize: 8,
      loss: makeLoss("mape", data.transform),
      transform: data.transform,
    });
    const result = await train(options(model, { config: { ...config, epochs: 25 } }));
    const h = result.history;
    expect(h).toHaveLength(25);
    expect(h[h.length - 1].trainLoss).toBeLessThan(0.3 * h[0].trainLoss);
    expect(result.best.valMape).toBeLessThan(0.7 * before.mape);
    const minLoss = Math.min(...h.map((r) => r.valLoss));
    expect(result.best.valLoss).toBe(minLoss);
    expect(result.best.epoch).toBe(h.findIndex((r) => r.valLoss === minLoss));
    // mape loss: the validation loss is the MAPE on κ (float32 vs float64)
    for (const r of h) expect(Math.abs(r.valLoss - r.valMape)).toBeLessThan(1e-5 * Math.max(1, r.valMape));
    // lr: epoch e uses the value after 2e cosine steps
    expect(h[0].lr).toBe(1e-2);
    expect(h[1].lr).toBeLessThan(1e-2);
    model.dispose();
  });

  it("writes history.csv/json and best/ + last/ checkpoints; the model ends on the best weights", async () => {
    const dir = freshDir();
    const model = new ToyModel(data.nFeatures, data.transform);
    const result = await train(options(model, { runDir: dir }));
    const csv = readFileSync(join(dir, "history.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe("epoch,lr,train_loss,val_loss,val_mape,val_mae,best,seconds");
    expect(csv).toHaveLength(7);
    const json = JSON.parse(readFileSync(join(dir, "history.json"), "utf8")) as EpochRecord[];
    expect(withoutTime(json)).toEqual(withoutTime(result.history));
    const last = loadCheckpoint(join(dir, "last"));
    expect(last.epoch).toBe(5);
    expect(last.scheduler.lastEpoch).toBe(12);
    const best = loadCheckpoint(join(dir, "best"));
    expect(best.epoch).toBe(result.best.epoch);
    expect(best.best).toEqual({ epoch: result.best.epoch, valLoss: result.best.valLoss });
    expect(Array.from(flatWeights(model))).toEqual(Array.from(Array.from(best.weights.values()).flatMap((w) => Array.from(w.data))));
    model.dispose();
  });

  it("is deterministic: two runs give the same bits", async () => {
    const a = new ToyModel(data.nFeatures, data.transform);
    const b = new ToyModel(data.nFeatures, data.transform);
    const ra = await train(options(a, { config: { ...config, restoreBest: false } }));
    const rb = await train(options(b, { config: { ...config, restoreBest: false } }));
    expect(flatWeights(a)).toEqual(flatWeights(b));
    expect(withoutTime(ra.history)).toEqual(withoutTime(rb.history));
    a.dispose();
    b.dispose();
  });

  it("resumes after a crash at an epoch end or mid-epoch with bit-identical results", async () => {
    const straightModel = new ToyModel(data.nFeatures, data.transform);
    const straight = await train(options(straightModel, { runDir: freshDir(), config: { ...config, restoreBest: false } }));

    for (const crashAt of ["epoch-end", "mid-epoch"] as const) {
      const dir = freshDir();
      const first = new ToyModel(data.nFeatures, data.transform);
      const callbacks =
        crashAt === "epoch-end"
          ? {
              onEpochEnd: (r: EpochRecord) => {
                if (r.epoch === 2) throw new Crash("killed after epoch 3");
              },
            }
          : {
              onStepEnd: (s: { epoch: number; step: number }) => {
                if (s.epoch === 3 && s.step === 2) throw new Crash("killed in epoch 4");
              },
            };
      await expect(train(options(first, { runDir: dir, callbacks, config: { ...config, restoreBest: false } }))).rejects.toThrow(Crash);
      expect(loadCheckpoint(join(dir, "last")).epoch).toBe(2);
      // A new process: a differently initialised model, resumed from last/.
      const second = new ToyModel(data.nFeatures, data.transform, 99);
      const resumed = await train(options(second, { runDir: dir, config: { ...config, restoreBest: false } }));
      expect(resumed.firstEpoch).toBe(3);
      expect(flatWeights(second)).toEqual(flatWeights(straightModel));
      expect(withoutTime(resumed.history)).toEqual(withoutTime(straight.history));
      expect(readFileSync(join(dir, "history.csv"), "utf8").trim().split("\n")).toHaveLength(7);
      expect(resumed.best.epoch).toBe(straight.best.epoch);
      first.dispose();
      second.dispose();
    }
    straightModel.dispose();
  });

  it("refuses to resume with other settings, and starts over with resume: false", async () => {
    const dir = freshDir();
    const model = new ToyModel(data.nFeatures, data.transform);
    await train(options(model, { runDir: dir, config: { ...config, epochs: 2 } }));
    await expect(train(options(model, { runDir: dir, config: { ...config, batchSize: 4 } }))).rejects.toThrow(/other settings/);
    const fresh = await train(options(model, { runDir: dir, resume: false, config: { ...config, epochs: 1 } }));
    expect(fresh.firstEpoch).toBe(0);
    expect(fresh.history).toHaveLength(1);
    // More epochs than before is a valid resume.
    const more = await train(options(model, { runDir: dir, config: { ...config, epochs: 3 } }));
    expect(more.firstEpoch).toBe(1);
    expect(more.history).toHaveLength(3);
    model.dispose();
  });

  it("stops on a NaN loss with a TrainingError naming epoch and step, keeping the last good checkpoint", async () => {
    const dir = freshDir();
    const model = new ToyModel(data.nFeatures, data.transform);
    let goodWeights: Float32Array | undefined;
    const run = train(
      options(model, {
        runDir: dir,
        callbacks: {
          onEpochEnd: (r) => {
            if (r.epoch === 1) goodWeights = flatWeights(model);
          },
          onStepEnd: (s) => {
            // Corrupt a weight: the next step's loss is NaN.
            if (s.epoch === 2 && s.step === 1) tf.tidy(() => model.trainableVariables[3].assign(tf.tensor1d([Number.NaN])));
          },
        },
      }),
    );
    await expect(run).rejects.toThrow(TrainingError);
    await expect(run).rejects.toThrow(/NaN at epoch 3 \(0-based 2\), step 3\/4/);
    const last = loadCheckpoint(join(dir, "last"));
    expect(last.epoch).toBe(1);
    expect(Array.from(last.weights.values()).flatMap((w) => Array.from(w.data))).toEqual(Array.from(goodWeights ?? []));
    model.dispose();
  });

  it("with onNonFiniteLoss 'end-run', a NaN loss ends the run on its best epoch instead of throwing", async () => {
    const dir = freshDir();
    const model = new ToyModel(data.nFeatures, data.transform);
    const result = await train(
      options(model, {
        runDir: dir,
        config: { ...config, onNonFiniteLoss: "end-run" },
        callbacks: {
          onStepEnd: (s) => {
            if (s.epoch === 2 && s.step === 1) tf.tidy(() => model.trainableVariables[3].assign(tf.tensor1d([Number.NaN])));
          },
        },
      }),
    );
    expect(result.diverged?.epoch).toBe(2);
    expect(result.diverged?.reason).toMatch(/NaN at epoch 3 \(0-based 2\), step 3\/4/);
    expect(result.epochsCompleted).toBe(2);
    expect(result.stoppedEarly).toBe(false);
    // the model ends on the best (finite) weights
    expect(flatWeights(model).every(Number.isFinite)).toBe(true);
    expect(loadCheckpoint(join(dir, "last")).epoch).toBe(1);
    model.dispose();
  });

  it("shouldStop ends cleanly and the run continues later", async () => {
    const dir = freshDir();
    const model = new ToyModel(data.nFeatures, data.transform);
    const stopped = await train(options(model, { runDir: dir, callbacks: { shouldStop: (r) => r.epoch === 1 } }));
    expect(stopped.stoppedEarly).toBe(true);
    expect(stopped.epochsCompleted).toBe(2);
    const rest = await train(options(model, { runDir: dir }));
    expect(rest.firstEpoch).toBe(2);
    expect(rest.stoppedEarly).toBe(false);
    // A finished run trains nothing more and reports the same history and best epoch.
    const again = await train(options(model, { runDir: dir }));
    expect(again.firstEpoch).toBe(6);
    expect(withoutTime(again.history)).toEqual(withoutTime(rest.history));
    expect(again.best.epoch).toBe(rest.best.epoch);
    expect(existsSync(join(dir, "best", "checkpoint.json"))).toBe(true);
    model.dispose();
  });

  it("validates its inputs", async () => {
    const model = new ToyModel(data.nFeatures, data.transform);
    await expect(train(options(model, { valIndices: [] }))).rejects.toThrow(/no validation items/);
    await expect(train(options(model, { trainIndices: [0, 99] }))).rejects.toThrow(/out of range/);
    await expect(train(options(model, { config: { ...config, dropLast: true, batchSize: 64 } }))).rejects.toThrow(/no full batch/);
    model.dispose();
  });

  it("leaks no tensors, on success and on error", async () => {
    const model = new ToyModel(data.nFeatures, data.transform);
    const before = tf.memory().numTensors;
    await train(options(model, { runDir: freshDir(), config: { ...config, epochs: 2 } }));
    expect(tf.memory().numTensors).toBe(before);
    await expect(
      train(
        options(model, {
          callbacks: {
            onStepEnd: () => {
              throw new Error("boom");
            },
          },
        }),
      ),
    ).rejects.toThrow("boom");
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it("l1 loss trains on z", async () => {
    const model = new ToyModel(data.nFeatures, data.transform);
    const result = await train(options(model, { config: { ...config, loss: "l1", epochs: 10 } }));
    const h = result.history;
    expect(h[9].valLoss).toBeLessThan(h[0].valLoss);
    // l1 on z is not the MAPE on κ
    expect(Math.abs(h[0].valLoss - h[0].valMape)).toBeGreaterThan(1e-3);
    model.dispose();
  });
});
