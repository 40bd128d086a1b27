/**
 * The training loop: seeded shuffling, Adam, per-epoch scheduler steps, validation every epoch,
 * incremental history, `best/` and `last/` checkpoints, and resume after a kill that gives the same
 * bits as an uninterrupted run (the epoch order, optimizer moments, step counts and learning rate
 * are all restored; nothing depends on wall-clock or on how many times the process started).
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import type * as tf from "@tensorflow/tfjs-core";
import { TrainingError } from "../core/errors.js";
import type { TargetTransform } from "../core/target-transform.js";
import type { NamedWeight, WeightMap } from "../models/config.js";
import { Adam } from "./adam.js";
import { batchCount, epochOrder, sliceBatches } from "./batches.js";
import { type BestSoFar, hasCheckpoint, loadCheckpoint, saveCheckpoint, type TrainingCheckpoint } from "./checkpoint.js";
import { type TrainConfig, type TrainConfigOverrides, resolveTrainConfig } from "./config.js";
import type { GradientHelper } from "./data-parallel.js";
import { evaluate } from "./evaluate.js";
import { type EpochRecord, HistoryWriter } from "./history.js";
import { type LossFn, makeLoss } from "./losses.js";
import type { MakeBatch, TrainableModel } from "./model.js";
import { createProgressReporter, type ProgressReporter, silentProgress } from "./progress.js";
import { ConstantLR, CosineAnnealingLR, type LrScheduler } from "./scheduler.js";
import { type StepContext, trainingStep } from "./step.js";

export interface StepInfo {
  readonly epoch: number;
  /** 0-based step within the epoch. */
  readonly step: number;
  readonly stepsPerEpoch: number;
  readonly loss: number;
  readonly lr: number;
}

export interface TrainCallbacks {
  onStepEnd?(info: StepInfo): void;
  /** After the epoch's history line and checkpoints are written. */
  onEpochEnd?(record: EpochRecord): void | Promise<void>;
  /** Checked after each epoch; `true` ends training cleanly (the run can be resumed later). */
  shouldStop?(record: EpochRecord): boolean;
}

export interface TrainOptions<Batch> {
  readonly model: TrainableModel<Batch>;
  readonly makeBatch: MakeBatch<Batch>;
  /** Physical targets (κ in W/(m·K)) indexed by item; the loss compares against these. */
  readonly targets: ArrayLike<number>;
  readonly trainIndices: ArrayLike<number>;
  readonly valIndices: ArrayLike<number>;
  /** Defaults: the paper's loop ({@link PAPER_TRAIN_CONFIG}). */
  readonly config?: TrainConfigOverrides;
  /** Where history and checkpoints go. Without it nothing is written and nothing can be resumed. */
  readonly runDir?: string;
  /** Continue from `runDir/last` when present (default true); `false` starts over. */
  readonly resume?: boolean;
  /** z ↔ physical target used by the loss and the metrics; defaults to `model.targetTransform`. */
  readonly lossTransform?: TargetTransform;
  /** A reporter, or `false` for none; default: bar on a TTY stderr, plain lines otherwise. */
  readonly progress?: ProgressReporter | false;
  readonly callbacks?: TrainCallbacks;
  /**
   * Data-parallel training: each batch is split into `helpers.length + 1` parts, computed here and
   * on the helpers' threads (see {@link GradientPool}). Deterministic for a given number of
   * helpers, but not the same bits as training on one thread.
   */
  readonly helpers?: readonly GradientHelper[];
}

export interface TrainResult {
  readonly config: TrainConfig;
  /** Every epoch so far, including those of earlier (interrupted) processes. */
  readonly history: readonly EpochRecord[];
  /** First epoch this call ran (> 0 after a resume). */
  readonly firstEpoch: number;
  /** Epochs completed in total. */
  readonly epochsCompleted: number;
  readonly stoppedEarly: boolean;
  /** Set when a non-finite loss ended the run (`onNonFiniteLoss: "end-run"`). */
  readonly diverged?: { readonly epoch: number; readonly reason: string };
  readonly best: EpochRecord;
}

function copyWeights(weights: WeightMap): WeightMap {
  const out = new Map<string, NamedWeight>();
  for (const [name, w] of weights) out.set(name, { shape: [...w.shape], data: w.data.slice() });
  return out;
}

function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, "0");
}

