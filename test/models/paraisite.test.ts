/**
 * ParAIsite model and training path: weights layout, transform, seeded init, gradients of a
 * MAPE-on-κ loss checked by finite differences, bit-identical repeats, weight validation.
 */
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WeightsError } from "../../src/core/errors.js";
import { Compose, Log10Plus1, Standardize } from "../../src/core/target-transform.js";
import { batchGraphs } from "../../src/graph/batch.js";
import { buildCrystalGraph } from "../../src/graph/build.js";
import type { GraphBatch } from "../../src/graph/types.js";
import { matglTrunkConfig, megnetDefaultConfig } from "../../src/models/config.js";
import { disposeInputs } from "../../src/models/inputs.js";
import { MEGNet } from "../../src/models/megnet.js";
import { ParAIsite } from "../../src/models/paraisite.js";
import { BACKENDS, LI2O, li2oReference, loadPretrained, maxAbsDiff, useBackend } from "./helpers.js";

const config = megnetDefaultConfig({ cutoff: 4, centers: Array.from({ length: 100 }, (_, k) => (5 * k) / 99), width: 0.5 }, 3);
const transform = new Compose([Log10Plus1, new Standardize(1.2, 0.4)]);

function smallBatch(): GraphBatch {
  const cu = { lattice: [[0, 1.805, 1.805], [1.805, 0, 1.805], [1.805, 1.805, 0]], fracCoords: [0, 0, 0], atomicNumbers: [29] };
  return batchGraphs([buildCrystalGraph(LI2O, { cutoff: 4 }), buildCrystalGraph(cu, { cutoff: 4 })]);
}

/** MAPE on κ = T⁻¹(z) with T = log10(κ+1) standardized, as the trainer's loss. */
function mapeLoss(z: tf.Tensor2D, kappa: tf.Tensor2D): tf.Scalar {
  const k = tf.sub(tf.pow(10, tf.add(tf.mul(z, 0.4), 1.2)), 1);
  return tf.mean(tf.abs(tf.div(tf.sub(k, kappa), kappa))) as tf.Scalar;
}

for (const backend of BACKENDS) {
  describe(`ParAIsite (${backend})`, () => {
    let model: ParAIsite;
    beforeAll(async () => {
      await useBackend(backend);
      model = new ParAIsite({ trunk: config, seed: 7, targetTransform: transform });
    });
    afterAll(() => model.dispose());

    it("has the 16→450→350→350→1 head named head.{i} and excludes the unused readout output", () => {
      const names = [...model.getWeights().keys()];
      expect(names.filter((n) => n.startsWith("head."))).toEqual(
        [0, 1, 2, 3].flatMap((i) => [`head.${i}.kernel`, `head.${i}.bias`]),
      );
      const head = 16 * 450 + 450 + 450 * 350 + 350 + 350 * 350 + 350 + 350 + 1;
      expect(model.parameterCount()).toBe(167_761 - (16 + 1) + head);
      expect(model.trainableVariables.length).toBe(model.trunk.trainableVariables.length - 2 + 8);
    });

    it("predict returns κ = T⁻¹(z) and is deterministic for a seed", () => {
      const batch = smallBatch();
      const z = model.predictNormalized(batch);
      const kappa = model.predict(batch);
      expect(kappa.length).toBe(2);
      for (const [i, k] of kappa.entries()) expect(k).toBeCloseTo(10 ** (z[i] * 0.4 + 1.2) - 1, 6);
      const twin = new ParAIsite({ trunk: config, seed: 7, targetTransform: transform });
      expect(Array.from(twin.predictNormalized(batch))).toEqual(Array.from(z));
      const other = new ParAIsite({ trunk: config, seed: 8, targetTransform: transform });
      expect(Array.from(other.predictNormalized(batch))).not.toEqual(Array.from(z));
      twin.dispose();
      other.dispose();
      const before = tf.memory().numTensors;
      model.predict(batch);
      expect(tf.memory().numTensors).toBe(before);
    });

    it("gives gradients of a MAPE loss on κ that match finite differences, bit-identically on repeat", () => {
      const inputs = model.prepare(smallBatch());
      const kappa = tf.tensor2d([[15], [400]]);
      const vars = model.trainableVariables;
      const lossOf = (): tf.Scalar => mapeLoss(model.forward(inputs, { training: true }), kappa);
      const first = tf.variableGrads(lossOf, vars);
      const second = tf.variableGrads(lossOf, vars);
      for (const v of vars) expect(first.grads[v.name].dataSync()).toEqual(second.grads[v.name].dataSync());
      // directional derivative along the gradient of a few trunk and head weights
      const probe = vars.filter((v) => /block1\.phi_e\.0\.kernel|set2set\.bond\.recurrent\.kernel|embedding|head\.1\.kernel/.test(v.name));
      expect(probe.length).toBe(4);
      for (const v of probe) {
        const g = first.grads[v.name];
        const direction = tf.div(g, tf.norm(g));
        const eps = 1e-2;
        const original = v.clone();
        const at = (s: number): number => {
          v.assign(tf.add(original, tf.mul(direction, s)));
          return tf.tidy(() => lossOf().dataSync()[0]);
        };
        const numeric = (at(eps) - at(-eps)) / (2 * eps);
        v.assign(original);
        const analytic = tf.norm(g).dataSync()[0];
        // float32 loss rounding (~1e-7) over 2ε bounds the numeric side's absolute noise
        expect(Math.abs(numeric - analytic), v.name).toBeLessThan(0.03 * analytic + 2e-5);
        tf.dispose([direction, original]);
      }
      tf.dispose([...Object.values(first.grads), ...Object.values(second.grads), first.value, second.value, kappa]);
      disposeInputs(inputs);
    });

    it("loads a pretrained trunk (trunkOnly) and exposes its 16-wide hidden layer", async () => {
      const pretrained = await loadPretrained("mp-2018.6.1");
      const m = new ParAIsite({ trunk: pretrained.config, seed: 1 });
      m.setWeights(pretrained.getWeights(), { trunkOnly: true });
      const ref = li2oReference("mp-2018.6.1");
      const inputs = m.prepare(batchGraphs([buildCrystalGraph(LI2O, { cutoff: 4 })]));
      const hidden = tf.tidy(() => Array.from(m.trunk.forward(inputs).hidden.dataSync()));
      const want = (ref.stages.readout_dense1.value as number[][])[0];
      expect(hidden.length).toBe(16);
      for (const [i, h] of hidden.entries()) expect(Math.abs(h - want[i])).toBeLessThan(1e-5);
      disposeInputs(inputs);
      pretrained.dispose();
      m.dispose();
    });

    it("rejects wrong weights with a WeightsError naming the problem, changing nothing", () => {
      const m = new MEGNet(config, { seed: 3 });
      const good = m.getWeights();
      const bad = new Map(good);
      bad.set("block0.phi_e.0.kernel", { shape: [127, 64], data: new Float32Array(127 * 64) });
      bad.delete("readout.2.bias");
      bad.set("extra.kernel", { shape: [1], data: new Float32Array(1) });
      expect(() => m.setWeights(bad)).toThrow(WeightsError);
      expect(() => m.setWeights(bad)).toThrow(/block0\.phi_e\.0\.kernel: shape \[127, 64\], model expects \[128, 64\].*missing readout\.2\.bias.*unexpected weight extra\.kernel/);
      expect(m.getWeights().get("embedding")!.data).toEqual(good.get("embedding")!.data);
      m.dispose();
    });
  });
}

