import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { lgamma, mean as mjMean, quantileSeq, std as mjStd, variance as mjVariance } from "mathjs";
import { describe, expect, it } from "vitest";
import { binEdges, countInBins, histogram } from "../../src/analysis/histogram.js";
import {
  logBeta,
  logGamma,
  regularizedIncompleteBeta,
  studentTSurvival,
  studentTTwoSided,
} from "../../src/analysis/special.js";
import {
  correlationPValue,
  finitePairs,
  mean,
  median,
  pearson,
  quantile,
  rankAverage,
  spearman,
  std,
  variance,
} from "../../src/analysis/stats.js";
import { DataError } from "../../src/core/errors.js";
import { fixturesDir } from "../helpers/paths.js";

interface PairCase {
  name: string;
  x: number[];
  y: number[];
  pearson_r: number;
  pearson_p: number;
  spearman_rho: number;
  spearman_p: number;
  pearson_p_exact: number;
  spearman_p_exact: number;
}
interface Fixture {
  pairs: PairCase[];
  t_sf: { t: number; df: number; sf: number; two_sided: number; sf_exact: number; two_sided_exact: number }[];
  t_grid: { t: number; df: number; two_sided_exact: number }[];
  betainc: { a: number; b: number; x: number; value: number; exact: number }[];
  gammaln: { x: number; value: number; exact: number }[];
  betaln: { a: number; b: number; exact: number }[];
  descriptive: {
    x: number[];
    mean: number;
    var_ddof0: number;
    var_ddof1: number;
    std_ddof0: number;
    std_ddof1: number;
    quantiles: Record<string, number>;
    rankdata_ties: { x: number[]; ranks: number[] };
  };
  histogram: Record<"linear" | "log", { bins: number; edges: number[]; counts: number[] }>;
}

const fixture = JSON.parse(
  readFileSync(resolve(fixturesDir(), "analysis/scipy-stats.json"), "utf8"),
) as Fixture;

/** |actual − expected| ≤ rel·|expected| (+ a tiny absolute floor for values that are 0). */
function expectClose(actual: number, expected: number, rel: number, abs = 0): void {
  const err = Math.abs(actual - expected);
  const tol = Math.max(rel * Math.abs(expected), abs);
  if (!(err <= tol)) throw new Error(`expected ${expected}, got ${actual} (error ${err}, tolerance ${tol})`);
}

// "exact" values are mpmath at 40 digits; scipy 1.10 itself drifts up to ~1e-11 for df ~ 1e4.
describe("special functions against mpmath and scipy.special", () => {
  it("logGamma matches loggamma to 1e-14 relative", () => {
    for (const c of fixture.gammaln) {
      expectClose(logGamma(c.x), c.exact, 1e-14, 1e-15);
      expectClose(logGamma(c.x), c.value, 1e-13, 1e-15);
    }
  });

  it("logBeta stays accurate where the log-gammas would cancel", () => {
    for (const c of fixture.betaln) expectClose(logBeta(c.a, c.b), c.exact, 1e-14, 1e-15);
  });

  it("regularizedIncompleteBeta matches betainc to 2e-12 relative (worst case a = 20000, x near 1)", () => {
    for (const c of fixture.betainc) {
      expectClose(regularizedIncompleteBeta(c.a, c.b, c.x), c.exact, c.a > 1000 ? 2e-12 : 1e-12, 1e-300);
      expectClose(regularizedIncompleteBeta(c.a, c.b, c.x), c.value, 1e-9, 1e-300);
    }
  });

  it("Student t survival and two-sided p match scipy.stats.t", () => {
    for (const c of fixture.t_sf) {
      expectClose(studentTSurvival(c.t, c.df), c.sf_exact, 1e-12, 1e-300);
      expectClose(studentTTwoSided(c.t, c.df), c.two_sided_exact, 1e-12, 1e-300);
      expectClose(studentTSurvival(c.t, c.df), c.sf, 1e-9, 1e-300);
    }
  });

  it("two-sided t p-values on a random grid (df up to 6e4) within 2e-12 relative", () => {
    for (const c of fixture.t_grid) expectClose(studentTTwoSided(c.t, c.df), c.two_sided_exact, 2e-12, 1e-300);
  });

  it("handles the edges of the domain", () => {
    expect(regularizedIncompleteBeta(2, 3, 0)).toBe(0);
    expect(regularizedIncompleteBeta(2, 3, 1)).toBe(1);
    expect(studentTSurvival(Infinity, 4)).toBe(0);
    expect(studentTSurvival(-Infinity, 4)).toBe(1);
    expect(studentTTwoSided(0, 7)).toBe(1);
    expect(() => regularizedIncompleteBeta(0, 1, 0.5)).toThrow(RangeError);
    expect(() => studentTSurvival(1, 0)).toThrow(RangeError);
  });
});

