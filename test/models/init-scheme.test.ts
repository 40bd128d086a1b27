/** `init` of MEGNet and ParAIsite: "keras" leaves every weight bit-identical; "torch" reaches trunk and head. */
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { megnetDefaultConfig } from "../../src/models/config.js";
import { MEGNet } from "../../src/models/megnet.js";
import { ParAIsite } from "../../src/models/paraisite.js";
import type { ParamStore } from "../../src/nn/params.js";

const config = megnetDefaultConfig({ cutoff: 4, centers: Array.from({ length: 100 }, (_, k) => (5 * k) / 99), width: 0.5 }, 3);

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function expectSameWeights(a: ParamStore, b: ParamStore): void {
  expect(a.names()).toEqual(b.names());
  for (const name of a.names()) {
    const x = a.get(name).dataSync();
    const y = b.get(name).dataSync();
    expect(Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(y.buffer, y.byteOffset, y.byteLength)), name).toBe(true);
  }
}

describe("init scheme of models", () => {
  it('MEGNet { init: "keras" } equals MEGNet without the option, weight by weight', () => {
    const plain = new MEGNet(config, { seed: 7 });
    const keras = new MEGNet(config, { seed: 7, init: "keras" });
    expect(keras.params.scheme).toBe("keras");
    expectSameWeights(keras.params, plain.params);
    plain.dispose();
    keras.dispose();
  });

  it('ParAIsite { init: "keras" } equals ParAIsite without the option (trunk and head)', () => {
    const plain = new ParAIsite({ trunk: config, seed: 42001 });
    const keras = new ParAIsite({ trunk: config, seed: 42001, init: "keras" });
    expectSameWeights(keras.trunk.params, plain.trunk.params);
    expectSameWeights(keras.headParams, plain.headParams);
    plain.dispose();
    keras.dispose();
  });

  it('ParAIsite { init: "torch" } uses torch defaults in trunk and head, seeded', () => {
    const model = new ParAIsite({ trunk: config, seed: 42001, init: "torch" });
    expect(model.trunk.params.scheme).toBe("torch");
    expect(model.headParams.scheme).toBe("torch");
    const values = (store: ParamStore, name: string) => Array.from(store.get(name).dataSync());
    // head.1 is the 450 → 350 layer
    const bound = 1 / Math.sqrt(450);
    const kernel = values(model.headParams, "head.1.kernel");
    expect(kernel.length).toBe(450 * 350);
    expect(kernel.reduce((m, v) => Math.max(m, Math.abs(v)), 0)).toBeLessThanOrEqual(bound);
    const variance = kernel.reduce((s, v) => s + v * v, 0) / kernel.length;
    expect(variance * 3 * 450).toBeGreaterThan(0.98);
    expect(variance * 3 * 450).toBeLessThan(1.02);
    const bias = values(model.headParams, "head.1.bias");
    expect(bias.every((v) => v !== 0 && Math.abs(v) <= bound)).toBe(true);
    // trunk: embedding N(0, 1), readout biases nonzero
    const emb = values(model.trunk.params, "embedding");
    const mean = emb.reduce((s, v) => s + v, 0) / emb.length;
    const std = Math.sqrt(emb.reduce((s, v) => s + (v - mean) ** 2, 0) / emb.length);
    expect(Math.abs(mean)).toBeLessThan(0.06);
    expect(std).toBeGreaterThan(0.95);
    expect(std).toBeLessThan(1.05);
    expect(values(model.trunk.params, "readout.0.bias").every((v) => v !== 0)).toBe(true);
    // same seed, same weights; the keras model differs
    const again = new ParAIsite({ trunk: config, seed: 42001, init: "torch" });
    expectSameWeights(again.headParams, model.headParams);
    expectSameWeights(again.trunk.params, model.trunk.params);
    const keras = new ParAIsite({ trunk: config, seed: 42001 });
    expect(values(keras.headParams, "head.1.kernel")).not.toEqual(kernel);
    for (const m of [model, again, keras]) m.dispose();
  });
});
