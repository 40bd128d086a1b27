/**
 * A stored ParAIsite model (config, weights and `extra` of a kind "paraisite" model, however they
 * were read) → a ready model with its target transform. Shared by the directory loader (Node) and
 * the browser loader, so both build exactly the same model.
 */
import { WeightsError } from "../core/errors.js";
import { type TargetTransform, type TargetTransformJSON, targetTransformFromJSON } from "../core/target-transform.js";
import type { MEGNetConfig, WeightMap } from "../models/config.js";
import { ParAIsite } from "../models/paraisite.js";
import type { JsonValue } from "../weights/model-format.js";

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

/** What a kind "paraisite" model stores. */
export interface StoredParAIsite {
  readonly config: ParAIsiteModelConfig;
  readonly weights: WeightMap;
  readonly extra: { readonly [key: string]: JsonValue };
}

/**
 * Build the model of `stored` (`source` names it in errors). `transform` replaces the stored one
 * (fine-tuning gives the model the new dataset's transform); the stored one is returned either way.
 */
export function paraisiteFromStored(stored: StoredParAIsite, source: string, options: { readonly transform?: TargetTransform } = {}): LoadedParAIsite {
  const saved = stored.extra.targetTransform;
  if (saved === undefined || saved === null || typeof saved !== "object" || Array.isArray(saved)) {
    throw new WeightsError(`${source}: model.json has no extra.targetTransform`);
  }
  const transform = targetTransformFromJSON(saved as unknown as TargetTransformJSON);
  const model = new ParAIsite({ trunk: stored.config.trunk, headUnits: stored.config.headUnits, transform: options.transform ?? transform });
  try {
    model.setWeights(stored.weights);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return { model, transform, extra: stored.extra };
}
