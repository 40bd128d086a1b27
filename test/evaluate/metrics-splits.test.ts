/**
 * Held-out metrics against a NumPy/SciPy oracle (scripts/fixtures/evaluate_metrics.py), the κ_SRE
 * loss's gradient, and the nested grouped splits (no compound on two sides, inner parts disjoint
 * from the held-out part, seeded).
 */
import "@tensorflow/tfjs-backend-cpu";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { Compose, Log10, Standardize } from "../../src/core/target-transform.js";
import { kappaMetrics, summarizeMetrics } from "../../src/evaluate/metrics.js";
import { memberSplit, nestedSplits } from "../../src/evaluate/splits.js";
import { sreLossTensor } from "../../src/train/losses.js";
import { fixturesDir } from "../helpers/paths.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

interface Case {
  readonly truth: number[];
  readonly predicted: number[];
  readonly sigma: number[];
  readonly [metric: string]: number | number[];
}
const oracle = JSON.parse(readFileSync(resolve(fixturesDir(), "evaluate/metrics.json"), "utf8")) as { cases: Case[] };

describe("kappaMetrics", () => {
  for (const c of oracle.cases) {
    it(`matches NumPy/SciPy on ${c.truth.length} predictions`, () => {
      const m = kappaMetrics(c.predicted, c.truth, c.sigma);
      for (const key of ["mape", "kappaSre", "maeLog10", "spearman", "withinFactor2", "medianPredicted", "medianTrue", "coverage2Sigma"] as const) {
        expect(m[key], key).toBeCloseTo(c[key] as number, 12);
      }
      expect(m.n).toBe(c.truth.length);
    });
  }

  it("refuses non-positive κ and mismatched lengths, and summarizes with ddof 0", () => {
    expect(() => kappaMetrics([1, -2], [1, 2])).toThrow(/finite and > 0/);
    expect(() => kappaMetrics([1], [1, 2])).toThrow(RangeError);
    const a = kappaMetrics([1, 2, 4], [1, 1, 1]);
    const b = kappaMetrics([1, 1, 1], [1, 1, 1]);
    expect(a.withinFactor2).toBeCloseTo(2 / 3, 15);
    expect(a.coverage2Sigma).toBeUndefined();
    const s = summarizeMetrics([a, b]);
    expect(s.mean.kappaSre).toBeCloseTo((a.kappaSre + b.kappaSre) / 2, 15);
    expect(s.std.kappaSre).toBeCloseTo(Math.abs(a.kappaSre - b.kappaSre) / 2, 15);
  });
});

describe("κ_SRE loss", () => {
  it("equals mean |2(κ̂ − κ)/(κ̂ + κ)| and its gradient matches central differences", () => {
    const transform = new Compose([Log10, new Standardize(1.2, 0.6)]);
    const json = transform.toJSON();
    const targets = Float64Array.from([0.3, 5, 40, 900]);
    const z0 = [-0.7, 0.1, 0.35, 2.2];
    const kappa = z0.map((z) => transform.inverse(z));
    const expected = kappa.reduce((s, k, i) => s + Math.abs((2 * (k - targets[i])) / (k + targets[i])), 0) / 4;
    const z = tf.variable(tf.tensor1d(z0), true, "zsre");
    const { value, grads } = tf.variableGrads(() => sreLossTensor(z as unknown as tf.Tensor1D, targets, json), [z]);
    expect(value.dataSync()[0]).toBeCloseTo(expected, 5);
    const g = grads.zsre.dataSync();
    const h = 1e-3;
    z0.forEach((_, i) => {
      const at = (d: number) => {
        const k = transform.inverse(z0[i] + d);
        return Math.abs((2 * (k - targets[i])) / (k + targets[i])) / 4;
      };
      expect(g[i]).toBeCloseTo((at(h) - at(-h)) / (2 * h), 3);
    });
    tf.dispose([z, value, ...Object.values(grads)]);
  });
});

