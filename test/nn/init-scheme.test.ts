/** Init schemes: "keras" is today's init bit for bit; "torch" draws torch's default distributions. */
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { createRng } from "../../src/core/prng.js";
import { Dense } from "../../src/nn/dense.js";
import { Embedding } from "../../src/nn/embedding.js";
import { ParamStore, initialValues } from "../../src/nn/params.js";
import { Set2Set } from "../../src/nn/set2set.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function stats(values: Float32Array): { min: number; max: number; mean: number; variance: number } {
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const mean = sum / values.length;
  let sq = 0;
  for (const v of values) sq += (v - mean) ** 2;
  return { min, max, mean, variance: sq / values.length };
}

const data = (store: ParamStore, name: string) => store.get(name).dataSync() as Float32Array;

describe("initialValues", () => {
  it("uniformBound draws U(−l, l) and standard-normal N(0, 1), both seeded", () => {
    const u = initialValues([20000], { uniformBound: 0.3 }, createRng(1));
    const s = stats(u);
    expect(s.min).toBeGreaterThanOrEqual(-0.3);
    expect(s.max).toBeLessThanOrEqual(0.3);
    expect(s.variance).toBeCloseTo(0.09 / 3, 3);
    expect(initialValues([20000], { uniformBound: 0.3 }, createRng(1))).toEqual(u);
    const n = stats(initialValues([20000], "standard-normal", createRng(2)));
    expect(Math.abs(n.mean)).toBeLessThan(0.03);
    expect(Math.sqrt(n.variance)).toBeGreaterThan(0.97);
    expect(Math.sqrt(n.variance)).toBeLessThan(1.03);
    expect(() => initialValues([2], { uniformBound: -1 }, createRng(1))).toThrow(RangeError);
  });

  it("ParamStore defaults to keras and rejects unknown schemes", () => {
    expect(new ParamStore().scheme).toBe("keras");
    expect(new ParamStore({ scheme: "torch" }).scheme).toBe("torch");
    expect(() => new ParamStore({ scheme: "jax" as "keras" })).toThrow(/keras or torch/);
  });
});

describe("torch scheme layers", () => {
  it("Dense 450×350: kernel and bias U(±1/√450), kernel variance 1/(3·450)", () => {
    const store = new ParamStore({ scheme: "torch" });
    new Dense({ name: "d", inputDim: 450, units: 350, activation: "relu" }).build(store, createRng(3));
    const bound = 1 / Math.sqrt(450);
    const k = stats(data(store, "d.kernel"));
    expect(k.min).toBeGreaterThanOrEqual(-bound);
    expect(k.max).toBeLessThanOrEqual(bound);
    expect(k.max).toBeGreaterThan(0.99 * bound); // 157,500 draws fill the interval
    expect(Math.abs(k.mean)).toBeLessThan(1e-3);
    expect(k.variance / (1 / (3 * 450))).toBeGreaterThan(0.98);
    expect(k.variance / (1 / (3 * 450))).toBeLessThan(1.02);
    const bias = data(store, "d.bias");
    const b = stats(bias);
    expect(b.min).toBeGreaterThanOrEqual(-bound);
    expect(b.max).toBeLessThanOrEqual(bound);
    expect(bias.every((v) => v !== 0)).toBe(true);
    expect(b.variance / (1 / (3 * 450))).toBeGreaterThan(0.8);
    expect(b.variance / (1 / (3 * 450))).toBeLessThan(1.2);
    store.dispose();
  });

  it("Embedding is N(0, 1)", () => {
    const store = new ParamStore({ scheme: "torch" });
    new Embedding({ name: "embedding", inputDim: 95, outputDim: 16 }).build(store, createRng(4));
    const e = stats(data(store, "embedding"));
    expect(Math.abs(e.mean)).toBeLessThan(0.06);
    expect(Math.sqrt(e.variance)).toBeGreaterThan(0.95);
    expect(Math.sqrt(e.variance)).toBeLessThan(1.05);
    store.dispose();
  });

  it("Set2Set: LSTM kernel U(±1/√h), bias = sum of two U(±1/√h), x_to_m like nn.Linear", () => {
    const h = 16;
    const store = new ParamStore({ scheme: "torch" });
    new Set2Set({ name: "s", inputDim: 32, nHidden: h, steps: 3, variant: "standard" }).build(store, createRng(5));
    const bound = 1 / Math.sqrt(h);
    const k = stats(data(store, "s.recurrent.kernel"));
    expect(k.min).toBeGreaterThanOrEqual(-bound);
    expect(k.max).toBeLessThanOrEqual(bound);
    expect(k.max).toBeGreaterThan(0.9 * bound); // not the Dense bound 1/√(2h)
    const b = data(store, "s.recurrent.bias");
    expect(b.every((v) => v !== 0 && Math.abs(v) <= 2 * bound)).toBe(true);
    expect(b.slice(h, 2 * h).every((v) => v !== 1)).toBe(true); // no Keras forget bias
    const m = stats(data(store, "s.x_to_m.kernel"));
    expect(m.max).toBeLessThanOrEqual(1 / Math.sqrt(32));
    expect(data(store, "s.x_to_m.bias").every((v) => v !== 0)).toBe(true);
    store.dispose();
  });
});

describe("keras scheme", () => {
  it("an explicit keras store builds exactly the default store's weights", () => {
    const build = (store: ParamStore) => {
      const rng = createRng(6);
      new Embedding({ name: "embedding", inputDim: 10, outputDim: 4 }).build(store, rng);
      new Dense({ name: "d", inputDim: 7, units: 5, activation: "relu" }).build(store, rng);
      new Set2Set({ name: "s", inputDim: 5, nHidden: 3, steps: 2, variant: "megnet-keras" }).build(store, rng);
      return store;
    };
    const plain = build(new ParamStore());
    const keras = build(new ParamStore({ scheme: "keras" }));
    expect(keras.names()).toEqual(plain.names());
    for (const name of plain.names()) expect(data(keras, name)).toEqual(data(plain, name));
    expect(Array.from(data(plain, "d.bias"))).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(data(plain, "s.recurrent.bias"))).toEqual([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
    plain.dispose();
    keras.dispose();
  });
});
