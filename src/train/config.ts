/**
 * Training settings, and the `paper` preset: what liudakl/ParAIsite's code actually runs
 * (see docs/training.md, "What the authors' code does").
 */
import type { LossKind } from "./losses.js";
import { MAPE_EPSILON } from "./losses.js";

export type SchedulerConfig =
  | {
      readonly kind: "cosine";
      /** torch's T_max, counted in scheduler steps (not epochs). */
      readonly tMax: number;
      readonly etaMin: number;
      /** Scheduler steps at the end of each epoch: 2 in matgl + Lightning (hook + Lightning's own). */
      readonly stepsPerEpoch: number;
    }
  | { readonly kind: "constant" };

export interface TrainConfig {
  readonly epochs: number;
  readonly batchSize: number;
  /**
   * Batch size of the validation passes. Each structure's prediction does not depend on the
   * batch it is in, and the epoch's validation loss is the item-weighted mean, so this changes
   * only speed (and float32 rounding of the batch means, ~1e-7): larger batches amortise the
   * per-kernel overhead (an AFLOW validation pass: ≈ 0.9 s at 8, ≈ 0.5 s at 64).
   */
  readonly evalBatchSize: number;
  readonly learningRate: number;
  readonly loss: LossKind;
  readonly scheduler: SchedulerConfig;
  readonly adam: { readonly beta1: number; readonly beta2: number; readonly eps: number; readonly weightDecay: number };
  /** Seed of the shuffling stream (epoch e's order depends only on seed and e). */
  readonly seed: number;
  readonly shuffle: boolean;
  /** Drop a last incomplete training batch (torch DataLoader's default: keep it). */
  readonly dropLast: boolean;
  readonly mapeEpsilon: number;
  /** Load the best epoch's weights into the model when training ends (Lightning's `test()` uses the best checkpoint). */
  readonly restoreBest: boolean;
  /**
   * A non-finite loss: `"error"` throws a `TrainingError` (the last good checkpoint is kept);
   * `"end-run"` ends the run there as finished on its best epoch, reported as `diverged`. Lightning
   * keeps training on NaN weights whose validation loss never beats the best checkpoint, so
   * `"end-run"` gives the authors' outcome without the wasted epochs.
   */
  readonly onNonFiniteLoss: "error" | "end-run";
}

/** The authors' training loop: Adam 1e-3, cosine T_max 1000 → 1e-5 stepped twice per epoch, batch 8, 300 epochs, MAPE on κ. */
export const PAPER_TRAIN_CONFIG: TrainConfig = {
  epochs: 300,
  batchSize: 8,
  evalBatchSize: 64,
  learningRate: 1e-3,
  loss: "mape",
  // matgl: eta_min = lr · decay_alpha = 1e-3 · 0.01, T_max = decay_steps = 1000.
  scheduler: { kind: "cosine", tMax: 1000, etaMin: 1e-3 * 0.01, stepsPerEpoch: 2 },
  adam: { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 },
  seed: 42,
  shuffle: true,
  dropLast: false,
  mapeEpsilon: MAPE_EPSILON,
  restoreBest: true,
  onNonFiniteLoss: "error",
};

/** Which target scaler the fine-tuning loss uses. */
export type ScalerMode = "kept" | "refit";
/** Which pretraining run a fine-tuning run r starts from. */
export type StartFrom = "same-run" | "best-run";

/** The whole protocol of one model of the paper: 9 seeded splits × the training loop. */
export interface TrainingPreset {
  readonly name: string;
  readonly training: TrainConfig;
  /** Runs r = 1..runs; run r's 80/20 split is seeded by r. */
  readonly runs: number;
  readonly valFraction: number;
  /** Fine-tuning: keep the pretraining dataset's scaler inside the loss ("kept", the authors') or refit it. */
  readonly scaler: ScalerMode;
  /** Fine-tuning: start run r from pretraining run r ("same-run", the authors') or from the best pretraining run. */
  readonly startFrom: StartFrom;
}

export const PAPER_PRESET: TrainingPreset = {
  name: "paper",
  training: PAPER_TRAIN_CONFIG,
  runs: 9,
  valFraction: 0.2,
  scaler: "kept",
  startFrom: "same-run",
};

/** The paper's loop with some settings changed (nested `scheduler`/`adam` replace wholesale or merge). */
export function resolveTrainConfig(overrides: TrainConfigOverrides = {}, base: TrainConfig = PAPER_TRAIN_CONFIG): TrainConfig {
  const config: TrainConfig = {
    ...base,
    ...overrides,
    scheduler: overrides.scheduler ?? base.scheduler,
    adam: { ...base.adam, ...overrides.adam },
  };
  validateTrainConfig(config);
  return config;
}

export type TrainConfigOverrides = Partial<Omit<TrainConfig, "adam">> & { readonly adam?: Partial<TrainConfig["adam"]> };

function validateTrainConfig(c: TrainConfig): void {
  const positiveInt = (name: string, v: number) => {
    if (!Number.isInteger(v) || v <= 0) throw new RangeError(`${name} must be a positive integer, got ${v}`);
  };
  positiveInt("epochs", c.epochs);
  positiveInt("batchSize", c.batchSize);
  positiveInt("evalBatchSize", c.evalBatchSize);
  if (!(c.learningRate > 0)) throw new RangeError(`learningRate must be > 0, got ${c.learningRate}`);
  if (c.loss !== "mape" && c.loss !== "l1" && c.loss !== "sre") throw new RangeError(`unknown loss ${String(c.loss)} (mape | l1 | sre)`);
  if (c.scheduler.kind === "cosine") {
    if (!Number.isInteger(c.scheduler.stepsPerEpoch) || c.scheduler.stepsPerEpoch < 0) {
      throw new RangeError(`scheduler.stepsPerEpoch must be an integer ≥ 0, got ${c.scheduler.stepsPerEpoch}`);
    }
    if (!(c.scheduler.tMax > 0)) throw new RangeError(`scheduler.tMax must be > 0, got ${c.scheduler.tMax}`);
  }
}
