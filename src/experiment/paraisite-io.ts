/**
 * A trained ParAIsite model as a paraisite model directory (kind "paraisite"): the trunk config and
 * head sizes as `config`, the target transform as `extra.targetTransform`, so that `predict`
 * returns κ after loading. This is what each run of the experiment leaves in `run<r>/model/`.
 */
import { WeightsError } from "../core/errors.js";
import { type TargetTransform, type TargetTransformJSON, targetTransformFromJSON } from "../core/target-transform.js";
import type { MEGNetConfig } from "../models/config.js";
import { ParAIsite } from "../models/paraisite.js";
import { type JsonValue, loadModelDirectory, type ModelJson, saveModelDirectory } from "../weights/model-directory.js";

export const PARAISITE_MODEL_KIND = "paraisite";

/** `config` of a kind "paraisite" model directory. */
export interface ParAIsiteModelConfig {
  readonly trunk: MEGNetConfig;
  readonly headUnits: readonly number[];
}

export interface LoadedParAIsite {
  readonly model: ParAIsite;
  readonly transform: TargetTransform;
  /** The directory's `extra` (training metadata, provenance…). */
  readonly extra: { readonly [key: string]: JsonValue };
}

/** Save `model` (its weights as they are now) with its target transform and any extra JSON. */
export function saveParAIsiteModel(dir: string, model: ParAIsite, extra: { readonly [key: string]: unknown } = {}): Promise<ModelJson> {
  const config: ParAIsiteModelConfig = { trunk: model.trunk.config, headUnits: [...model.headUnits] };
  return saveModelDirectory<ParAIsiteModelConfig>(dir, {
    kind: PARAISITE_MODEL_KIND,
    config,
    weights: model.getWeights(),
    extra: { ...extra, targetTransform: model.transform.toJSON() },
  });
}

/**
 * Load a kind "paraisite" directory. `transform` replaces the stored one (fine-tuning gives the
 * model the new dataset's transform); the stored one is returned either way.
 */
export async function loadParAIsiteModel(dir: string, options: { readonly transform?: TargetTransform } = {}): Promise<LoadedParAIsite> {
  const loaded = await loadModelDirectory<ParAIsiteModelConfig>(dir, { kind: PARAISITE_MODEL_KIND });
  const stored = loaded.extra.targetTransform;
  if (stored === undefined || stored === null || typeof stored !== "object" || Array.isArray(stored)) {
    throw new WeightsError(`${dir}: model.json has no extra.targetTransform`);
  }
  const transform = targetTransformFromJSON(stored as unknown as TargetTransformJSON);
  const model = new ParAIsite({ trunk: loaded.config.trunk, headUnits: loaded.config.headUnits, transform: options.transform ?? transform });
  try {
    model.setWeights(loaded.weights);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return { model, transform, extra: loaded.extra };
}
