/** Evaluation passes (no gradients): the loss as the trainer defines it, plus MAPE/MAE on the physical target. */
import * as tf from "@tensorflow/tfjs-core";
import type { TargetTransform } from "../core/target-transform.js";
import { sliceBatches } from "./batches.js";
import { type LossFn, meanAbsoluteError, meanAbsolutePercentageError } from "./losses.js";
import type { MakeBatch, TrainableModel } from "./model.js";

export interface Evaluation {
  /** Batch-size-weighted mean of the batch losses (Lightning's `on_epoch` logging). */
  readonly loss: number;
  /** MAPE as a fraction and MAE, in float64 on the physical target. */
  readonly mape: number;
  readonly mae: number;
  /** Network outputs z and physical predictions, in the order of `indices`. */
  readonly z: Float32Array;
  readonly predictions: Float64Array;
}

export function evaluate<Batch>(args: {
  readonly model: TrainableModel<Batch>;
  readonly makeBatch: MakeBatch<Batch>;
  readonly indices: Int32Array;
  readonly targets: ArrayLike<number>;
  readonly batchSize: number;
  readonly loss: LossFn;
  readonly transform: TargetTransform;
  readonly mapeEpsilon?: number;
}): Evaluation {
  const { model, makeBatch, indices, targets, batchSize, loss, transform } = args;
  const z = new Float32Array(indices.length);
  let weightedLoss = 0;
  let offset = 0;
  for (const batchIndices of sliceBatches(indices, batchSize, false)) {
    const batchTargets = Float64Array.from(batchIndices, (i) => targets[i]);
    tf.tidy(() => {
      const out = model.forward(makeBatch(batchIndices), { training: false });
      weightedLoss += loss(out, batchTargets).dataSync()[0] * batchIndices.length;
      z.set(out.dataSync(), offset);
    });
    offset += batchIndices.length;
  }
  const predictions = Float64Array.from(z, (v) => transform.inverse(v));
  const actual = Float64Array.from(indices, (i) => targets[i]);
  return {
    loss: weightedLoss / indices.length,
    mape: meanAbsolutePercentageError(predictions, actual, args.mapeEpsilon),
    mae: meanAbsoluteError(predictions, actual),
    z,
    predictions,
  };
}
