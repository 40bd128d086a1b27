/**
 * The experiment's protocol: the `paper` preset (what the authors' code runs, docs/training.md)
 * with every choice exposed — loss, scheduler steps per epoch, kept or refitted scaler, same-run or
 * best-run start — plus the experiment-level settings (seed, AFLOW labels, Set2Set of random models).
 */
import type { LabelPolicy } from "../data/descriptors.js";
import type { TrainSizeRule } from "../data/splits.js";
import type { Set2SetVariant } from "../models/config.js";
import type { InitScheme } from "../nn/params.js";
import { PAPER_PRESET, type ScalerMode, type StartFrom, type TrainConfigOverrides, resolveTrainConfig } from "../train/config.js";
import type { LossKind } from "../train/losses.js";

export interface ExperimentPreset {
  readonly name: string;
  /** MAPE on κ (the authors) or L1 on the normalized target (plain matgl). */
  readonly loss: LossKind;
  /** Cosine-annealing steps per epoch (2 in the authors' Lightning setup). */
  readonly schedulerStepsPerEpoch: number;
  /** Fine-tuning loss scaler: the pretraining dataset's ("kept", the authors') or the new one's. */
  readonly scaler: ScalerMode;
  /** Fine-tuning run r starts from pretraining run r ("same-run", the authors') or the best one. */
  readonly startFrom: StartFrom;
  /** Global seed: splits (run r uses seed·1000 + r), shuffles and random initialisation. */
  readonly seed: number;
  readonly valFraction: number;
  readonly trainSizeRule: TrainSizeRule;
  /** AFLOW labels: the 3286 paper values, or those plus the 1114 older-release values. */
  readonly aflowLabelPolicy: LabelPolicy;
  /** Set2Set of randomly initialised models: "standard" LSTM (matgl, the authors' RW models) or megnet's Keras one. */
  readonly randomSet2Set: Set2SetVariant;
  /**
   * Set2Set steps T of random and pretrained trunks; null keeps megnet mp-2018.6.1's T = 3. The
   * authors' code builds its MEGNet with `niters_set2set=2`. Models that start from another model keep its T.
   */
  readonly set2setSteps: number | null;
  /** Any other trainer setting (batch size, learning rate, Adam…); `epochs` is set by the experiment. */
  readonly train: TrainConfigOverrides;
  /**
   * Initialisation of random trunks and of every model's head (also on pretrained starts): "keras"
   * (Glorot-uniform kernels, zero biases) or "torch" (torch's defaults, as the authors' matgl code).
   * Last so that manifests written before it existed compare equal once it is filled in (manifest.ts).
   */
  readonly randomInit: InitScheme;
}

export const PAPER_EXPERIMENT_PRESET: ExperimentPreset = Object.freeze({
  name: "paper",
  loss: PAPER_PRESET.training.loss,
  schedulerStepsPerEpoch: 2,
  scaler: PAPER_PRESET.scaler,
  startFrom: PAPER_PRESET.startFrom,
  seed: PAPER_PRESET.training.seed,
  valFraction: PAPER_PRESET.valFraction,
  trainSizeRule: "round",
  aflowLabelPolicy: "paper",
  randomSet2Set: "standard",
  set2setSteps: null,
  train: {},
  randomInit: "keras",
});

/** The paper preset with some choices changed; the name becomes "custom" when anything differs. */
export function resolveExperimentPreset(overrides: Partial<ExperimentPreset> = {}): ExperimentPreset {
  const base = PAPER_EXPERIMENT_PRESET;
  const merged: ExperimentPreset = { ...base, ...overrides, train: { ...base.train, ...overrides.train } };
  const differs = (Object.keys(overrides) as (keyof ExperimentPreset)[]).some(
    (k) => k !== "name" && JSON.stringify(overrides[k]) !== JSON.stringify(base[k]),
  );
  const preset = { ...merged, name: overrides.name ?? (differs ? "custom" : base.name) };
  if (preset.loss !== "mape" && preset.loss !== "l1") throw new RangeError(`loss must be mape or l1, got ${String(preset.loss)}`);
  if (preset.scaler !== "kept" && preset.scaler !== "refit") throw new RangeError(`scaler must be kept or refit, got ${String(preset.scaler)}`);
  if (preset.startFrom !== "same-run" && preset.startFrom !== "best-run") {
    throw new RangeError(`startFrom must be same-run or best-run, got ${String(preset.startFrom)}`);
  }
  if (!(preset.valFraction > 0 && preset.valFraction < 1)) throw new RangeError(`valFraction must be in (0, 1), got ${preset.valFraction}`);
  if (preset.set2setSteps !== null && !(Number.isInteger(preset.set2setSteps) && preset.set2setSteps >= 1)) {
    throw new RangeError(`set2setSteps must be a positive integer or null, got ${preset.set2setSteps}`);
  }
  if (preset.randomInit !== "keras" && preset.randomInit !== "torch") {
    throw new RangeError(`randomInit must be keras or torch, got ${String(preset.randomInit)}`);
  }
  if (!Number.isInteger(preset.seed)) throw new RangeError(`seed must be an integer, got ${preset.seed}`);
  trainOverrides(preset, 1); // validates the trainer settings
  return preset;
}

/** The trainer settings of the preset for `epochs` epochs. */
export function trainOverrides(preset: ExperimentPreset, epochs: number): TrainConfigOverrides {
  const base = PAPER_PRESET.training.scheduler;
  const scheduler = preset.train.scheduler ?? (base.kind === "cosine" ? { ...base, stepsPerEpoch: preset.schedulerStepsPerEpoch } : base);
  // A run whose loss turns non-finite ends on its best epoch, as the authors' Lightning run would
  // (NaN weights never beat the best checkpoint), instead of stopping the whole experiment.
  const overrides: TrainConfigOverrides = { onNonFiniteLoss: "end-run", ...preset.train, loss: preset.loss, scheduler, seed: preset.seed, epochs };
  resolveTrainConfig(overrides);
  return overrides;
}
