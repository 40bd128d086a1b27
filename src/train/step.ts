/**
 * One optimizer step on one batch: on the calling thread alone, or data-parallel with helper
 * threads (data-parallel.ts). A non-finite loss leaves the weights untouched, so the last good
 * checkpoint stays valid; the caller decides what to do with it.
 */
import * as tf from "@tensorflow/tfjs-core";
import { TrainingError } from "../core/errors.js";
import type { Adam } from "./adam.js";
import { combineGradients, type GradientHelper, type LossSpec, partSizes } from "./data-parallel.js";
import type { LossFn } from "./losses.js";
import type { MakeBatch, TrainableModel } from "./model.js";

export interface StepContext<Batch> {
  readonly model: TrainableModel<Batch>;
  readonly makeBatch: MakeBatch<Batch>;
  readonly loss: LossFn;
  readonly optimizer: Adam;
  /** Threads computing parts of each batch next to this one (none: single-thread, the reference bits). */
  readonly helpers: readonly GradientHelper[];
  /** The loss as the helpers rebuild it. */
  readonly lossSpec: LossSpec;
}

/**
 * Loss and variable gradients of the batch `indices` (call inside `tf.tidy`). The batch is built
 * outside variableGrads: tensors created inside its function are freed before backprop, and
 * custom-gradient ops may need them (e.g. segment indices).
 */
function batchGradients<Batch>(context: StepContext<Batch>, indices: Int32Array, targets: Float64Array) {
  const { model, makeBatch, loss } = context;
  const batch = makeBatch(indices);
  return tf.variableGrads(() => loss(model.forward(batch, { training: true }), targets), [...model.trainableVariables]);
}

/** The step on this thread only; returns the batch loss. */
function localStep<Batch>(context: StepContext<Batch>, indices: Int32Array, targets: Float64Array): number {
  const variables = context.model.trainableVariables;
  return tf.tidy(() => {
    const { value: lossTensor, grads } = batchGradients(context, indices, targets);
    const v = lossTensor.dataSync()[0];
    if (Number.isFinite(v)) context.optimizer.apply(variables.map((p) => grads[p.name]));
    return v;
  });
}

/** Gradient of the mean loss over a part of the batch, on this thread, as host arrays. */
function localGradients<Batch>(context: StepContext<Batch>, indices: Int32Array, targets: Float64Array): { loss: number; gradients: Float32Array[] } {
  const variables = context.model.trainableVariables;
  let result: { loss: number; gradients: Float32Array[] } | undefined;
  tf.tidy(() => {
    const { value, grads } = batchGradients(context, indices, targets);
    const gradients = variables.map((p) => {
      const g = grads[p.name];
      if (g === undefined) throw new TrainingError(`variable ${p.name} got no gradient`);
      return (g.dataSync() as Float32Array).slice();
    });
    // Not returned from tidy: tidy walks every element of returned typed arrays (~100 ms here).
    result = { loss: value.dataSync()[0], gradients };
  });
  if (result === undefined) throw new TrainingError("no gradients computed");
  return result;
}

/** One optimizer step on the batch `indices` (targets in the same order); returns the batch loss. */
export async function trainingStep<Batch>(context: StepContext<Batch>, indices: Int32Array, targets: Float64Array): Promise<number> {
  const sizes = partSizes(indices.length, context.helpers.length + 1);
  if (sizes.length === 1) return localStep(context, indices, targets);
  const variables = context.model.trainableVariables;
  const starts = sizes.map((_, p) => sizes.slice(0, p).reduce((a, b) => a + b, 0));
  const part = (p: number) => [indices.subarray(starts[p], starts[p] + sizes[p]), targets.subarray(starts[p], starts[p] + sizes[p])] as const;
  // helpers first (they copy the weights now), then this thread's part while they work
  const remote = sizes.slice(1).map((_, h) => {
    const [idx, tgt] = part(h + 1);
    return context.helpers[h].gradients(idx, tgt, variables, context.lossSpec);
  });
  let local: { loss: number; gradients: Float32Array[] };
  try {
    const [idx, tgt] = part(0);
    local = localGradients(context, idx, tgt);
  } catch (e) {
    await Promise.allSettled(remote);
    throw e;
  }
  const parts = [local, ...(await Promise.all(remote))];
  const n = indices.length;
  const value = parts.reduce((sum, r, p) => sum + (sizes[p] / n) * r.loss, 0);
  if (!Number.isFinite(value)) return value;
  const combined = combineGradients(
    parts.map((r) => r.gradients),
    sizes,
  );
  tf.tidy(() => context.optimizer.apply(variables.map((p, i) => tf.tensor(combined[i], p.shape, "float32"))));
  return value;
}
