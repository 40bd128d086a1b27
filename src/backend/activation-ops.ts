/**
 * megnet's shifted softplus sp2(x) = softplus(x) − ln 2 = max(x, 0) + ln(0.5·e^(−|x|) + 0.5),
 * evaluated as max(x, 0) − (ln σ(|x|) + ln 2): the same value (ln(1 + e^(−|x|)) = −ln σ(|x|)),
 * overflow-safe (σ(|x|) ∈ [0.5, 1)), and 3× faster on tfjs-wasm, whose Sigmoid kernel is
 * vectorised while Softplus and Exp are scalar libm loops (measured 0.75 vs 2.3 ms on 1500×64).
 */
import * as tf from "@tensorflow/tfjs-core";
import { softplus2WasmKernel, wasmKernelsActive } from "./wasm-kernels/kernels.js";

/** sp2(x); on wasm paraisite's SIMD kernel (one pass, ≈1 ulp polynomials, 2.8× faster than the chain below). */
export function softplus2Kernel<T extends tf.Tensor>(x: T): T {
  if (wasmKernelsActive()) return softplus2WasmKernel(x);
  return tf.tidy(() => tf.sub(tf.relu(x), tf.add(tf.log(tf.sigmoid(tf.abs(x))), Math.LN2))) as T;
}
