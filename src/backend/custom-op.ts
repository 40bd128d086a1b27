/**
 * A custom-gradient op with LAZY per-input gradients. `tf.customGrad` computes the gradient of
 * every input eagerly, even of inputs the tape has pruned (constants, index tensors); the
 * engine's own kernel-function path calls each input's gradient thunk only when needed, which
 * saves e.g. the input gradient of the first dense layer on the 100-wide Gaussian features.
 */
import * as tf from "@tensorflow/tfjs-core";
import { registerGradients } from "./gradients.js";

registerGradients();

/** Gradient of each input, computed on demand from dy and the tensors saved in forward. */
export type LazyGradients = (dy: tf.Tensor, saved: readonly tf.Tensor[]) => readonly (() => tf.Tensor)[];

interface KernelFuncEngine {
  runKernelFunc(params: {
    forwardFunc: (backend: unknown, save: (tensors: tf.Tensor[]) => void) => tf.Tensor;
    backwardsFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => Record<string, () => tf.Tensor>;
    inputs: Record<string, tf.Tensor>;
  }): tf.Tensor;
}

/**
 * Run `forward` (inside a tidy; call `save` with the tensors the gradient needs, inputs
 * included, since forward intermediates are disposed before backprop) as one tape node.
 */
export function customOp<T extends tf.Tensor>(
  inputs: readonly tf.Tensor[],
  forward: (save: (tensors: tf.Tensor[]) => void) => T,
  gradients: LazyGradients,
): T {
  const engine = tf.engine() as unknown as KernelFuncEngine;
  const inputMap: Record<string, tf.Tensor> = {};
  inputs.forEach((t, i) => {
    inputMap[i] = t;
  });
  return engine.runKernelFunc({
    forwardFunc: (_backend, save) => forward(save),
    backwardsFunc: (dy, saved) => {
      const thunks = gradients(dy, saved);
      const map: Record<string, () => tf.Tensor> = {};
      thunks.forEach((thunk, i) => {
        map[i] = thunk;
      });
      return map;
    },
    inputs: inputMap,
  }) as T;
}

/** True while tfjs records operations for a gradient (inside tf.grads / tf.variableGrads). */
export function isRecordingGradients(): boolean {
  return (tf.engine() as unknown as { isTapeOn(): boolean }).isTapeOn();
}
