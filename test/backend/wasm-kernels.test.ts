/**
 * paraisite's wasm SIMD kernels: the matmul (+ bias, transposed A read in place) against tfjs's
 * own ops on awkward shapes (row and column tails), no write outside its output, still correct
 * after the wasm heap grows, and the plain-tfjs fallback on cpu; sp2 against float64 math.
 */
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { columnSum, linearProduct, matMulBias } from "../../src/backend/fast-matmul.js";
import { registerGradients } from "../../src/backend/gradients.js";
import { disposeSegmentIndex, gatherRowsHost, segmentIndex } from "../../src/backend/graph-ops.js";
import { selectBackend } from "../../src/backend/select.js";
import { softplus2Kernel } from "../../src/backend/activation-ops.js";
import {
  setWasmFusedMultiplyAdd,
  setWasmKernelsEnabled,
  softplus2WasmKernel,
  wasmKernelsActive,
  wasmKernelsFused,
} from "../../src/backend/wasm-kernels/kernels.js";
import { createRng } from "../../src/core/prng.js";

function reference(x: tf.Tensor2D, w: tf.Tensor2D, bias: tf.Tensor1D | undefined, transposeX: boolean): Float32Array {
  return tf.tidy(() => {
    const p = tf.matMul(transposeX ? tf.transpose(x) : x, w);
    return (bias === undefined ? p : tf.add(p, bias)).dataSync() as Float32Array;
  });
}

/** Largest |a − b| / max(1, |b|). */
function maxRelative(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return worst;
}

const SHAPES: readonly (readonly [number, number, number])[] = [
  [1, 1, 1],
  [3, 5, 7],
  [4, 8, 8],
  [9, 33, 13],
  [130, 64, 64],
  [8, 350, 450],
  [1203, 100, 64],
  [17, 16, 1],
];

