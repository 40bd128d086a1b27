/**
 * No unphysical κ: whatever the network outputs, `ParAIsite.predict` returns a κ in KAPPA_RANGE
 * (the paper's log10(κ + 1) inverts to κ < 0 for low outputs), and the log10 κ target keeps the
 * low-κ end resolved.
 */
import { describe, expect, it } from "vitest";
import { Compose, Log10, Log10Plus1, Standardize } from "../../src/core/target-transform.js";
import { fitKappaTransform } from "../../src/data/kappa-transform.js";
import { buildCrystalGraph } from "../../src/graph/build.js";
import { batchGraphs } from "../../src/graph/batch.js";
import { megnetDefaultConfig } from "../../src/models/config.js";
import { clampKappa, KAPPA_RANGE, ParAIsite } from "../../src/models/paraisite.js";
import { LI2O, useBackend } from "./helpers.js";

const config = megnetDefaultConfig({ cutoff: 4, centers: Array.from({ length: 100 }, (_, k) => (5 * k) / 99), width: 0.5 }, 3);

describe("physical κ range", () => {
  it("clamps into [1e-3, 1e4] W/(m·K) and keeps NaN visible", () => {
    expect(clampKappa(-0.7)).toBe(KAPPA_RANGE.min);
    expect(clampKappa(Number.POSITIVE_INFINITY)).toBe(KAPPA_RANGE.max);
    expect(clampKappa(3.2)).toBe(3.2);
    expect(Number.isNaN(clampKappa(Number.NaN))).toBe(true);
  });

  it("a log10(κ + 1) model whose output is far below the mean predicts the lower bound, never κ < 0", async () => {
    await useBackend("cpu");
    // mean −3 in log10(κ + 1): any output near 0 inverts to 10^(−3) − 1 < 0 without the clamp
    const transform = new Compose([Log10Plus1, new Standardize(-3, 0.1)]);
    const model = new ParAIsite({ trunk: config, seed: 3, targetTransform: transform });
    const batch = batchGraphs([buildCrystalGraph(LI2O, { cutoff: 4 })]);
    const z = model.predictNormalized(batch)[0];
    expect(transform.inverse(z)).toBeLessThan(0);
    expect(model.predict(batch)[0]).toBe(KAPPA_RANGE.min);
    model.dispose();
  });

  it("log10 κ inverts to κ > 0 for every output and spreads 0.1–2 W/(m·K) three times wider than log10(κ + 1)", () => {
    for (const z of [-40, -5, 0, 5]) expect(Log10.inverse(z)).toBeGreaterThan(0);
    const width = (t: { forward(y: number): number }) => t.forward(2) - t.forward(0.1);
    expect(width(Log10)).toBeCloseTo(1.30103, 5);
    expect(width(Log10Plus1)).toBeCloseTo(0.43573, 5);
    const fitted = fitKappaTransform([0.5, 5, 50], { log: "log10" });
    expect(fitted.inverse(fitted.forward(0.12))).toBeCloseTo(0.12, 12);
    expect(() => fitKappaTransform([0, 5], { log: "log10" })).toThrow(/> 0/);
  });
});
