/**
 * x·W (+ b) (+ addend) with x or W optionally transposed, on the wasm SIMD kernel when the
 * backend is wasm (1.3–3× faster than tfjs-wasm's matMul + bias add on the model's shapes, one
 * launch instead of up to four, a transposed x read in place), else with plain tfjs ops
 * (explicit transposes: tfjs's transpose flags are slow on wasm). Also the column sum of a
 * matrix (bias gradients), which tfjs-wasm computes through a transpose.
 */
import * as tf from "@tensorflow/tfjs-core";
import { COLUMN_SUM_KERNEL, MATMUL_KERNEL, wasmKernelsActive } from "./wasm-kernels/kernels.js";

export interface ProductOptions {
  readonly bias?: tf.Tensor1D;
  /** [rows of the product, columns of W], added after the bias. */
  readonly addend?: tf.Tensor2D;
  readonly transposeX?: boolean;
  readonly transposeW?: boolean;
}

/** op(x)·op(W) + bias + addend. */
export function linearProduct(x: tf.Tensor2D, w: tf.Tensor2D, options: ProductOptions = {}): tf.Tensor2D {
  const { bias, addend, transposeX = false, transposeW = false } = options;
  if (wasmKernelsActive()) {
    const inputs: Record<string, tf.Tensor> = { a: x, b: w };
    if (bias !== undefined) inputs.bias = bias;
    if (addend !== undefined) inputs.addend = addend;
    const attrs = { transposeA: transposeX, transposeB: transposeW };
    return tf.engine().runKernel(MATMUL_KERNEL, inputs as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as unknown as tf.Tensor2D;
  }
  return tf.tidy((): tf.Tensor2D => {
    let y: tf.Tensor2D = tf.matMul(transposeX ? (tf.transpose(x) as tf.Tensor2D) : x, transposeW ? (tf.transpose(w) as tf.Tensor2D) : w);
    if (bias !== undefined) y = tf.add(y, bias) as tf.Tensor2D;
    if (addend !== undefined) y = tf.add(y, addend) as tf.Tensor2D;
    return y;
  });
}

/** x·W (+ bias), x optionally transposed. */
export function matMulBias(x: tf.Tensor2D, w: tf.Tensor2D, bias?: tf.Tensor1D, transposeX = false): tf.Tensor2D {
  return linearProduct(x, w, { bias, transposeX });
}

/** Σ over the rows of x: [cols]. */
export function columnSum(x: tf.Tensor2D): tf.Tensor1D {
  if (wasmKernelsActive()) return tf.engine().runKernel(COLUMN_SUM_KERNEL, { x } as unknown as tf.NamedTensorMap) as unknown as tf.Tensor1D;
  return tf.sum(x, 0);
}
