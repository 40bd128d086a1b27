/**
 * Fused dense op y = act(x·W + b [+ addend]) with a hand-written gradient. Two reasons:
 * tfjs's matMul gradient multiplies with transposed operands, ~8× slower on wasm than an
 * explicit transpose followed by a plain matMul; and the fused op is one tape node instead of
 * three, with the input gradient computed only when the tape needs it.
 */
import * as tf from "@tensorflow/tfjs-core";
import { activationGradient, applyActivation, type DenseActivation } from "./activation-ops.js";
import { customOp } from "./custom-op.js";
import { columnSum, linearProduct } from "./fast-matmul.js";

/**
 * y = act(x·W + b + addend). `bias` and `addend` ([N, out], e.g. gathered projections of the
 * atoms an edge joins) are optional. Differentiable in every tensor argument.
 */
export function denseOp(
  x: tf.Tensor2D,
  kernel: tf.Tensor2D,
  bias: tf.Tensor1D | undefined,
  activation: DenseActivation,
  addend?: tf.Tensor2D,
): tf.Tensor2D {
  const inputs: tf.Tensor[] = [x, kernel];
  if (bias !== undefined) inputs.push(bias);
  if (addend !== undefined) inputs.push(addend);
  const keepPre = activation === "softplus2" || activation === "relu";
  return customOp<tf.Tensor2D>(
    inputs,
    (save) => {
      const pre = linearProduct(x, kernel, { bias, addend });
      const y = applyActivation(pre, activation);
      save([x, kernel, keepPre ? pre : y]);
      return y;
    },
    (dy, saved) => {
      const [xs, w, preOrY] = saved;
      // Computed once here (lives until the end of backprop) and shared by the input thunks.
      const dPre = activationGradient(dy, preOrY, preOrY, activation);
      const grads: (() => tf.Tensor)[] = [
        () => linearProduct(dPre as tf.Tensor2D, w as tf.Tensor2D, { transposeW: true }),
        () => linearProduct(xs as tf.Tensor2D, dPre as tf.Tensor2D, { transposeX: true }),
      ];
      if (bias !== undefined) grads.push(() => columnSum(dPre as tf.Tensor2D));
      // A clone, so that gradient accumulation may dispose it without touching dy.
      if (addend !== undefined) grads.push(() => tf.clone(dPre));
      return grads;
    },
  );
}
