/**
 * Adapters from models whose forward pass returns a column [G, 1] (MEGNet's readout, ParAIsite)
 * to the trainer's {@link TrainableModel}, which wants z as [G].
 */
import * as tf from "@tensorflow/tfjs-core";
import type { TargetTransform } from "../core/target-transform.js";
import type { WeightMap } from "../models/config.js";
import { ParAIsite } from "../models/paraisite.js";
import { modelConfigOf } from "../models/serialization.js";
import type { TrainableModel } from "./model.js";

/** A model with a [G, 1] output, e.g. `ParAIsite`. */
export interface ColumnOutputModel<Batch> {
  readonly trainableVariables: readonly tf.Variable[];
  forward(batch: Batch, options: { readonly training?: boolean }): tf.Tensor2D;
  getWeights(): WeightMap;
  setWeights(weights: WeightMap): void;
  /** z ↔ physical target, when the model has one (ParAIsite). */
  readonly targetTransform?: TargetTransform;
}

// [G, 1] → [G] with its own gradient (the Reshape gradient is not registered in Node's tfjs-core).
const squeezeColumnOp = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const x = args[0] as tf.Tensor2D;
  const rows = x.shape[0];
  return { value: tf.reshape(x, [rows]), gradFunc: (dy: tf.Tensor) => tf.reshape(dy, [rows, 1]) };
});

/** [G, 1] → [G], differentiable. */
export function squeezeColumn(x: tf.Tensor2D): tf.Tensor1D {
  if (x.shape[1] !== 1) throw new RangeError(`expected a [G, 1] output, got [${x.shape}]`);
  return squeezeColumnOp(x) as tf.Tensor1D;
}

/**
 * View a column-output model as a {@link TrainableModel} (the variable list is taken once, in
 * order), with the model's own target transform unless `targetTransform` is given.
 */
export function columnModelAsTrainable<Batch>(model: ColumnOutputModel<Batch>, targetTransform = model.targetTransform): TrainableModel<Batch> {
  if (targetTransform === undefined) throw new RangeError("the model has no target transform: pass one");
  const trainableVariables = [...model.trainableVariables];
  return {
    trainableVariables,
    targetTransform,
    forward: (batch, options) => squeezeColumn(model.forward(batch, options)),
    getWeights: () => model.getWeights(),
    setWeights: (weights) => model.setWeights(weights),
    ...(model instanceof ParAIsite ? { describe: () => modelConfigOf(model) } : {}),
  };
}