describe("wasm matmul kernel", () => {
  it.each(SHAPES)("M=%i K=%i N=%i matches tfjs (with and without bias, transposed or not)", async (m, k, n) => {
    await selectBackend({ backend: "wasm" });
    setWasmKernelsEnabled(true);
    expect(wasmKernelsActive()).toBe(true);
    for (const transposeX of [false, true]) {
      for (const withBias of [false, true]) {
        tf.tidy(() => {
          const x = tf.randomNormal(transposeX ? [k, m] : [m, k], 0, 1, "float32", 1) as tf.Tensor2D;
          const w = tf.randomNormal([k, n], 0, 1, "float32", 2) as tf.Tensor2D;
          const bias = withBias ? (tf.randomNormal([n], 0, 1, "float32", 3) as tf.Tensor1D) : undefined;
          const y = matMulBias(x, w, bias, transposeX);
          expect(y.shape).toEqual([m, n]);
          expect(maxRelative(y.dataSync() as Float32Array, reference(x, w, bias, transposeX))).toBeLessThan(1e-5);
        });
      }
    }
  });

  it.each(SHAPES)("M=%i K=%i N=%i: transposed W, addend and column sums match tfjs", async (m, k, n) => {
    await selectBackend({ backend: "wasm" });
    setWasmKernelsEnabled(true);
    tf.tidy(() => {
      const x = tf.randomNormal([m, k], 0, 1, "float32", 6) as tf.Tensor2D;
      const wt = tf.randomNormal([n, k], 0, 1, "float32", 7) as tf.Tensor2D;
      const bias = tf.randomNormal([n], 0, 1, "float32", 8) as tf.Tensor1D;
      const addend = tf.randomNormal([m, n], 0, 1, "float32", 9) as tf.Tensor2D;
      const y = linearProduct(x, wt, { bias, addend, transposeW: true });
      const expected = tf.add(tf.add(tf.matMul(x, tf.transpose(wt)), bias), addend).dataSync() as Float32Array;
      expect(y.shape).toEqual([m, n]);
      expect(maxRelative(y.dataSync() as Float32Array, expected)).toBeLessThan(1e-5);
      const sums = columnSum(x);
      expect(sums.shape).toEqual([k]);
      expect(maxRelative(sums.dataSync() as Float32Array, tf.sum(x, 0).dataSync() as Float32Array)).toBeLessThan(1e-5);
    });
  });

  it("writes nothing outside its output and survives heap growth", async () => {
    await selectBackend({ backend: "wasm" });
    setWasmKernelsEnabled(true);
    const canaries = Array.from({ length: 8 }, (_, i) => tf.fill([257], i + 0.5));
    const x = tf.randomNormal([37, 21], 0, 1, "float32", 4) as tf.Tensor2D;
    const w = tf.randomNormal([21, 11], 0, 1, "float32", 5) as tf.Tensor2D;
    const before = matMulBias(x, w);
    // grow the heap (a 256 MB tensor), then run again: same memory object, new buffer
    const big = tf.zeros([64 * 1024 * 1024]);
    const after = matMulBias(x, w);
    expect(after.dataSync()).toEqual(before.dataSync());
    expect(canaries.map((c) => Array.from(new Set(c.dataSync())))).toEqual(canaries.map((_, i) => [i + 0.5]));
    tf.dispose([...canaries, x, w, before, big, after]);
  });

  it("falls back to tfjs ops on cpu and when switched off", async () => {
    for (const [backend, on] of [
      ["cpu", true],
      ["wasm", false],
    ] as const) {
      await selectBackend({ backend });
      setWasmKernelsEnabled(on);
      expect(wasmKernelsActive()).toBe(false);
      tf.tidy(() => {
        const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
        const w = tf.tensor2d([1, 0, 2, 1], [2, 2]);
        expect(Array.from(matMulBias(x, w, tf.tensor1d([0.5, -1])).dataSync())).toEqual([5.5, 1, 11.5, 3, 17.5, 5]);
        expect(Array.from(matMulBias(x, tf.tensor2d([1, 1, 1], [3, 1]), undefined, true).dataSync())).toEqual([9, 12]);
        const addend = tf.tensor2d([1, 1, 1, 1, 1, 1], [3, 2]);
        expect(Array.from(linearProduct(x, w, { addend, transposeW: true }).dataSync())).toEqual([2, 5, 4, 11, 6, 17]);
        expect(Array.from(columnSum(x).dataSync())).toEqual([9, 12]);
      });
    }
    setWasmKernelsEnabled(true);
  });
});

describe("wasm softplus2 kernel", () => {
  it("equals max(x,0) + log1p(exp(−|x|)) − ln 2 within 2e-7·max(1, |x|) over 1e-4…1e3, both signs", async () => {
    await selectBackend({ backend: "wasm" });
    setWasmKernelsEnabled(true);
    expect(wasmKernelsActive()).toBe(true);
    const rng = createRng(11);
    const xs = Float32Array.from({ length: 50_001 }, () => (rng.next() < 0.5 ? -1 : 1) * 10 ** (rng.next() * 7 - 4));
    const y = tf.tidy(() => softplus2WasmKernel(tf.tensor1d(xs)).dataSync());
    let worst = 0;
    xs.forEach((x, i) => {
      const exact = Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))) - Math.LN2;
      worst = Math.max(worst, Math.abs(y[i] - exact) / Math.max(1, Math.abs(x)));
    });
    expect(worst).toBeLessThan(2e-7);
    const special = tf.tidy(() => Array.from(softplus2WasmKernel(tf.tensor1d([0, Infinity, -Infinity, Number.NaN, -100, 100])).dataSync()));
    expect(special.slice(0, 3)).toEqual([0, Infinity, Math.fround(-Math.LN2)]);
    expect(special[3]).toBeNaN();
    expect(special[4]).toBeCloseTo(-Math.LN2, 7);
    expect(special[5]).toBeCloseTo(100 - Math.LN2, 4);
  });

  it("is what softplus2Kernel uses on wasm, with σ(x) as gradient on tfjs's tape, and shapes kept", async () => {
    registerGradients();
    await selectBackend({ backend: "wasm" });
    setWasmKernelsEnabled(true);
    tf.tidy(() => {
      const x = tf.tensor2d([-3, -0.5, 0, 0.25, 2, 9], [2, 3]);
      const viaKernel = softplus2Kernel(x);
      expect(viaKernel.shape).toEqual([2, 3]);
      expect(viaKernel.dataSync()).toEqual(softplus2WasmKernel(x).dataSync());
      const grad = tf.grad((t: tf.Tensor) => tf.sum(softplus2Kernel(t)))(x).dataSync();
      const sigma = tf.sigmoid(x).dataSync();
      expect(grad).toEqual(sigma);
    });
  });
});

