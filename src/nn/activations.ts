/** Activations of megnet's Keras models, as differentiable tf ops. */
import * as tf from "@tensorflow/tfjs-core";
import { softplus2Kernel } from "../backend/activation-ops.js";

export const LN2 = Math.LN2;

/**
 * megnet's shifted softplus sp2(x) = softplus(x) − ln 2, overflow-safe
 * (max(x, 0) + ln(0.5·exp(−|x|) + 0.5), computed via the sigmoid; see backend/activation-ops.ts).
 * sp2(0) = 0. Differentiable with tfjs's tape.
 */
export function softplus2<T extends tf.Tensor>(x: T): T {
  return softplus2Kernel(x);
}

/** Keras 2 hard sigmoid: clip(0.2·x + 0.5, 0, 1) (Keras 3's x/6 + 0.5 would be wrong here). */
export function hardSigmoid<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => tf.clipByValue(tf.add(tf.mul(x, 0.2), 0.5), 0, 1)) as T;
}

/** Activation names used in layer configs. */
export type Activation = "softplus2" | "relu" | "tanh" | "sigmoid" | "linear";

export const ACTIVATIONS: readonly Activation[] = ["softplus2", "relu", "tanh", "sigmoid", "linear"];
