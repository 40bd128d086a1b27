/**
 * One run's starting model: a ParAIsite (trunk + head + target transform) initialised randomly,
 * from the pretrained Keras MEGNet, or from a saved run of another model, plus what the trainer
 * needs to reproduce the authors' fine-tuning (targets and loss transform of the "kept" scaler).
 */
import { join } from "node:path";
import { TrainingError } from "../core/errors.js";
import { type TargetTransform, targetTransformFromJSON } from "../core/target-transform.js";
import { runSeed } from "../data/splits.js";
import { matglTrunkConfig, megnetDefaultConfig, type MEGNetConfig, type WeightMap } from "../models/config.js";
import type { MEGNetInputs } from "../models/inputs.js";
import { ParAIsite } from "../models/paraisite.js";
import { loadPretrainedMEGNet } from "../registry/pretrained.js";
import { columnModelAsTrainable } from "../train/adapt.js";
import type { TrainableModel } from "../train/model.js";
import { keptScalerTargets, pickStartRun } from "../train/paper.js";
import { type RunSummary, runDirectory } from "../train/runs.js";
import { readModel } from "../weights/model-io.js";
import type { ExperimentModel } from "./models.js";
import type { ExperimentPreset } from "./preset.js";

/** The trunk of randomly initialised models: megnet's formation-energy architecture (4 Å, 100 Gaussians on 0–5 Å, Set2Set T = 3). */
export function randomTrunkConfig(variant: MEGNetConfig["set2set"]["variant"], steps = 3): MEGNetConfig {
  const centers = Array.from({ length: 100 }, (_, k) => (5 * k) / 99);
  const base = megnetDefaultConfig({ cutoff: 4, centers, width: 0.5 }, steps);
  return { ...base, set2set: { ...base.set2set, variant } };
}

/** The trunk of a randomly initialised model under `preset` (its architecture, Set2Set and steps). */
export function presetRandomTrunk(preset: ExperimentPreset): MEGNetConfig {
  if (preset.architecture === "matgl") return matglTrunkConfig(preset.set2setSteps ?? 2);
  return randomTrunkConfig(preset.randomSet2Set, preset.set2setSteps ?? 3);
}

/**
 * Added to the run seed of "pretrained" models whose weights are not loaded (`loadPretrained`
 * false): their random start is another draw than the RW model's of the same run, as the authors'
 * FE and RW scripts draw different random numbers.
 */
export const UNLOADED_PRETRAINED_SEED_OFFSET = 1_000_000;

/** `config` with Set2Set steps T replaced (the weights do not depend on T). */
function withSteps(config: MEGNetConfig, steps: number | null): MEGNetConfig {
  return steps === null ? config : { ...config, set2set: { ...config.set2set, steps } };
}

/** A model ready for `train`, with what its run needs. */
export interface RunStart {
  readonly model: ParAIsite;
  readonly trainable: TrainableModel<MEGNetInputs>;
  /** Targets the loss compares with (κ, or the kept-scaler targets). */
  readonly targets: ArrayLike<number>;
  /** Transform inside the loss when it is not the model's own (kept scaler). */
  readonly lossTransform?: TargetTransform;
  /** Provenance, stored with the saved model. */
  readonly startedFrom: { readonly kind: string; readonly [key: string]: string | number };
}

export interface RunStartContext {
  readonly definition: ExperimentModel;
  readonly preset: ExperimentPreset;
  readonly outDir: string;
  /** The dataset's κ and transform (fitted on this dataset). */
  readonly kappa: Float64Array;
  readonly transform: TargetTransform;
  /** Pretrained weights, for `init.kind === "pretrained"`. */
  readonly pretrained?: { readonly config: MEGNetConfig; readonly weights: WeightMap; readonly id: string };
  /** Finished runs of the model this one starts from, for `init.kind === "model"`. */
  readonly parentRuns?: readonly RunSummary[];
  /**
   * Label transform of record i when it is not `transform` (composite datasets with per-part
   * labels, `partTransformOf`): the loss then sees T_loss⁻¹(T_part(κ)) as for the kept scaler.
   */
  readonly labelTransformOf?: (index: number) => TargetTransform;
}

