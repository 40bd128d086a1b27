/**
 * A model as plain data (config, weights, target transform) that survives structured cloning,
 * so that a worker thread can rebuild the same model: same weights, same code, same kernels,
 * hence the same predictions bit for bit on the same backend.
 */
import { type TargetTransformJSON, targetTransformFromJSON } from "../core/target-transform.js";
import type { MEGNetConfig, NamedWeight, WeightMap } from "./config.js";
import { MEGNet } from "./megnet.js";
import { ParAIsite } from "./paraisite.js";

/** Weights as [name, shape, values] triples (a Map of objects clones too, this is explicit). */
export type WeightList = readonly (readonly [string, readonly number[], Float32Array])[];

export type ModelSpec =
  | { readonly kind: "megnet"; readonly config: MEGNetConfig; readonly weights: WeightList }
  | {
      readonly kind: "paraisite";
      readonly trunk: MEGNetConfig;
      readonly headUnits: readonly number[];
      readonly transform: TargetTransformJSON;
      readonly weights: WeightList;
    };

/** Models the inference pool can run. */
export type PoolModel = MEGNet | ParAIsite;

function toList(weights: WeightMap): WeightList {
  return [...weights].map(([name, w]) => [name, [...w.shape], w.data.slice()] as const);
}

function toMap(list: WeightList): WeightMap {
  return new Map<string, NamedWeight>(list.map(([name, shape, data]) => [name, { shape: [...shape], data }]));
}

/** Snapshot of a model's current weights and settings. */
export function modelSpecOf(model: PoolModel): ModelSpec {
  if (model instanceof ParAIsite) {
    return {
      kind: "paraisite",
      trunk: model.trunk.config,
      headUnits: [...model.headUnits],
      transform: model.transform.toJSON(),
      weights: toList(model.getWeights()),
    };
  }
  return { kind: "megnet", config: model.config, weights: toList(model.getWeights()) };
}

/** Rebuild a model from its spec (allocates tfjs variables on the current backend). */
export function modelFromSpec(spec: ModelSpec): PoolModel {
  if (spec.kind === "megnet") return MEGNet.fromWeights(spec.config, toMap(spec.weights));
  const model = new ParAIsite({ trunk: spec.trunk, headUnits: spec.headUnits, transform: targetTransformFromJSON(spec.transform) });
  try {
    model.setWeights(toMap(spec.weights));
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}
