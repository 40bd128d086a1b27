import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Compose, Log10Plus1, Standardize } from "../../src/core/target-transform.js";
import { randomSplits } from "../../src/data/splits.js";
import { megnetDefaultConfig } from "../../src/models/config.js";
import { batchCount, epochOrder, sliceBatches } from "../../src/train/batches.js";
import { hasCheckpoint, loadCheckpoint, saveCheckpoint, type TrainingCheckpoint } from "../../src/train/checkpoint.js";
import { PAPER_PRESET, PAPER_TRAIN_CONFIG, resolveTrainConfig } from "../../src/train/config.js";
import type { EpochRecord } from "../../src/train/history.js";
import { keptScalerTargets, pickStartRun } from "../../src/train/paper.js";
import { createProgressReporter, formatDuration } from "../../src/train/progress.js";
import { type RunSummary, readRunSummary, runDirectory, runSplits } from "../../src/train/runs.js";
import { flatWeights, makeToyData, ToyModel, toyBatcher } from "./toy-model.js";

const root = mkdtempSync(join(tmpdir(), "paraisite-runs-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("paper preset and config", () => {
  it("is the authors' loop", () => {
    expect(PAPER_TRAIN_CONFIG).toMatchObject({
      epochs: 300,
      batchSize: 8,
      learningRate: 1e-3,
      loss: "mape",
      scheduler: { kind: "cosine", tMax: 1000, etaMin: 1e-5, stepsPerEpoch: 2 },
      adam: { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 },
      seed: 42,
      shuffle: true,
      dropLast: false,
      mapeEpsilon: 1.17e-6,
    });
    expect(PAPER_PRESET).toMatchObject({ runs: 9, valFraction: 0.2, scaler: "kept", startFrom: "same-run" });
  });

  it("merges overrides and rejects nonsense", () => {
    const c = resolveTrainConfig({ epochs: 5, adam: { eps: 1e-7 } });
    expect(c.epochs).toBe(5);
    expect(c.adam).toEqual({ beta1: 0.9, beta2: 0.999, eps: 1e-7, weightDecay: 0 });
    expect(() => resolveTrainConfig({ batchSize: 0 })).toThrow(/batchSize/);
    expect(() => resolveTrainConfig({ scheduler: { kind: "cosine", tMax: 10, etaMin: 0, stepsPerEpoch: 1.5 } })).toThrow(
      /stepsPerEpoch/,
    );
  });
});

describe("batches", () => {
  it("shuffles each epoch differently, deterministically, keeping every item once", () => {
    const items = Int32Array.from({ length: 20 }, (_, i) => 100 + i);
    const e0 = epochOrder(items, 42, 0, true);
    expect(epochOrder(items, 42, 0, true)).toEqual(e0);
    expect(epochOrder(items, 42, 1, true)).not.toEqual(e0);
    expect(epochOrder(items, 43, 0, true)).not.toEqual(e0);
    expect([...e0].sort((a, b) => a - b)).toEqual([...items]);
    expect(epochOrder(items, 42, 0, false)).toEqual(items);
  });

  it("keeps the last short batch unless dropLast (torch DataLoader's default keeps it)", () => {
    const order = Int32Array.from({ length: 19 }, (_, i) => i);
    expect(sliceBatches(order, 8, false).map((b) => b.length)).toEqual([8, 8, 3]);
    expect(sliceBatches(order, 8, true).map((b) => b.length)).toEqual([8, 8]);
    expect(batchCount(19, 8, false)).toBe(3);
    expect(batchCount(19, 8, true)).toBe(2);
  });
});

describe("checkpoints", () => {
  const checkpoint = (epoch: number): TrainingCheckpoint => ({
    epoch,
    weights: new Map([
      ["a.kernel", { shape: [2, 2], data: Float32Array.from([1.5, -2, Math.PI, 1e-30]) }],
      ["a.bias", { shape: [1], data: Float32Array.from([Number.MIN_VALUE]) }],
    ]),
    optimizer: {
      learningRate: 1e-3,
      steps: [3, 3],
      shapes: [[2, 2], [1]],
      m: [Float32Array.from([0.1, 0.2, 0.3, 0.4]), Float32Array.from([0.5])],
      v: [Float32Array.from([1, 2, 3, 4]), Float32Array.from([5])],
    },
    scheduler: { lastEpoch: 2 * (epoch + 1), lr: 9.99e-4 },
    rng: { seed: 42, nextEpoch: epoch + 1 },
    best: { epoch: 0, valLoss: 0.25 },
    model: {
      kind: "paraisite",
      config: {
        trunk: megnetDefaultConfig({ cutoff: 4, centers: [0, 1], width: 0.5 }, 2),
        headUnits: [4, 1],
        targetTransform: new Compose([Log10Plus1, new Standardize(1, 2)]).toJSON(),
      },
    },
    fingerprint: "abc",
  });

  it("round-trips exactly, replaces atomically and recovers a directory left as .old", () => {
    const dir = join(root, "ck", "last");
    expect(hasCheckpoint(dir)).toBe(false);
    saveCheckpoint(dir, checkpoint(0));
    saveCheckpoint(dir, checkpoint(1));
    const back = loadCheckpoint(dir);
    expect(back).toEqual(checkpoint(1));
    expect(existsSync(`${dir}.old`)).toBe(false);
    // Crash between the two renames: only `<dir>.old` exists.
    renameSync(dir, `${dir}.old`);
    expect(hasCheckpoint(dir)).toBe(true);
    expect(loadCheckpoint(dir).epoch).toBe(1);
    // A directory without checkpoint.json (crash while filling a temp dir elsewhere) is no checkpoint.
    mkdirSync(join(root, "ck", "empty"), { recursive: true });
    expect(hasCheckpoint(join(root, "ck", "empty"))).toBe(false);
  });
});