/** Load a registered pretrained MEGNet (resolved through the registry: dir, env, cache, download). */
export async function loadPretrainedTrunk(id: string, options: { readonly weightsDir?: string; readonly cacheDir?: string }) {
  const imported = await loadPretrainedMEGNet(id, { weightsDir: options.weightsDir, cacheDir: options.cacheDir });
  return { config: imported.config as MEGNetConfig, weights: imported.weights, id, sha256: imported.source.sha256 };
}

/** Build run `run`'s starting model. The caller owns (and disposes) `model`. */
export async function createRunStart(run: number, context: RunStartContext): Promise<RunStart> {
  const { definition, preset, kappa, transform, labelTransformOf } = context;
  const init = definition.init;
  const seed = runSeed(preset.seed, run);
  const wrap = (model: ParAIsite) => columnModelAsTrainable<MEGNetInputs>(model);
  // what the loss compares with when it un-standardizes with the model's own transform
  const ownTargets = labelTransformOf === undefined ? kappa : keptScalerTargets(kappa, labelTransformOf, transform);
  if (init.kind === "random") {
    const model = new ParAIsite({ trunk: presetRandomTrunk(preset), seed, targetTransform: transform, init: preset.randomInit });
    return { model, trainable: wrap(model), targets: ownTargets, startedFrom: { kind: "random", seed } };
  }
  if (init.kind === "pretrained" && !preset.loadPretrained) {
    // the authors' FE runs: the pretrained state matched no parameter name, the trunk stayed random
    const unloaded = seed + UNLOADED_PRETRAINED_SEED_OFFSET;
    const model = new ParAIsite({ trunk: presetRandomTrunk(preset), seed: unloaded, targetTransform: transform, init: preset.randomInit });
    return { model, trainable: wrap(model), targets: ownTargets, startedFrom: { kind: "pretrained-not-loaded", weights: init.weights, seed: unloaded } };
  }
  if (init.kind === "pretrained") {
    const pre = context.pretrained;
    if (!pre) throw new TrainingError(`${definition.id}: pretrained weights were not loaded`);
    // The head (and nothing else) starts random: the trunk takes the pretrained weights.
    const model = new ParAIsite({ trunk: withSteps(pre.config, preset.set2setSteps), seed, targetTransform: transform, init: preset.randomInit });
    model.setWeights(pre.weights, { trunkOnly: true });
    return { model, trainable: wrap(model), targets: ownTargets, startedFrom: { kind: "pretrained", weights: pre.id, headSeed: seed } };
  }
  let dir: string;
  let startedFrom: RunStart["startedFrom"];
  if (init.kind === "saved") {
    dir = init.path;
    startedFrom = { kind: "saved", path: init.path };
  } else {
    const parents = context.parentRuns ?? [];
    const startRun = pickStartRun(preset.startFrom, run, parents);
    if (!parents.some((p) => p.run === startRun)) {
      throw new TrainingError(`${definition.id} run ${run} starts from ${init.from} run ${startRun}, which has not finished`);
    }
    dir = join(runDirectory(context.outDir, init.from, startRun), "model");
    startedFrom = { kind: "model", model: init.from, run: startRun };
  }
  const saved = await readModel(dir, { kind: "paraisite" });
  if (saved.description.kind !== "paraisite") throw new TrainingError(`${dir}: not a ParAIsite model`);
  const { config } = saved.description;
  // The network will learn z = T_ft(κ): the model carries the fine-tuning transform.
  const model = ParAIsite.fromConfig({ ...config, targetTransform: transform.toJSON() }, saved.weights);
  if (preset.scaler === "refit") return { model, trainable: wrap(model), targets: ownTargets, startedFrom };
  // "kept": the loss un-standardizes with the pretraining scaler, the labels with the new one.
  const pretraining = targetTransformFromJSON(config.targetTransform);
  return {
    model,
    trainable: wrap(model),
    targets: keptScalerTargets(kappa, labelTransformOf ?? transform, pretraining),
    lossTransform: pretraining,
    startedFrom,
  };
}
