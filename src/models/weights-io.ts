/** Reading and writing a ParamStore as a canonical-name WeightMap, with shape validation. */
import * as tf from "@tensorflow/tfjs-core";
import { WeightsError } from "../core/errors.js";
import type { ParamStore } from "../nn/params.js";
import type { NamedWeight, WeightMap } from "./config.js";

/** Copy every parameter out (float32, row-major). */
export function readWeights(params: ParamStore): WeightMap {
  const out = new Map<string, NamedWeight>();
  for (const [name, v] of params.entries()) {
    out.set(name, { shape: [...v.shape], data: Float32Array.from(v.dataSync() as Float32Array) });
  }
  return out;
}

export interface WriteWeightsOptions {
  /** Names present in the map but not in the model: error (default) or ignore. */
  readonly extra?: "error" | "ignore";
  /** Model parameters absent from the map: error (default) or keep their current values. */
  readonly missing?: "error" | "keep";
  /** Only validate. */
  readonly dryRun?: boolean;
}

/** `model` with `weights` assigned, or disposed (and the error thrown) when they do not fit. */
export function withWeights<M extends { setWeights(weights: WeightMap): void; dispose(): void }>(model: M, weights: WeightMap): M {
  try {
    model.setWeights(weights);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}

/** Validate all names and shapes first, then assign: a failed call changes nothing. */
export function writeWeights(params: ParamStore, weights: WeightMap, options: WriteWeightsOptions = {}): void {
  const problems: string[] = [];
  const expected = new Set(params.names());
  for (const name of params.names()) {
    const w = weights.get(name);
    const v = params.get(name);
    if (w === undefined) {
      if (options.missing !== "keep") problems.push(`missing ${name} [${v.shape.join(", ")}]`);
      continue;
    }
    const sameShape = w.shape.length === v.shape.length && w.shape.every((d, i) => d === v.shape[i]);
    if (!sameShape) problems.push(`${name}: shape [${w.shape.join(", ")}], model expects [${v.shape.join(", ")}]`);
    else if (w.data.length !== v.size) problems.push(`${name}: ${w.data.length} values for shape [${w.shape.join(", ")}]`);
  }
  if (options.extra !== "ignore") {
    for (const name of weights.keys()) if (!expected.has(name)) problems.push(`unexpected weight ${name}`);
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 12).join("; ");
    const more = problems.length > 12 ? ` (and ${problems.length - 12} more)` : "";
    throw new WeightsError(`weights do not match the model: ${shown}${more}`);
  }
  if (options.dryRun) return;
  for (const name of params.names()) {
    const w = weights.get(name);
    if (w !== undefined) params.get(name).assign(tf.tensor(Float32Array.from(w.data), [...w.shape]));
  }
}
