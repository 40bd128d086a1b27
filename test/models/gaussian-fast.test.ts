/** The recurrence-based Gaussian expansion equals GaussianExpansion.expand to float32 rounding. */
import { describe, expect, it } from "vitest";
import { createRng } from "../../src/core/prng.js";
import { GaussianExpansion } from "../../src/graph/gaussian.js";
import { expandGaussians } from "../../src/models/gaussian-fast.js";

describe("expandGaussians", () => {
  it("matches expand for megnet's grids, including distances outside the grid", () => {
    const rng = createRng(1);
    const distances = [0, 1e-9, 2.01195, 4.65884, 5, 6, 7.5, 12, ...Array.from({ length: 2000 }, () => rng.next() * 6.5)];
    for (const [max, width] of [[5, 0.5], [6, 0.5], [4, 0.3]] as const) {
      const g = GaussianExpansion.linspace(0, max, 100, width);
      const want = g.expand(distances);
      const got = expandGaussians(g, distances);
      let worst = 0;
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]) / Math.max(want[i], 1e-30));
      expect(worst).toBeLessThan(1e-6);
    }
  });

  it("falls back to expand for uneven centres", () => {
    const g = new GaussianExpansion({ centers: [0, 1, 3], width: 0.5 });
    expect(Array.from(expandGaussians(g, [1.2]))).toEqual(Array.from(g.expand([1.2])));
  });
});