describe("correlations against scipy.stats", () => {
  for (const c of fixture.pairs) {
    it(`pearsonr and spearmanr agree: ${c.name}`, () => {
      const pr = pearson(c.x, c.y);
      expectClose(pr.r, c.pearson_r, 1e-12);
      expectClose(pr.p, c.pearson_p, 1e-10);
      expectClose(pr.p, c.pearson_p_exact, 1e-11);
      expect(pr.n).toBe(c.x.length);
      const sr = spearman(c.x, c.y);
      expectClose(sr.r, c.spearman_rho, 1e-12);
      expectClose(sr.p, c.spearman_p, 1e-10);
      expectClose(sr.p, c.spearman_p_exact, 1e-11);
    });
  }

  it("perfect correlation gives |r| = 1 and p = 0; n = 2 gives p = 1", () => {
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toEqual({ r: 1, p: 0, n: 4 });
    expect(pearson([1, 2, 3], [3, 2, 1]).r).toBeCloseTo(-1, 15);
    expect(pearson([1, 2], [5, 3])).toMatchObject({ p: 1, n: 2 });
    expect(pearson([1, 2], [5, 3]).r).toBeCloseTo(-1, 15);
    expect(correlationPValue(0, 10)).toBeCloseTo(1, 15);
  });

  it("a constant input has no correlation (NaN), like scipy", () => {
    const c = pearson([1, 1, 1], [1, 2, 3]);
    expect(Number.isNaN(c.r) && Number.isNaN(c.p)).toBe(true);
  });

  it("rejects mismatched, too short or non-finite input with DataError", () => {
    expect(() => pearson([1, 2], [1])).toThrow(DataError);
    expect(() => pearson([1], [1])).toThrow(DataError);
    expect(() => spearman([1, NaN, 3], [1, 2, 3])).toThrow(DataError);
  });

  it("finitePairs drops pairs with a missing side", () => {
    expect(finitePairs([1, NaN, 3, 4], [5, 6, Infinity, 8])).toEqual({ x: [1, 4], y: [5, 8] });
  });
});

describe("descriptive statistics against numpy", () => {
  const d = fixture.descriptive;
  it("mean, variance and std with explicit ddof", () => {
    expectClose(mean(d.x), d.mean, 1e-14);
    expectClose(variance(d.x, 0), d.var_ddof0, 1e-13);
    expectClose(variance(d.x, 1), d.var_ddof1, 1e-13);
    expectClose(std(d.x, 0), d.std_ddof0, 1e-13);
    expectClose(std(d.x, 1), d.std_ddof1, 1e-13);
    expect(() => variance([3], 1)).toThrow(DataError);
  });

  it("quantiles use numpy's linear interpolation", () => {
    for (const [q, v] of Object.entries(d.quantiles)) expectClose(quantile(d.x, Number(q)), v, 1e-14);
    expect(median([5, 1, 3, 2])).toBe(2.5);
  });

  it("agrees with mathjs: 'unbiased' is ddof = 1, 'uncorrected' is ddof = 0, quantileSeq is numpy's linear", () => {
    expectClose(mean(d.x), mjMean(d.x), 1e-14);
    expectClose(variance(d.x, 1), mjVariance(d.x, "unbiased") as number, 1e-13);
    expectClose(variance(d.x, 0), mjVariance(d.x, "uncorrected") as number, 1e-13);
    expectClose(std(d.x, 1), mjStd(d.x, "unbiased") as number, 1e-13);
    for (const q of [0.1, 0.25, 0.5, 0.9]) expectClose(quantile(d.x, q), quantileSeq(d.x, q) as number, 1e-14);
  });

  it("is more accurate than mathjs lgamma (why special.ts has its own)", () => {
    const worst = (f: (x: number) => number): number =>
      Math.max(...fixture.gammaln.map((c) => Math.abs(f(c.x) - c.exact) / Math.max(1, Math.abs(c.exact))));
    expect(worst(logGamma)).toBeLessThan(1e-14);
    expect(worst((x) => lgamma(x) as number)).toBeGreaterThan(1e-12);
  });

  it("average ranks for ties, as scipy.stats.rankdata", () => {
    expect(rankAverage(d.rankdata_ties.x)).toEqual(d.rankdata_ties.ranks);
  });
});

describe("histogram against numpy.histogram", () => {
  const h = fixture.histogram;
  it("linear bins: same edges and counts", () => {
    const got = histogram(fixture.descriptive.x, { bins: h.linear.bins });
    for (const [i, e] of got.edges.entries()) expectClose(e, h.linear.edges[i], 1e-14, 1e-15);
    expect(got.counts).toEqual(h.linear.counts);
  });

  it("log-spaced bins: same edges (logspace) and counts", () => {
    const got = histogram(fixture.descriptive.x, { bins: h.log.bins, log: true });
    for (const [i, e] of got.edges.entries()) expectClose(e, h.log.edges[i], 1e-13);
    expect(countInBins(fixture.descriptive.x, h.log.edges)).toEqual(h.log.counts);
    expect(got.counts).toEqual(h.log.counts);
  });

  it("log bins start and end exactly at the extremes, so every positive value is counted", () => {
    // numpy's logspace(log10(min), log10(max)) can round its first edge above min and drop it.
    const values = [0.37, 1.1, 2.9, 14.2, 0.37, 88.8, -1, 0];
    const h = histogram(values, { bins: 5, log: true });
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(6);
    expect(h.edges[0]).toBe(0.37);
    expect(h.edges[5]).toBe(88.8);
  });

  it("a single repeated value gets a unit-wide bin; the top edge is inclusive", () => {
    expect(binEdges(2, 2, 2)).toEqual([1.5, 2, 2.5]);
    expect(countInBins([0, 1, 2], [0, 1, 2])).toEqual([1, 2]);
    expect(() => histogram([-1, 2], { log: true, bins: 2 })).not.toThrow();
    expect(() => binEdges(0, 1, 2, true)).toThrow(DataError);
  });
});