describe("wasm gather-sum kernel", () => {
  it("gives the host loop's bits (copy of the first term, then sums in term order), any width", async () => {
    await selectBackend({ backend: "wasm" });
    for (const width of [1, 3, 4, 64, 67]) {
      const rng = createRng(width);
      const index = (rows: number, n: number) => segmentIndex(Int32Array.from({ length: n }, () => Math.floor(rng.next() * rows)), rows);
      const [a, b, c] = [index(5, 301), index(9, 301), index(2, 301)];
      const xs = [5, 9, 2].map((rows, i) => tf.randomNormal([rows, width], 0, 1, "float32", 20 + i));
      const terms = [
        [xs[0], a],
        [xs[1], b],
        [xs[2], c],
      ] as const;
      setWasmKernelsEnabled(false);
      const host = tf.tidy(() => gatherRowsHost(terms).dataSync());
      setWasmKernelsEnabled(true);
      const kernel = tf.tidy(() => gatherRowsHost(terms));
      expect(kernel.shape).toEqual([301, width]);
      expect(kernel.dataSync()).toEqual(host);
      tf.dispose([kernel, ...xs]);
      for (const i of [a, b, c]) disposeSegmentIndex(i);
    }
  });
});

describe("fused multiply-add build (relaxed SIMD)", () => {
  it("is used on this Node, and the plain build still gives tfjs's bits for exact products", async () => {
    await selectBackend({ backend: "wasm" });
    setWasmKernelsEnabled(true);
    expect(wasmKernelsActive()).toBe(true);
    // Node 20 runs it behind a V8 flag the library sets; a Node without relaxed SIMD falls back
    expect(wasmKernelsFused()).toBe(true);
  });

  it("fuses: one rounding of a·b + c (where two roundings give 0), and agrees with the plain build to float32 rounding", async () => {
    await selectBackend({ backend: "wasm" });
    setWasmKernelsEnabled(true);
    const e = 1 + 2 ** -12;
    const product = (fused: boolean) => {
      setWasmFusedMultiplyAdd(fused);
      try {
        // [4×2]·[2×8] (the SIMD block): −(1 + 2^−11)·1 + e·e = 2^−24 exactly, 0 when e·e is rounded first
        return tf.tidy(() => {
          const x = tf.tensor2d(Array.from({ length: 4 }, () => [-(1 + 2 ** -11), e]));
          const w = tf.tensor2d([Array(8).fill(1), Array(8).fill(e)]);
          return [...new Set(matMulBias(x, w).dataSync())];
        });
      } finally {
        setWasmFusedMultiplyAdd(true);
      }
    };
    expect(product(false)).toEqual([0]);
    expect(product(true)).toEqual([2 ** -24]);
    const both = (fused: boolean) => {
      setWasmFusedMultiplyAdd(fused);
      try {
        return tf.tidy(() => {
          const x = tf.randomNormal([130, 64], 0, 1, "float32", 11) as tf.Tensor2D;
          const w = tf.randomNormal([64, 48], 0, 1, "float32", 12) as tf.Tensor2D;
          return [matMulBias(x, w).dataSync() as Float32Array, softplus2WasmKernel(tf.mul(x, 4)).dataSync() as Float32Array] as const;
        });
      } finally {
        setWasmFusedMultiplyAdd(true);
      }
    };
    const [plainProduct, plainSp2] = both(false);
    const [fusedProduct, fusedSp2] = both(true);
    expect(maxRelative(fusedProduct, plainProduct)).toBeLessThan(1e-5);
    expect(maxRelative(fusedSp2, plainSp2)).toBeLessThan(1e-6);
  });
});
