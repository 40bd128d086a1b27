/**
 * Li2O reference (shared/reference/megnet-li2o): every intermediate stage of both pretrained
 * formation-energy models and the final predictions, on wasm and cpu.
 *
 * Stage tolerance: 1e-5 × max(1, largest |value| of the stage). The reference is float64, the
 * model float32; bond features reach |x| ≈ 39 where one float32 ulp is 3.8e-6, and rounding
 * accumulated over 3 blocks leaves up to 3e-5 absolute (1e-6 relative) on those stages, the
 * same with the textbook sp2 formula. Every stage of magnitude ≤ 1 and the predictions are held
 * to 1e-5 absolute.
 */
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { batchGraphs } from "../../src/graph/batch.js";
import type { MEGNet } from "../../src/models/megnet.js";
import { BACKENDS, flat, graphFromReference, li2oReference, loadPretrained, maxAbsDiff, type ModelName, useBackend } from "./helpers.js";

const EXPECTED: Record<ModelName, number> = { "mp-2019.4.1": -2.0152957, "mp-2018.6.1": -2.0717567 };

/** Reference stage values keyed like the model's stage callback names. */
function referenceStages(model: ModelName): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const [stage, entry] of Object.entries(li2oReference(model).stages)) {
    for (const [key, value] of Object.entries(entry)) {
      if (key === "keras_layer") continue;
      if (key === "steps") {
        (value as Record<string, unknown>[]).forEach((step, t) => {
          for (const [k, v] of Object.entries(step)) out.set(`${stage}.steps.${t}.${k}`, flat(v));
        });
      } else out.set(key === "value" ? stage : `${stage}.${key}`, flat(value));
    }
  }
  return out;
}

for (const backend of BACKENDS) {
  for (const modelName of ["mp-2019.4.1", "mp-2018.6.1"] as const) {
    describe(`MEGNet ${modelName} on Li2O (${backend})`, () => {
      let model: MEGNet;
      beforeAll(async () => {
        await useBackend(backend);
        model = await loadPretrained(modelName);
      });
      afterAll(() => model.dispose());

      it("has megnet's 167,761 parameters", () => {
        expect(model.parameterCount()).toBe(167_761);
      });

      it("matches every reference stage to 1e-5", () => {
        const ref = li2oReference(modelName);
        const expected = referenceStages(modelName);
        const inputs = model.prepare(batchGraphs([graphFromReference(ref)]));
        const seen = new Map<string, number[]>();
        tf.tidy(() => {
          model.forward(inputs, { stage: (name, v) => seen.set(name, Array.from(v.dataSync())) });
        });
        const worst: [string, number][] = [];
        for (const [name, want] of expected) {
          const got = seen.get(name);
          expect(got, `stage ${name} not reported`).toBeDefined();
          const scale = Math.max(1, ...want.map(Math.abs));
          worst.push([name, maxAbsDiff(got!, want) / scale]);
        }
        const bad = worst.filter(([, d]) => !(d <= 1e-5));
        expect(bad.map(([n, d]) => `${n}: ${d.toExponential(2)}`).join("\n")).toBe("");
        expect(expected.size).toBeGreaterThan(60);
      });

      it(`predicts ${EXPECTED[modelName]} eV/atom`, () => {
        const pred = model.predict(batchGraphs([graphFromReference(li2oReference(modelName))]));
        expect(pred.length).toBe(1);
        expect(Math.abs(pred[0] - EXPECTED[modelName])).toBeLessThan(1e-5);
      });
    });
  }
}
