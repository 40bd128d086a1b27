/**
 * The small model contract the trainer needs. The MEGNet/ParAIsite model implements it; tests use
 * a toy linear model. Keeping the trainer behind this interface lets it work before (and without)
 * the real network.
 */
import type * as tf from "@tensorflow/tfjs-core";
import type { TargetTransform } from "../core/target-transform.js";
import type { WeightMap } from "../models/config.js";
import type { ModelConfig } from "../models/serialization.js";

/** A model the trainer can fit: a differentiable forward pass plus weight access. */
export interface TrainableModel<Batch> {
  /** Variables the optimizer updates, in a stable order (optimizer state is stored in this order). */
  readonly trainableVariables: readonly tf.Variable[];
  /** Network output z (normalized target), shape [batchSize]; differentiable w.r.t. trainableVariables. */
  forward(batch: Batch, options: { readonly training: boolean }): tf.Tensor1D;
  /** z → physical target (κ = 10^(z·std+mean) − 1 for ParAIsite); its JSON drives the tensor inverse. */
  readonly targetTransform: TargetTransform;
  getWeights(): WeightMap;
  setWeights(weights: WeightMap): void;
  /** What the model is (models/serialization.ts), when it is a MEGNet or a ParAIsite: stored in checkpoints. */
  describe?(): ModelConfig;
}

/**
 * Builds the batch for the given item indices. It is called inside `tf.tidy` (outside the gradient
 * function, so custom-gradient ops may keep references to its tensors until backprop): tensors it
 * creates are freed after the step, tensors created before (a pre-packed cache) are left alone.
 */
export type MakeBatch<Batch> = (indices: Int32Array) => Batch;