describe("nestedSplits", () => {
  const groups = Array.from({ length: 60 }, (_, i) => `F${i % 23}`);

  it("holds out ~20 % per run, never a compound on two sides, inner parts disjoint from it", () => {
    const splits = nestedSplits(60, { runs: 9, seed: 42, groups });
    expect(splits.map((s) => s.run)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const s of splits) {
      const all = [...s.train, ...s.validation, ...s.test].sort((a, b) => a - b);
      expect(all).toEqual(Array.from({ length: 60 }, (_, i) => i));
      const side = (idx: Int32Array) => new Set(Array.from(idx, (i) => groups[i]));
      const [tr, va, te] = [side(s.train), side(s.validation), side(s.test)];
      for (const g of te) expect(tr.has(g) || va.has(g)).toBe(false);
      for (const g of va) expect(tr.has(g)).toBe(false);
      expect(s.test.length).toBeGreaterThanOrEqual(12);
      expect(s.test.length).toBeLessThanOrEqual(12 + 3);
      const m2 = memberSplit(s, 2, { seed: 42, groups });
      expect(Array.from(m2.test)).toEqual(Array.from(s.test));
      expect([...m2.train, ...m2.validation].sort((a, b) => a - b)).toEqual([...s.train, ...s.validation].sort((a, b) => a - b));
      expect(Array.from(m2.validation)).not.toEqual(Array.from(s.validation));
    }
    expect(nestedSplits(60, { runs: 9, seed: 42, groups })).toEqual(splits);
    expect(nestedSplits(60, { runs: 9, seed: 7, groups })[0].test).not.toEqual(splits[0].test);
  });

  it("ungrouped splits hold out exactly n − round(0.8 n)", () => {
    for (const s of nestedSplits(95, { runs: 3 })) {
      expect(s.test.length).toBe(19);
      expect(s.validation.length).toBe(15);
      expect(s.train.length).toBe(61);
    }
  });
});

describe("per-source calibration of auxiliary rows", () => {
  it("z·(1 + a) + b on calibrated rows only, with gradients matching central differences", async () => {
    const { addCalibration } = await import("../../src/evaluate/member.js");
    const z0 = [0.3, -1.2, 0.8, 2.0];
    const slots = Int32Array.from([-1, 0, 1, 0]);
    const c0 = [0.5, -0.25, 0.1, -0.3]; // b0, b1, a0, a1
    const z = tf.variable(tf.tensor1d(z0), true, "zcal");
    const c = tf.variable(tf.tensor1d(c0), true, "ccal");
    const weights = tf.tensor1d([1, 2, -1, 0.5]);
    const f = () => tf.sum(tf.mul(addCalibration(z as unknown as tf.Tensor1D, c, slots, true), weights)) as tf.Scalar;
    const value = addCalibration(z as unknown as tf.Tensor1D, c, slots, true).dataSync();
    const expected = [0.3, -1.2 * 1.1 + 0.5, 0.8 * 0.7 - 0.25, 2.0 * 1.1 + 0.5];
    for (const [g, v] of expected.entries()) expect(value[g]).toBeCloseTo(v, 6);
    const { grads } = tf.variableGrads(f, [z, c]);
    const plain = (zz: number[], cc: number[]) =>
      zz.reduce((s, v, g) => s + [1, 2, -1, 0.5][g] * (slots[g] < 0 ? v : v * (1 + cc[2 + slots[g]]) + cc[slots[g]]), 0);
    const h = 1e-3;
    z0.forEach((_, i) => {
      const up = [...z0];
      const down = [...z0];
      up[i] += h;
      down[i] -= h;
      expect(grads.zcal.dataSync()[i]).toBeCloseTo((plain(up, c0) - plain(down, c0)) / (2 * h), 3);
    });
    c0.forEach((_, i) => {
      const up = [...c0];
      const down = [...c0];
      up[i] += h;
      down[i] -= h;
      expect(grads.ccal.dataSync()[i]).toBeCloseTo((plain(z0, up) - plain(z0, down)) / (2 * h), 3);
    });
    tf.dispose([z, c, weights, ...Object.values(grads)]);
  });
});