/** Settings a resume must share with the interrupted run (epochs may grow: they do not change the past). */
function fingerprintOf(config: TrainConfig, train: Int32Array, val: Int32Array, vars: readonly tf.Variable[], transform: TargetTransform): string {
  // Settings that do not change the weights' trajectory may differ on resume (evalBatchSize: only
  // the rounding of validation means, and checkpoints written before it existed stay resumable).
  const { epochs: _epochs, restoreBest: _restore, onNonFiniteLoss: _onNonFinite, evalBatchSize: _evalBatch, ...fixed } = config;
  return fnv1a(
    JSON.stringify({
      fixed,
      train: Array.from(train),
      val: Array.from(val),
      shapes: vars.map((v) => v.shape),
      transform: transform.toJSON(),
    }),
  );
}

function makeScheduler(config: TrainConfig): { scheduler: LrScheduler; stepsPerEpoch: number } {
  const s = config.scheduler;
  if (s.kind === "cosine") {
    return { scheduler: new CosineAnnealingLR({ baseLr: config.learningRate, tMax: s.tMax, etaMin: s.etaMin }), stepsPerEpoch: s.stepsPerEpoch };
  }
  return { scheduler: new ConstantLR(config.learningRate), stepsPerEpoch: 0 };
}

function toIndices(name: string, values: ArrayLike<number>, n: number): Int32Array {
  const out = Int32Array.from(values);
  if (out.length === 0) throw new TrainingError(`no ${name} items`);
  for (const i of out) if (i < 0 || i >= n) throw new TrainingError(`${name} index ${i} out of range 0..${n - 1}`);
  return out;
}

