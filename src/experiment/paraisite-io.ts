/**
 * A trained ParAIsite model as a paraisite model directory (kind "paraisite"): the trunk config and
 * head sizes as `config`, the target transform as `extra.targetTransform`, so that `predict`
 * returns κ after loading. This is what each run of the experiment leaves in `run<r>/model/`.
 */
import type { TargetTransform } from "../core/target-transform.js";
import type { ParAIsite } from "../models/paraisite.js";
import { loadModelDirectory, type ModelJson, saveModelDirectory } from "../weights/model-directory.js";
import { type LoadedParAIsite, PARAISITE_MODEL_KIND, type ParAIsiteModelConfig, paraisiteFromStored } from "./paraisite-stored.js";

export { type LoadedParAIsite, PARAISITE_MODEL_KIND, type ParAIsiteModelConfig } from "./paraisite-stored.js";

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
  return paraisiteFromStored(loaded, dir, options);
}

