/**
 * Losses (tensors, differentiable) and metrics (plain numbers, float64).
 *
 * - `mape`: what the authors train with: torchmetrics' MeanAbsolutePercentageError on κ, i.e.
 *   mean(|κ̂ − κ| / max(|κ|, 1.17e-6)) as a fraction (not ×100), κ̂ = inverse transform of z.
 * - `l1`: plain matgl's `l1_loss`: mean |z − z_target| on the normalized target.
 * - `sre`: the symmetric relative error κ_SRE = mean |2(κ̂ − κ)/(κ̂ + κ)| of Matbench Discovery /
 *   Póta et al. With a log target it is 2|tanh(ln(κ̂/κ)/2)|: L1-like on the log error near zero,
 *   bounded by 2 far away, so a few grossly wrong labels (AGL has some) pull no harder than any other
 *   miss, and over- and under-prediction by the same factor cost the same (MAPE favours the low side).
 */
import * as tf from "@tensorflow/tfjs-core";
import type { TargetTransform, TargetTransformJSON } from "../core/target-transform.js";
import { inverseTransformWithDerivative } from "./transform-ops.js";

export type LossKind = "mape" | "l1" | "sre";

/** torchmetrics' lower bound on |target| in MAPE (taken from scikit-learn). */
export const MAPE_EPSILON = 1.17e-6;

/** Batch loss from the network output z and the physical targets of the batch. */
export type LossFn = (z: tf.Tensor1D, targets: Float64Array) => tf.Scalar;

/**
 * A scalar loss of z with a hand-written gradient (tfjs-core ships no op gradients in Node, and
 * one fused op is cheaper than a tape of small ones). `pieces` returns the loss and dLoss/dz.
 */
function lossOp(pieces: (z: tf.Tensor1D) => { value: tf.Scalar; gradient: tf.Tensor1D }): (z: tf.Tensor1D) => tf.Scalar {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const z = args[0] as tf.Tensor1D;
    const save = args[1] as tf.GradSaveFunc;
    const { value, gradient } = pieces(z);
    save([gradient]);
    return { value, gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, saved[0]) };
  });
  return (z) => op(z) as tf.Scalar;
}

/**
 * MAPE on the physical target, as a fraction: mean(|T⁻¹(z) − y| / max(|y|, ε)); differentiable in z.
 * The gradient of |·| at 0 is 0, as torch's.
 */
export function mapeLossTensor(
  z: tf.Tensor1D,
  targets: Float64Array,
  transform: TargetTransformJSON = { kind: "identity" },
  epsilon = MAPE_EPSILON,
): tf.Scalar {
  const n = targets.length;
  const target = tf.tensor1d(Float32Array.from(targets), "float32");
  const denominator = tf.maximum(tf.abs(target), epsilon);
  return lossOp((zz) => {
    const { value: prediction, derivative } = inverseTransformWithDerivative(transform, zz);
    const diff = tf.sub(prediction, target);
    return {
      value: tf.mean(tf.div(tf.abs(diff), denominator)),
      gradient: tf.div(tf.mul(tf.sign(diff), derivative), tf.mul(denominator, n)),
    };
  })(z);
}

/**
 * κ_SRE on the physical target: mean |2(ŷ − y)/(ŷ + y)| with ŷ = T⁻¹(z), differentiable in z; needs
 * ŷ + y > 0 (a log10 target guarantees ŷ > 0).
 */
export function sreLossTensor(z: tf.Tensor1D, targets: Float64Array, transform: TargetTransformJSON): tf.Scalar {
  const n = targets.length;
  const target = tf.tensor1d(Float32Array.from(targets), "float32");
  return lossOp((zz) => {
    const { value: prediction, derivative } = inverseTransformWithDerivative(transform, zz);
    const diff = tf.sub(prediction, target);
    const total = tf.add(prediction, target);
    // d/dŷ |2(ŷ − y)/(ŷ + y)| = sign(ŷ − y) · 4y / (ŷ + y)²
    const slope = tf.div(tf.mul(tf.sign(diff), tf.mul(target, 4)), tf.square(total));
    return { value: tf.mean(tf.abs(tf.div(tf.mul(diff, 2), total))), gradient: tf.div(tf.mul(slope, derivative), n) };
  })(z);
}

/** Mean absolute error between z and fixed targets, differentiable in z. */
export function l1LossTensor(z: tf.Tensor1D, targets: Float32Array): tf.Scalar {
  const target = tf.tensor1d(targets, "float32");
  return lossOp((zz) => {
    const diff = tf.sub(zz, target);
    return { value: tf.mean(tf.abs(diff)), gradient: tf.div(tf.sign(diff), targets.length) };
  })(z);
}

/** The loss of the given kind: MAPE on T⁻¹(z) (mape), MAE between z and T(targets) (l1), κ_SRE on T⁻¹(z) (sre). */
export function makeLoss(kind: LossKind, transform: TargetTransform, epsilon = MAPE_EPSILON): LossFn {
  const json: TargetTransformJSON = transform.toJSON();
  switch (kind) {
    case "mape":
      return (z, targets) => mapeLossTensor(z, targets, json, epsilon);
    case "l1":
      return (z, targets) => l1LossTensor(z, Float32Array.from(targets, (y) => transform.forward(y)));
    case "sre":
      return (z, targets) => sreLossTensor(z, targets, json);
  }
}

/** Mean absolute percentage error as a fraction, with torchmetrics' epsilon. */
export function meanAbsolutePercentageError(
  predictions: ArrayLike<number>,
  targets: ArrayLike<number>,
  epsilon = MAPE_EPSILON,
): number {
  checkSameLength(predictions, targets);
  let sum = 0;
  for (let i = 0; i < targets.length; i++) {
    sum += Math.abs(predictions[i] - targets[i]) / Math.max(Math.abs(targets[i]), epsilon);
  }
  return sum / targets.length;
}

export function meanAbsoluteError(predictions: ArrayLike<number>, targets: ArrayLike<number>): number {
  checkSameLength(predictions, targets);
  let sum = 0;
  for (let i = 0; i < targets.length; i++) sum += Math.abs(predictions[i] - targets[i]);
  return sum / targets.length;
}

function checkSameLength(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new RangeError(`length mismatch: ${a.length} predictions, ${b.length} targets`);
  if (b.length === 0) throw new RangeError("no values");
}