describe("progress", () => {
  const record: EpochRecord = { epoch: 0, lr: 1e-3, trainLoss: 0.5, valLoss: 0.4, valMape: 0.4, valMae: 2, best: true, seconds: 1.25 };

  it("prints one plain line per epoch when not on a TTY", () => {
    let out = "";
    const p = createProgressReporter({ write: (t) => (out += t), isTTY: false });
    p.runStart({ firstEpoch: 0, epochs: 300, stepsPerEpoch: 4 });
    for (let s = 0; s < 4; s++) p.step({ epoch: 0, step: s, loss: 0.5 });
    p.epochEnd(record);
    expect(out).toBe("epoch 1/300 lr=1.000e-3 train_loss=0.50000 val_loss=0.40000 val_mape=0.40000 val_mae=2.0000 *best* (1.25 s)\n");
  });

  it("draws a bar with rate and ETA on a TTY", () => {
    let out = "";
    let clock = 0;
    const p = createProgressReporter({ write: (t) => (out += t), isTTY: true }, () => clock);
    p.runStart({ firstEpoch: 2, epochs: 4, stepsPerEpoch: 2 });
    clock = 1;
    p.step({ epoch: 2, step: 0, loss: 0.3 });
    clock = 2;
    p.step({ epoch: 2, step: 1, loss: 0.3 });
    expect(out).toContain("resuming at epoch 3/4\n");
    // 2 steps in 2 s → 1 it/s; 2 steps left (epoch 4) → 2 s.
    expect(out).toContain("\r\x1b[2Kepoch 3/4 [########################] 2/2 loss=0.30000 1.0 it/s ETA 2s");
    expect(formatDuration(3725)).toBe("1h02m05s");
  });
});

describe("paper helpers", () => {
  it("keptScalerTargets: κ → T_pre⁻¹(T_ft(κ))", () => {
    const ft = new Compose([Log10Plus1, new Standardize(1, 0.5)]);
    const pre = new Compose([Log10Plus1, new Standardize(0.8, 0.4)]);
    const out = keptScalerTargets([9, 99], ft, pre);
    // z_ft = (1 − 1)/0.5 = 0 and (2 − 1)/0.5 = 2 → 10^(0·0.4+0.8) − 1, 10^(2·0.4+0.8) − 1
    expect(out[0]).toBeCloseTo(10 ** 0.8 - 1, 12);
    expect(out[1]).toBeCloseTo(10 ** 1.6 - 1, 12);
    expect(keptScalerTargets([9], pre, pre)[0]).toBeCloseTo(9, 12);
  });

  it("pickStartRun: the same run, or the pretraining run with the lowest validation loss", () => {
    const s = (run: number, bestValLoss: number) => ({ run, bestValLoss }) as RunSummary;
    const pre = [s(1, 0.3), s(2, 0.2), s(3, 0.25)];
    expect(pickStartRun("same-run", 3, pre)).toBe(3);
    expect(pickStartRun("best-run", 3, pre)).toBe(2);
  });
});

describe("runSplits", () => {
  it("trains each run into <out>/<model>/run<r>/, writes done.json and skips finished runs", async () => {
    const data = makeToyData(30);
    const splits = randomSplits(30, { runs: 3 });
    const outDir = join(root, "out");
    let created = 0;
    const saved: number[] = [];
    const options = {
      outDir,
      modelName: "toy",
      splits,
      targets: data.targets,
      makeBatch: toyBatcher(data),
      createModel: (run: number) => {
        created++;
        return new ToyModel(data.nFeatures, data.transform, run);
      },
      config: { epochs: 2, learningRate: 1e-2 },
      progress: false as const,
      onRunDone: (summary: RunSummary, model: ToyModel) => {
        saved.push(summary.run);
        expect(flatWeights(model).length).toBeGreaterThan(0);
      },
    };
    // Stop during run 2: run 1 done, run 2 without a marker.
    const partial = await runSplits({ ...options, callbacks: { shouldStop: (r) => created === 2 && r.epoch === 0 } });
    expect(partial.map((s) => s.run)).toEqual([1]);
    expect(readRunSummary(runDirectory(outDir, "toy", 2))).toBeUndefined();
    const all = await runSplits(options);
    expect(all.map((s) => s.run)).toEqual([1, 2, 3]);
    expect(created).toBe(4); // run 1 was not retrained; run 2 resumed in a new model
    expect(saved).toEqual([1, 2, 3]);
    const done = JSON.parse(readFileSync(join(outDir, "toy", "run2", "done.json"), "utf8")) as RunSummary;
    expect(done.val).toEqual(Array.from(splits[1].val));
    expect(done.epochs).toBe(2);
    expect(done.bestValLoss).toBe(Math.min(...JSON.parse(readFileSync(join(outDir, "toy", "run2", "history.json"), "utf8")).map((r: EpochRecord) => r.valLoss)));
    // Everything finished: nothing is created again.
    await runSplits(options);
    expect(created).toBe(4);
    // Another split in the same folder is an error, not a silent reuse.
    await expect(runSplits({ ...options, splits: randomSplits(30, { runs: 1, seed: 7 }) })).rejects.toThrow(/another split/);
  });
});
