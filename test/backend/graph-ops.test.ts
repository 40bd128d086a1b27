/** Graph primitives: values and gradients against plain definitions, on wasm and cpu. */
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { disposeSegmentIndex, gatherRows, gatherSum, segmentIndex, segmentMean, segmentSoftmax, segmentSum } from "../../src/backend/graph-ops.js";
import { createRng } from "../../src/core/prng.js";
import { BACKENDS, maxAbsDiff, useBackend } from "../models/helpers.js";

const rng = createRng(42);
const randn = (shape: number[]): tf.Tensor2D => tf.tensor(Float32Array.from({ length: shape[0] * shape[1] }, () => rng.nextNormal()), shape as [number, number]) as tf.Tensor2D;
const ids = Int32Array.from([0, 0, 2, 2, 2, 3, 0, 3]); // segment 1 is empty
const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());

for (const backend of BACKENDS) {
  describe(`graph ops (${backend})`, () => {
    beforeAll(() => useBackend(backend));

    it("segmentSum / segmentMean: sums, means, zeros for empty segments", () => {
      const index = segmentIndex(ids, 4);
      const x = tf.tensor2d([[1, 10], [2, 20], [3, 30], [4, 40], [5, 50], [6, 60], [7, 70], [8, 80]]);
      expect(values(segmentSum(x, index))).toEqual([10, 100, 0, 0, 12, 120, 14, 140]);
      expect(maxAbsDiff(values(segmentMean(x, index)), [10 / 3, 100 / 3, 0, 0, 4, 40, 7, 70])).toBeLessThan(1e-5);
      disposeSegmentIndex(index);
    });

    it("rejects ids outside [0, nSegments)", () => {
      expect(() => segmentIndex(Int32Array.from([0, 4]), 4)).toThrow(RangeError);
    });

    it("gatherRows, gatherSum and segment ops have the gradients of their plain definitions", () => {
      const index = segmentIndex(ids, 4);
      const other = segmentIndex(Int32Array.from([1, 3, 0, 0, 2, 1, 3, 2]), 4);
      const x = randn([4, 3]);
      const y = randn([4, 3]);
      const e = randn([8, 3]);
      const w = randn([8, 3]);
      // loss = Σ w ⊙ (x[ids] + y[other]) + Σ segmentSum(e)² — both via ours and via one-hot matrices
      const onehot = (host: Int32Array): tf.Tensor2D => tf.cast(tf.oneHot(tf.tensor1d(host, "int32"), 4), "float32") as tf.Tensor2D;
      const ours = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
        tf.add(
          tf.sum(tf.mul(w, tf.add(gatherRows(a as tf.Tensor2D, index), gatherSum([[b as tf.Tensor2D, other]])))),
          tf.sum(tf.square(segmentSum(c as tf.Tensor2D, index))),
        ),
      )([x, y, e]);
      const plain = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
        tf.add(
          tf.sum(tf.mul(w, tf.add(tf.matMul(onehot(ids), a as tf.Tensor2D), tf.matMul(onehot(other.host), b as tf.Tensor2D)))),
          tf.sum(tf.square(tf.matMul(onehot(ids), c as tf.Tensor2D, true, false))),
        ),
      )([x, y, e]);
      for (const [i, g] of ours.entries()) expect(maxAbsDiff(g.dataSync(), plain[i].dataSync())).toBeLessThan(1e-5);
      disposeSegmentIndex(index);
      disposeSegmentIndex(other);
    });

    it("segmentSoftmax: per-segment softmax, shift-safe, with the softmax gradient", () => {
      const graph = segmentIndex(Int32Array.from([0, 0, 0, 1, 1]), 2);
      const scores = tf.tensor1d([1, 2, 3, 1000, 1001]);
      const a = values(segmentSoftmax(scores, graph));
      const z = Math.exp(-2) + Math.exp(-1) + 1;
      const expected = [Math.exp(-2) / z, Math.exp(-1) / z, 1 / z, 1 / (1 + Math.E), Math.E / (1 + Math.E)];
      expect(maxAbsDiff(a, expected)).toBeLessThan(1e-6);
      const weights = tf.tensor1d([0.3, -1, 2, 0.5, 4]);
      const g = tf.grad((s: tf.Tensor) => tf.sum(tf.mul(weights, segmentSoftmax(s as tf.Tensor1D, graph))))(scores);
      // plain: d/ds_i Σ w_j a_j = a_i (w_i − Σ_j a_j w_j) within the segment
      const w = [0.3, -1, 2, 0.5, 4];
      const seg = [0, 0, 0, 1, 1];
      const mean = [0, 1].map((s) => expected.reduce((acc, ai, i) => acc + (seg[i] === s ? ai * w[i] : 0), 0));
      expect(maxAbsDiff(g.dataSync(), expected.map((ai, i) => ai * (w[i] - mean[seg[i]])))).toBeLessThan(1e-6);
      disposeSegmentIndex(graph);
    });

    it("leaks no tensors through a gradient computation", () => {
      const index = segmentIndex(ids, 4);
      const x = randn([4, 3]);
      const before = tf.memory().numTensors;
      const g = tf.grad((a: tf.Tensor) => tf.sum(segmentMean(gatherRows(a as tf.Tensor2D, index), index)))(x);
      g.dispose();
      expect(tf.memory().numTensors).toBe(before);
      disposeSegmentIndex(index);
    });
  });
}
