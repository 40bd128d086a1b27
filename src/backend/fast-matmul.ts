/**
 * x·W (+ b) with x optionally transposed, on the wasm SIMD kernel when the backend is wasm
 * (1.3–3× faster than tfjs-wasm's matMul + bias add on the model's shapes, same bits as far as
 * measured, and the transposed x is read in place instead of being transposed first), else with
 * plain tfjs ops (explicit transpose: tfjs's transpose flags are slow on wasm).
 */
import * as tf from "@tensorflow/tfjs-core";
import { MATMUL_KERNEL, wasmKernelsActive } from "./wasm-kernels/kernels.js";

export function matMulBias(x: tf.Tensor2D, w: tf.Tensor2D, bias?: tf.Tensor1D, transposeX = false): tf.Tensor2D {
  if (wasmKernelsActive()) {
    const inputs: Record<string, tf.Tensor> = bias === undefined ? { a: x, b: w } : { a: x, b: w, bias };
    return tf.engine().runKernel(MATMUL_KERNEL, inputs as unknown as tf.NamedTensorMap, { transposeA: transposeX } as unknown as tf.NamedAttrMap) as unknown as tf.Tensor2D;
  }
  return tf.tidy((): tf.Tensor2D => {
    const product: tf.Tensor2D = tf.matMul(transposeX ? (tf.transpose(x) as tf.Tensor2D) : x, w);
    return bias === undefined ? product : (tf.add(product, bias) as tf.Tensor2D);
  });
}
