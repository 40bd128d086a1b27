/** Layers: activations, the fused dense op's gradient, MLP wiring, Set2Set variants, isolated atoms. */
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { disposeSegmentIndex, segmentIndex } from "../../src/backend/graph-ops.js";
import { createRng } from "../../src/core/prng.js";
import { denseOp } from "../../src/backend/dense-op.js";
import { hardSigmoid } from "../../src/backend/set2set-host.js";
import { ACTIVATIONS, softplus2 } from "../../src/nn/activations.js";
import { MLP } from "../../src/nn/dense.js";
import { MEGNetLayer } from "../../src/nn/megnet-layer.js";
import { ParamStore, initialValues } from "../../src/nn/params.js";
import { Set2Set } from "../../src/nn/set2set.js";
import { BACKENDS, maxAbsDiff, useBackend } from "../models/helpers.js";

const rng = createRng(9);
const randn = (shape: number[], scale = 1): tf.Tensor2D =>
  tf.tensor(Float32Array.from({ length: shape[0] * shape[1] }, () => rng.nextNormal() * scale), shape as [number, number]) as tf.Tensor2D;

for (const backend of BACKENDS) {
  describe(`nn layers (${backend})`, () => {
    beforeAll(() => useBackend(backend));

    it("softplus2 is softplus − ln 2, exact at 0 and finite for large |x|", () => {
      const x = [-100, -20, -1, 0, 0.5, 20, 100];
      const got = Array.from(softplus2(tf.tensor1d(x)).dataSync());
      const want = x.map((v) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))) - Math.LN2);
      // float32: one ulp of 100 is 7.6e-6, so compare relative to max(1, |x|)
      for (const [i, g] of got.entries()) expect(Math.abs(g - want[i])).toBeLessThan(1e-6 * Math.max(1, Math.abs(x[i])));
      expect(got[3]).toBe(0);
    });

    it("hardSigmoid is Keras 2's clip(0.2x + 0.5, 0, 1)", () => {
      expect([-3, -2.5, 0, 1, 2.5, 9].map(hardSigmoid)).toEqual([0, 0, 0.5, 0.7, 1, 1]);
    });

    for (const activation of ACTIVATIONS) {
      it(`denseOp(${activation}) matches matMul + bias + activation in value and gradient`, () => {
        const x = randn([7, 5]);
        const w = randn([5, 4]);
        const b = tf.tensor1d([0.1, -0.2, 0.3, 0]);
        const add = randn([7, 4], 0.5);
        const dy = randn([7, 4]);
        const plainAct = (t: tf.Tensor2D): tf.Tensor2D =>
          ({ softplus2: softplus2(t), relu: tf.relu(t), tanh: tf.tanh(t), sigmoid: tf.sigmoid(t), linear: t })[activation] as tf.Tensor2D;
        const f = (fused: boolean) => (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor, aa: tf.Tensor) => {
          const y = fused
            ? denseOp(xx as tf.Tensor2D, ww as tf.Tensor2D, bb as tf.Tensor1D, activation, aa as tf.Tensor2D)
            : plainAct(tf.add(tf.add(tf.matMul(xx as tf.Tensor2D, ww as tf.Tensor2D), bb), aa) as tf.Tensor2D);
          return tf.sum(tf.mul(y, dy));
        };
        const ours = tf.grads(f(true))([x, w, b, add]);
        const plain = tf.grads(f(false))([x, w, b, add]);
        for (const [i, g] of ours.entries()) expect(maxAbsDiff(g.dataSync(), plain[i].dataSync())).toBeLessThan(1e-5);
        expect(maxAbsDiff(f(true)(x, w, b, add).dataSync(), f(false)(x, w, b, add).dataSync())).toBeLessThan(1e-4);
      });
    }

    it("MLP names its layers <name>.i, linear last layer on request, Glorot init within its limit", () => {
      const params = new ParamStore();
      const mlp = new MLP({ name: "head", inputDim: 16, units: [450, 350, 1], activation: "relu", linearOutput: true }).build(params, createRng(1));
      expect(params.names()).toEqual(["head.0.kernel", "head.0.bias", "head.1.kernel", "head.1.bias", "head.2.kernel", "head.2.bias"]);
      expect(mlp.layers.map((l) => l.config.activation)).toEqual(["relu", "relu", "linear"]);
      const k = params.get("head.0.kernel").dataSync();
      const limit = Math.sqrt(6 / (16 + 450));
      expect(Math.max(...Array.from(k, Math.abs))).toBeLessThanOrEqual(limit);
      expect(Math.max(...Array.from(k, Math.abs))).toBeGreaterThan(0.9 * limit);
      expect(Array.from(params.get("head.0.bias").dataSync()).every((v) => v === 0)).toBe(true);
      expect(initialValues([3, 3], "glorot-uniform", createRng(5))).toEqual(initialValues([3, 3], "glorot-uniform", createRng(5)));
      params.dispose();
    });

    it("Set2Set: keras variant resets the cell (forget gate inert), standard carries it", () => {
      const graphOf = segmentIndex(Int32Array.from([0, 0, 0, 1, 1]), 2);
      const x = randn([5, 6]);
      const run = (variant: "megnet-keras" | "standard", forgetBias: number): number[] => {
        const params = new ParamStore();
        const s2s = new Set2Set({ name: "s", inputDim: 6, nHidden: 4, steps: 3, variant }).build(params, createRng(3));
        const bias = new Float32Array(16).fill(0.3);
        bias.fill(forgetBias, 4, 8);
        params.get("s.recurrent.bias").assign(tf.tensor1d(bias));
        const out = Array.from(s2s.call(x, graphOf).value.dataSync());
        params.dispose();
        return out;
      };
      expect(run("megnet-keras", 1).length).toBe(2 * 8);
      expect(maxAbsDiff(run("megnet-keras", 1), run("megnet-keras", -5))).toBe(0);
      expect(maxAbsDiff(run("standard", 1), run("standard", -5))).toBeGreaterThan(1e-4);
      disposeSegmentIndex(graphOf);
    });

    it("MEGNetLayer gives an isolated atom a zero aggregated edge vector", () => {
      const params = new ParamStore();
      const layer = new MEGNetLayer({ name: "b", atomDim: 4, bondDim: 4, stateDim: 4, edgeUnits: [8, 4], nodeUnits: [8, 4], stateUnits: [8, 4] }).build(params, createRng(2));
      // atom 2 has no edge
      const index = {
        src: segmentIndex(Int32Array.from([0, 0, 1]), 3),
        dst: segmentIndex(Int32Array.from([1, 1, 0]), 3),
        nodeGraph: segmentIndex(Int32Array.from([0, 0, 0]), 1),
        edgeGraph: segmentIndex(Int32Array.from([0, 0, 0]), 1),
      };
      let edgeMean: number[] = [];
      const out = layer.call({ atoms: randn([3, 4]), bonds: randn([3, 4]), state: randn([1, 4]) }, index, (t) => {
        edgeMean = Array.from(t.edgeMeanPerAtom.dataSync());
      });
      expect(edgeMean.slice(8)).toEqual([0, 0, 0, 0]);
      expect(out.atoms.shape).toEqual([3, 4]);
      expect(Number.isFinite(out.state.dataSync()[0])).toBe(true);
      for (const s of Object.values(index)) disposeSegmentIndex(s);
      params.dispose();
    });
  });
}
