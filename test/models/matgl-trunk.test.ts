/**
 * The authors' trunk (matgl's MEGNet as liudakl/ParAIsite builds it): our forward pass against an
 * independent float64 NumPy oracle written from their source (scripts/fixtures/matgl_forward.py),
 * and the Gaussian basis against matgl's exp(−0.5·Δ²).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { Identity } from "../../src/core/target-transform.js";
import { batchGraphs } from "../../src/graph/batch.js";
import { buildCrystalGraph } from "../../src/graph/build.js";
import { GaussianExpansion } from "../../src/graph/gaussian.js";
import { parseCifStructure } from "../../src/io/index.js";
import { matglTrunkConfig } from "../../src/models/config.js";
import { disposeInputs } from "../../src/models/inputs.js";
import { ParAIsite } from "../../src/models/paraisite.js";
import { megnetWeightShapes } from "../../src/weights/shapes.js";
import { fixturesDir, repoRoot } from "../helpers/paths.js";
import { BACKENDS, useBackend } from "./helpers.js";

interface OracleFixture {
  readonly seed: number;
  readonly steps: number;
  readonly structures: readonly { readonly file: string; readonly hidden16: readonly number[]; readonly z: number }[];
}

const fixture = JSON.parse(readFileSync(resolve(fixturesDir(), "models/matgl-forward.json"), "utf8")) as OracleFixture;

function oracleBatch() {
  return batchGraphs(
    fixture.structures.map(({ file }) => {
      const text = readFileSync(resolve(repoRoot, "examples/structures", file), "utf8");
      return buildCrystalGraph(parseCifStructure(text, { file }), { cutoff: 4 });
    }),
  );
}

describe("matglTrunkConfig", () => {
  it("expands distances as matgl's exp(−0.5·(d − μ)²) on 100 centres from 0 to 5 Å", () => {
    const config = matglTrunkConfig();
    const basis = new GaussianExpansion(config.graph);
    const d = [0.5, 1.93, 2.8731, 3.999];
    const values = basis.expand(d);
    for (let e = 0; e < d.length; e++) {
      for (let k = 0; k < 100; k++) {
        const mu = (5 * k) / 99;
        expect(values[e * 100 + k]).toBe(Math.fround(Math.exp(-0.5 * (Math.fround(d[e]) - mu) ** 2)));
      }
    }
  });

  it("has no Set2Set projection, an LSTM as wide as the features, and a 160-wide readout input", () => {
    const shapes = megnetWeightShapes(matglTrunkConfig());
    expect(shapes.has("set2set.atom.x_to_m.kernel")).toBe(false);
    expect(shapes.get("set2set.atom.recurrent.kernel")).toEqual([64, 128]);
    expect(shapes.get("set2set.bond.recurrent.bias")).toEqual([128]);
    expect(shapes.get("readout.0.kernel")).toEqual([160, 32]);
    expect(shapes.get("readout.1.kernel")).toEqual([32, 16]);
  });
});

for (const backend of BACKENDS) {
  describe(`the authors' matgl trunk + head against the NumPy oracle (${backend})`, () => {
    beforeAll(() => useBackend(backend));

    it("gives the oracle's linear 16-wide layer and output for NaCl, ZnO and GaAs (float32 vs float64)", () => {
      const model = new ParAIsite({ trunk: matglTrunkConfig(fixture.steps), seed: fixture.seed, init: "torch", targetTransform: Identity });
      const inputs = model.prepare(oracleBatch());
      const hidden = tf.tidy(() => model.trunk.forward(inputs).hidden);
      const h = hidden.arraySync() as number[][];
      const z = model.predictNormalized(inputs);
      fixture.structures.forEach((s, g) => {
        for (let j = 0; j < 16; j++) expect(Math.abs(h[g][j] - s.hidden16[j]), `${s.file} hidden[${j}]`).toBeLessThan(2e-5 * Math.max(1, Math.abs(s.hidden16[j])));
        expect(Math.abs(z[g] - s.z), s.file).toBeLessThan(2e-5);
      });
      hidden.dispose();
      disposeInputs(inputs);
      model.dispose();
    });
  });
}