/** Train `model` in place. Resolves with the history and the best epoch; the model ends on the best weights by default. */
export async function train<Batch>(options: TrainOptions<Batch>): Promise<TrainResult> {
  const config = resolveTrainConfig(options.config);
  const { model, makeBatch, targets, runDir, callbacks = {} } = options;
  const transform = options.lossTransform ?? model.targetTransform;
  const trainIdx = toIndices("training", options.trainIndices, targets.length);
  const valIdx = toIndices("validation", options.valIndices, targets.length);
  for (const i of [...trainIdx, ...valIdx]) {
    if (!Number.isFinite(targets[i])) throw new TrainingError(`target of item ${i} is not finite (${targets[i]})`);
  }
  const progress = options.progress === false ? silentProgress : (options.progress ?? createProgressReporter());
  const variables = model.trainableVariables;
  const optimizer = new Adam(variables, { learningRate: config.learningRate, ...config.adam });
  try {
    const { scheduler, stepsPerEpoch: schedulerSteps } = makeScheduler(config);
    const loss: LossFn = makeLoss(config.loss, transform, config.mapeEpsilon);
    const stepContext: StepContext<Batch> = {
      model,
      makeBatch,
      loss,
      optimizer,
      helpers: options.helpers ?? [],
      lossSpec: { kind: config.loss, transform: transform.toJSON(), epsilon: config.mapeEpsilon },
    };
    const fingerprint = fingerprintOf(config, trainIdx, valIdx, variables, transform);
    const lastDir = runDir === undefined ? undefined : join(runDir, "last");
    const bestDir = runDir === undefined ? undefined : join(runDir, "best");

    let firstEpoch = 0;
    let best: BestSoFar | undefined;
    let bestWeights: WeightMap | undefined;
    if (lastDir !== undefined && bestDir !== undefined) {
      if (options.resume !== false && hasCheckpoint(lastDir)) {
        const checkpoint = loadCheckpoint(lastDir);
        if (checkpoint.fingerprint !== fingerprint) {
          throw new TrainingError(
            `${lastDir} was written with other settings, split or model shape; use a new run directory or resume: false`,
          );
        }
        model.setWeights(checkpoint.weights);
        optimizer.setState(checkpoint.optimizer);
        scheduler.setState(checkpoint.scheduler);
        best = checkpoint.best;
        firstEpoch = checkpoint.epoch + 1;
        if (best !== undefined && hasCheckpoint(bestDir)) bestWeights = loadCheckpoint(bestDir).weights;
      } else {
        rmSync(lastDir, { recursive: true, force: true });
        rmSync(bestDir, { recursive: true, force: true });
      }
    }
    const history = runDir === undefined ? undefined : new HistoryWriter(runDir);
    history?.start(firstEpoch);
    const records: EpochRecord[] = history ? [...history.all] : [];

    const stepsPerEpoch = batchCount(trainIdx.length, config.batchSize, config.dropLast);
    if (stepsPerEpoch === 0) throw new TrainingError(`${trainIdx.length} training items make no full batch of ${config.batchSize}`);
    progress.runStart({ firstEpoch, epochs: config.epochs, stepsPerEpoch });

    let stoppedEarly = false;
    let diverged: { epoch: number; reason: string } | undefined;
    for (let epoch = firstEpoch; epoch < config.epochs; epoch++) {
      const started = performance.now();
      const lr = scheduler.lr;
      optimizer.learningRate = lr;
      let lossSum = 0;
      let seen = 0;
      const batches = sliceBatches(epochOrder(trainIdx, config.seed, epoch, config.shuffle), config.batchSize, config.dropLast);
      for (let step = 0; step < batches.length; step++) {
        const indices = batches[step];
        const batchTargets = Float64Array.from(indices, (i) => targets[i]);
        const value = await trainingStep(stepContext, indices, batchTargets);
        if (!Number.isFinite(value)) {
          const reason = `training loss is ${value} at epoch ${epoch + 1} (0-based ${epoch}), step ${step + 1}/${batches.length}`;
          if (config.onNonFiniteLoss === "end-run" && records.length > 0) {
            diverged = { epoch, reason };
            break;
          }
          const kept = lastDir !== undefined && firstEpoch + records.length > 0 ? ` the last good checkpoint (${lastDir}) is kept` : "";
          throw new TrainingError(`${reason};${kept || " no checkpoint was written yet"}`);
        }
        lossSum += value * indices.length;
        seen += indices.length;
        progress.step({ epoch, step, loss: value });
        callbacks.onStepEnd?.({ epoch, step, stepsPerEpoch: batches.length, loss: value, lr });
      }

      if (diverged !== undefined) break;
      const val = evaluate({ model, makeBatch, indices: valIdx, targets, batchSize: config.evalBatchSize, loss, transform, mapeEpsilon: config.mapeEpsilon });
      if (!Number.isFinite(val.loss)) {
        const reason = `validation loss is ${val.loss} at epoch ${epoch + 1} (0-based ${epoch})`;
        if (config.onNonFiniteLoss === "end-run" && records.length > 0) {
          diverged = { epoch, reason };
          break;
        }
        throw new TrainingError(`${reason}; the last good checkpoint is kept`);
      }
      for (let s = 0; s < schedulerSteps; s++) scheduler.step();
      // Lightning's ModelCheckpoint: a strictly lower monitored value replaces the best.
      const isBest = best === undefined || val.loss < best.valLoss;
      if (isBest) best = { epoch, valLoss: val.loss };
      const record: EpochRecord = {
        epoch,
        lr,
        trainLoss: lossSum / seen,
        valLoss: val.loss,
        valMape: val.mape,
        valMae: val.mae,
        best: isBest,
        seconds: (performance.now() - started) / 1000,
      };
      records.push(record);
      history?.append(record);
      const weights = model.getWeights();
      if (isBest) bestWeights = copyWeights(weights);
      if (lastDir !== undefined && bestDir !== undefined) {
        const checkpoint: TrainingCheckpoint = {
          epoch,
          weights,
          optimizer: optimizer.getState(),
          scheduler: scheduler.getState(),
          rng: { seed: config.seed, nextEpoch: epoch + 1 },
          best,
          ...(model.describe === undefined ? {} : { model: model.describe() }),
          fingerprint,
        };
        if (isBest) saveCheckpoint(bestDir, checkpoint);
        saveCheckpoint(lastDir, checkpoint);
      }
      progress.epochEnd(record);
      await callbacks.onEpochEnd?.(record);
      if (callbacks.shouldStop?.(record) === true && epoch + 1 < config.epochs) {
        stoppedEarly = true;
        break;
      }
    }

    if (records.length === 0) throw new TrainingError("no epoch was trained");
    const bestEpoch = best?.epoch;
    const bestRecord = records.find((r) => r.epoch === bestEpoch) ?? records[0];
    if (config.restoreBest && bestWeights !== undefined) model.setWeights(bestWeights);
    return {
      config,
      history: records,
      firstEpoch,
      epochsCompleted: records.length,
      stoppedEarly,
      ...(diverged !== undefined ? { diverged } : {}),
      best: bestRecord,
    };
  } finally {
    // Adam's moment variables are tfjs memory: free them on success and on error.
    optimizer.dispose();
  }
}