for (const backend of BACKENDS) {
  describe(`training forward on the manual tape (${backend})`, () => {
    beforeAll(() => useBackend(backend));

    const trunks = {
      "megnet-keras": config,
      standard: { ...config, set2set: { ...config.set2set, variant: "standard" as const } },
      "matgl (no projection, linear 16-wide layer)": matglTrunkConfig(2),
    };
    for (const [variant, trunk] of Object.entries(trunks)) {
      it(`gives tfjs-tape gradients for every variable (${variant} Set2Set), leaking nothing`, () => {
        const model = new ParAIsite({ trunk, seed: 11, targetTransform: transform, init: variant.startsWith("matgl") ? "torch" : "keras" });
        const inputs = model.prepare(smallBatch());
        const kappa = tf.tensor2d([[15], [400]]);
        const vars = model.trainableVariables;
        const grads = (fused: boolean) =>
          tf.variableGrads(() => mapeLoss(model.forward(inputs, { training: true, fused }), kappa), vars);
        const before = tf.memory().numTensors;
        const fused = grads(true);
        const taped = grads(false);
        expect(Math.abs(fused.value.dataSync()[0] - taped.value.dataSync()[0])).toBeLessThan(1e-6);
        for (const v of vars) {
          const a = fused.grads[v.name].dataSync();
          const b = taped.grads[v.name].dataSync();
          const scale = Array.from(b).reduce((m, x) => Math.max(m, Math.abs(x)), 1e-6);
          expect(maxAbsDiff(a, b) / scale, v.name).toBeLessThan(1e-4);
        }
        tf.dispose([fused.value, taped.value, ...Object.values(fused.grads), ...Object.values(taped.grads)]);
        expect(tf.memory().numTensors).toBe(before);
        tf.dispose(kappa);
        disposeInputs(inputs);
        model.dispose();
      });
    }
  });
}

describe("training with a frozen trunk (wasm)", () => {
  beforeAll(() => useBackend("wasm"));

  it("differentiates only the head when the trunk is frozen, leaking nothing", () => {
    const model = new ParAIsite({ trunk: config, seed: 5, targetTransform: transform });
    const inputs = model.prepare(smallBatch());
    const kappa = tf.tensor2d([[15], [400]]);
    const head = model.headParams.entries().map(([, v]) => v);
    const before = tf.memory().numTensors;
    const frozen = tf.variableGrads(() => mapeLoss(model.forward(inputs, { training: true, trainable: [] }), kappa), head);
    const full = tf.variableGrads(() => mapeLoss(model.forward(inputs, { training: true }), kappa), model.trainableVariables);
    for (const v of head) expect(maxAbsDiff(frozen.grads[v.name].dataSync(), full.grads[v.name].dataSync())).toBeLessThan(1e-6);
    tf.dispose([frozen.value, full.value, ...Object.values(frozen.grads), ...Object.values(full.grads)]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(kappa);
    disposeInputs(inputs);
    model.dispose();
  });
});
