import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { Compose, Log10Plus1, Standardize } from "../../src/core/target-transform.js";
import { Adam } from "../../src/train/adam.js";
import {
  makeLoss,
  mapeLossTensor,
  meanAbsoluteError,
  meanAbsolutePercentageError,
} from "../../src/train/losses.js";
import { inverseTransformTensor, inverseTransformWithDerivative } from "../../src/train/transform-ops.js";
import { reference } from "./reference.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("Adam (torch.optim.Adam semantics)", () => {
  // the numpy float32 trajectory itself is checked per backend in adam-host.test.ts
  it("uses torch's defaults (betas 0.9/0.999, eps 1e-8, no weight decay) and first step of size lr", () => {
    const p = tf.variable(tf.tensor1d([1, -2]));
    const adam = new Adam([p], { learningRate: 0.1 });
    expect([adam.beta1, adam.beta2, adam.eps, adam.weightDecay]).toEqual([0.9, 0.999, 1e-8, 0]);
    const g = tf.tensor1d([3, -0.5]);
    adam.apply([g]);
    // Step 1: m̂ = g, v̂ = g², so p moves by lr·sign(g) (up to eps).
    const [a, b] = p.dataSync();
    expect(a).toBeCloseTo(0.9, 6);
    expect(b).toBeCloseTo(-1.9, 6);
    adam.dispose();
    p.dispose();
    g.dispose();
  });

  it("skips a variable without gradient (its step count stays 0) and restores state exactly", () => {
    const p = tf.variable(tf.tensor1d([1, 2]));
    const q = tf.variable(tf.tensor1d([3]));
    const adam = new Adam([p, q], { learningRate: 0.01 });
    const g = tf.tensor1d([0.5, -0.25]);
    adam.apply([g, undefined]);
    adam.apply([g, undefined]);
    const state = adam.getState();
    expect(state.steps).toEqual([2, 0]);
    const other = new Adam([p, q], { learningRate: 1 });
    other.setState(state);
    expect(other.getState()).toEqual(state);
    expect(() => other.setState({ ...state, shapes: [[3], [1]] })).toThrow(/shape/);
    for (const t of [p, q, g]) t.dispose();
    adam.dispose();
    other.dispose();
  });
});

describe("losses and metrics", () => {
  it("MAPE is torchmetrics': a fraction with |target| clamped at 1.17e-6", () => {
    const { pred, target, mape } = reference.mape;
    expect(meanAbsolutePercentageError(pred, target)).toBeCloseTo(mape, 6);
    const t = tf.tidy(() => mapeLossTensor(tf.tensor1d(pred), Float64Array.from(target)).dataSync()[0]);
    expect(Math.abs(t / mape - 1)).toBeLessThan(1e-5);
    // torchmetrics' docstring example: 0.2667
    expect(meanAbsolutePercentageError([0.9, 15, 1.2e6], [1, 10, 1e6])).toBeCloseTo(0.26667, 5);
    expect(meanAbsoluteError([1, 2], [2, 4])).toBe(1.5);
  });

  it("inverts Compose([Log10Plus1, Standardize]) as tensor ops, with its derivative", () => {
    const transform = new Compose([Log10Plus1, new Standardize(1.1, 0.6)]);
    const zs = [-1.5, 0, 0.7, 2];
    const [kappa, derivative] = tf.tidy(() => {
      const r = inverseTransformWithDerivative(transform.toJSON(), tf.tensor1d(zs));
      return [Array.from(r.value.dataSync()), Array.from(r.derivative.dataSync())];
    });
    zs.forEach((z, i) => {
      expect(Math.abs(kappa[i] / transform.inverse(z) - 1)).toBeLessThan(2e-6);
      // d κ / d z = ln10 · std · 10^(z·std+mean)
      expect(Math.abs(derivative[i] / (Math.LN10 * 0.6 * 10 ** (z * 0.6 + 1.1)) - 1)).toBeLessThan(1e-5);
    });
    const plain = tf.tidy(() => Array.from(inverseTransformTensor(transform.toJSON(), tf.tensor1d(zs)).dataSync()));
    expect(plain).toEqual(kappa);
  });

  it("the losses' hand-written gradients match finite differences", () => {
    const transform = new Compose([Log10Plus1, new Standardize(0.9, 0.7)]);
    const targets = Float64Array.from([2.5, 40, 0.8, 300]);
    const z0 = [0.3, 0.9, -1.2, 1.6];
    for (const kind of ["mape", "l1"] as const) {
      const loss = makeLoss(kind, transform);
      const analytic = tf.tidy(() => Array.from(tf.grad((z: tf.Tensor) => loss(z as tf.Tensor1D, targets))(tf.tensor1d(z0)).dataSync()));
      const at = (z: number[]) => {
        // float64 reference of the same loss
        if (kind === "l1") return meanAbsoluteError(z, Array.from(targets, (y) => transform.forward(y)));
        return meanAbsolutePercentageError(z.map((v) => transform.inverse(v)), targets);
      };
      const h = 1e-6;
      z0.forEach((_, i) => {
        const up = z0.map((v, j) => (j === i ? v + h : v));
        const down = z0.map((v, j) => (j === i ? v - h : v));
        const numeric = (at(up) - at(down)) / (2 * h);
        expect(Math.abs(analytic[i] - numeric)).toBeLessThan(1e-4 * Math.max(1, Math.abs(numeric)));
      });
    }
  });

  it("mape loss works on κ, l1 on z", () => {
    const transform = new Compose([Log10Plus1, new Standardize(1, 0.5)]);
    const targets = Float64Array.from([9, 99]); // log10(κ+1) = 1, 2 → z = 0, 2
    const z = [0.2, 1.8];
    const mape = tf.tidy(() => makeLoss("mape", transform)(tf.tensor1d(z), targets).dataSync()[0]);
    const kappaHat = z.map((v) => transform.inverse(v));
    expect(mape).toBeCloseTo(meanAbsolutePercentageError(kappaHat, targets), 5);
    const l1 = tf.tidy(() => makeLoss("l1", transform)(tf.tensor1d(z), targets).dataSync()[0]);
    expect(l1).toBeCloseTo(0.2, 6);
  });
});
