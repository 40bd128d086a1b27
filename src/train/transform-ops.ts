/**
 * Target transforms as tensor ops, so that a loss on the physical target (MAPE on κ) can be
 * differentiated with respect to the network output z. Generic over the JSON form of
 * `core/target-transform.ts`. The derivative is computed alongside the value, because the losses
 * carry their own gradient (tfjs-core registers no op gradients by itself in Node).
 */
import * as tf from "@tensorflow/tfjs-core";
import type { TargetTransformJSON } from "../core/target-transform.js";

/** z (what the network predicts) → physical value. */
export function inverseTransformTensor(json: TargetTransformJSON, z: tf.Tensor1D): tf.Tensor1D {
  return inverseTransformWithDerivative(json, z).value;
}

/** z → physical value y and dy/dz, elementwise. */
export function inverseTransformWithDerivative(
  json: TargetTransformJSON,
  z: tf.Tensor1D,
): { readonly value: tf.Tensor1D; readonly derivative: tf.Tensor1D } {
  switch (json.kind) {
    case "identity":
      return { value: z, derivative: tf.onesLike(z) };
    case "log10plus1": {
      // 10^z − 1 written as exp(z·ln10) − 1; d/dz = ln10 · 10^z.
      const power = tf.exp(tf.mul(z, Math.LN10));
      return { value: tf.sub(power, 1), derivative: tf.mul(power, Math.LN10) };
    }
    case "log10": {
      const power = tf.exp(tf.mul(z, Math.LN10)) as tf.Tensor1D;
      return { value: power, derivative: tf.mul(power, Math.LN10) };
    }
    case "standardize":
      return { value: tf.add(tf.mul(z, json.std), json.mean), derivative: tf.fill(z.shape, json.std) as tf.Tensor1D };
    case "compose": {
      // Inverse applies the steps in reverse order; the chain rule multiplies the derivatives.
      let value = z;
      let derivative: tf.Tensor1D = tf.onesLike(z);
      for (let i = json.steps.length - 1; i >= 0; i--) {
        const step = inverseTransformWithDerivative(json.steps[i], value);
        value = step.value;
        derivative = tf.mul(derivative, step.derivative);
      }
      return { value, derivative };
    }
  }
}
