/**
 * Data-parallel training on one machine: every batch is split into contiguous parts, the calling
 * thread computes the gradient of the first part and each {@link GradientHelper} (a worker thread
 * with its own backend and a copy of the model, see gradient-pool.ts) one further part, at the same
 * weights. The batch gradient is the size-weighted mean of the part gradients, summed in a fixed
 * order: deterministic for a given number of parts, but rounded differently from one thread.
 */
import type * as tf from "@tensorflow/tfjs-core";
import type { TargetTransformJSON } from "../core/target-transform.js";
import type { LossKind } from "./losses.js";

/** The loss as the trainer defines it, in a form that crosses threads. */
export interface LossSpec {
  readonly kind: LossKind;
  readonly transform: TargetTransformJSON;
  readonly epsilon: number;
}

export interface PartGradients {
  /** Mean loss over the part. */
  readonly loss: number;
  /** Gradient of that mean loss, one array per variable in `trainableVariables` order (read before the next request). */
  readonly gradients: readonly Float32Array[];
}

/** Computes the gradient of the mean loss over some items, at the weights of `variables`. */
export interface GradientHelper {
  gradients(indices: Int32Array, targets: Float64Array, variables: readonly tf.Variable[], loss: LossSpec): Promise<PartGradients>;
}

/** Split `n` items into `parts` contiguous parts as equal as possible, larger parts first: part sizes. */
export function partSizes(n: number, parts: number): number[] {
  const used = Math.max(1, Math.min(parts, n));
  const base = Math.floor(n / used);
  const extra = n % used;
  return Array.from({ length: used }, (_, p) => base + (p < extra ? 1 : 0));
}

/**
 * The batch gradient Σ_p (n_p / n)·g_p, accumulated in float64 in part order and rounded once to
 * float32 per value; `parts[p][v]` is part p's gradient of variable v.
 */
export function combineGradients(parts: readonly (readonly Float32Array[])[], sizes: readonly number[]): Float32Array[] {
  const n = sizes.reduce((a, b) => a + b, 0);
  const weights = sizes.map((s) => s / n);
  return parts[0].map((first, v) => {
    const sum = new Float64Array(first.length);
    for (let p = 0; p < parts.length; p++) {
      const g = parts[p][v];
      const w = weights[p];
      for (let k = 0; k < sum.length; k++) sum[k] += w * g[k];
    }
    return new Float32Array(sum);
  });
}
