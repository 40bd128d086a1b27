/** Activations of megnet's Keras models, as differentiable tf ops. */
import type * as tf from "@tensorflow/tfjs-core";
import { type DenseActivation, softplus2Kernel } from "../backend/activation-ops.js";

/**
 * megnet's shifted softplus sp2(x) = softplus(x) − ln 2, overflow-safe
 * (max(x, 0) + ln(0.5·exp(−|x|) + 0.5), computed via the sigmoid; see backend/activation-ops.ts).
 * sp2(0) = 0.
 */
export function softplus2<T extends tf.Tensor>(x: T): T {
  return softplus2Kernel(x);
}

/** Activation names used in layer configs (those of the fused dense ops). */
export type Activation = DenseActivation;

export const ACTIVATIONS: readonly Activation[] = ["softplus2", "relu", "tanh", "sigmoid", "linear"];
