import { describe, expect, it } from "vitest";
import { GaussianExpansion } from "../../src/graph/index.js";

describe("GaussianExpansion", () => {
  it("is exp(−(d − μ)² / σ²) with σ², not 2σ² (megnet-keras-format §3)", () => {
    const g = new GaussianExpansion({ centers: [0, 0.5, 1], width: 0.5 });
    const out = g.expand([1]);
    expect(out[0]).toBeCloseTo(Math.exp(-4), 7);
    expect(out[1]).toBeCloseTo(Math.exp(-1), 7);
    expect(out[2]).toBe(1);
  });

  it("reproduces megnet's grids: linspace(0, 5, 100) and linspace(0, 6, 100), σ = 0.5", () => {
    const g5 = GaussianExpansion.linspace(0, 5, 100, 0.5);
    expect(g5.size).toBe(100);
    expect(g5.centers[1]).toBeCloseTo(5 / 99, 15);
    expect(g5.centers[99]).toBeCloseTo(5, 14);
    const g6 = GaussianExpansion.linspace(0, 6, 100, 0.5);
    expect(g6.centers[99]).toBeCloseTo(6, 14);
    // row-major [nEdges, nCenters]; the distance is cast to float32 first, as megnet does
    const d = 1.9876543210123;
    const rows = g6.expand([0.5, d]);
    expect(rows).toHaveLength(200);
    const x = Math.fround(d) - g6.centers[33];
    expect(rows[100 + 33]).toBe(Math.fround(Math.exp(-4 * x * x)));
  });

  it("rejects a non-positive width", () => {
    expect(() => new GaussianExpansion({ centers: [0], width: 0 })).toThrow(RangeError);
  });
});
