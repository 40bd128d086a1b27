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
  /**
   * Architecture of trunks that start random: "megnet-keras" (megnet's formation-energy model) or
   * "matgl" (the matgl MEGNet the authors' code builds, `matglTrunkConfig`).
   */
  readonly architecture: TrunkArchitecture;
  /**
   * Whether "pretrained" models load the pretrained weights. The authors' code loads matgl's
   * `TransformedTargetModel` state (keys `model.…`) into a bare MEGNet with `strict=False`, which
   * matches no key: their FE models start random. false emulates that.
   */
  readonly loadPretrained: boolean;
  /**
   * The κ transform of the AFLOW models: fitted on the records used ("records") or on the paper's
   * list of all 5578 AGL values, as the authors' `MGLDataset` fitted it ("paper-values").
   */
  readonly aflowTransform: AflowTransformFit;
  /**
   * Labels of a composite dataset (MIX): standardized per part with each part's own scaler, as the
   * authors' code does ("per-part"), or with the whole set's ("pooled"). The loss always uses the
   * whole set's scaler (or the kept pretraining one).
   */
  readonly compositeLabels: CompositeLabels;
}

export type TrunkArchitecture = "megnet-keras" | "matgl";
export type AflowTransformFit = "records" | "paper-values";
export type CompositeLabels = "per-part" | "pooled";

/** Values of fields added after the first manifests, for reading those manifests (manifest.ts). */
export const LEGACY_PRESET_DEFAULTS = Object.freeze({
  randomInit: "keras",
  architecture: "megnet-keras",
  loadPretrained: true,
  aflowTransform: "records",
  compositeLabels: "per-part",
} as const);

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
  architecture: "megnet-keras",
  loadPretrained: true,
  aflowTransform: "records",
  compositeLabels: "per-part",
});

/**
 * The authors' code as it actually ran (liudakl/ParAIsite @ cc0c1ff, docs/reproducing.md "What the
 * paper's numbers measure"): matgl's MEGNet (Gaussian exp(−0.5Δ²), dgl Set2Set with 2 iterations,
 * linear 16-wide layer), torch's default initialisation, "pretrained" models starting random
 * because their weights never load, the AFLOW scaler fitted on all 5578 paper values, dgl's
 * ⌊0.8 n⌋ split size; everything else as `paper`.
 */
export const AUTHORS_AS_RUN_PRESET: ExperimentPreset = Object.freeze({
  ...PAPER_EXPERIMENT_PRESET,
  name: "authors-as-run",
  trainSizeRule: "floor",
  set2setSteps: 2,
  randomInit: "torch",
  architecture: "matgl",
  loadPretrained: false,
  aflowTransform: "paper-values",
});

/** Named presets: `paper` (default) and `authors-as-run`. */
export const EXPERIMENT_PRESETS: { readonly [name: string]: ExperimentPreset } = Object.freeze({
  paper: PAPER_EXPERIMENT_PRESET,
  "authors-as-run": AUTHORS_AS_RUN_PRESET,
});

export type ExperimentPresetName = "paper" | "authors-as-run";

/**
 * A named preset (default `paper`) with some choices changed; the name becomes "custom" when
 * anything differs from the named preset.
 */
export function resolveExperimentPreset(overrides: Partial<ExperimentPreset> = {}, baseName: ExperimentPresetName = "paper"): ExperimentPreset {
  const base = EXPERIMENT_PRESETS[baseName];
  if (base === undefined) throw new RangeError(`unknown preset '${String(baseName)}'; known: ${Object.keys(EXPERIMENT_PRESETS).join(", ")}`);
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
  oneOf("architecture", preset.architecture, ["megnet-keras", "matgl"]);
  oneOf("aflowTransform", preset.aflowTransform, ["records", "paper-values"]);
  oneOf("compositeLabels", preset.compositeLabels, ["per-part", "pooled"]);
  if (typeof preset.loadPretrained !== "boolean") throw new RangeError(`loadPretrained must be true or false, got ${String(preset.loadPretrained)}`);
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

function oneOf(name: string, value: string, allowed: readonly string[]): void {
  if (!allowed.includes(value)) throw new RangeError(`${name} must be one of ${allowed.join(", ")}, got ${String(value)}`);
}
