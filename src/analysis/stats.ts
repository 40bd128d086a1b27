/**
 * Descriptive statistics and correlation coefficients with their p-values, matching numpy/scipy
 * conventions (pinned against scipy in test/analysis/stats.test.ts).
 */
import { DataError } from "../core/errors.js";
import { regularizedIncompleteBeta } from "./special.js";

/** Neumaier-compensated sum, so means of long columns do not drift. */
export function sum(values: readonly number[]): number {
  let s = 0;
  let c = 0;
  for (const v of values) {
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  return s + c;
}

function requireValues(values: readonly number[], min: number, what: string): void {
  if (values.length < min) throw new DataError(`${what} needs at least ${min} value(s), got ${values.length}`);
}

/** Arithmetic mean. */
export function mean(values: readonly number[]): number {
  requireValues(values, 1, "mean");
  return sum(values) / values.length;
}

/**
 * Variance with `ddof` delta degrees of freedom: Σ(x − x̄)² / (n − ddof), as numpy.
 * ddof = 1 is the sample (unbiased) variance — what pandas `.std()**2` gives and what the
 * ParAIsite authors call the ensemble "variance"; ddof = 0 is the population variance.
 */
export function variance(values: readonly number[], ddof: number): number {
  requireValues(values, ddof + 1, `variance (ddof=${ddof})`);
  const m = mean(values);
  return sum(values.map((v) => (v - m) * (v - m))) / (values.length - ddof);
}

/** Standard deviation √variance(values, ddof). */
export function std(values: readonly number[], ddof: number): number {
  return Math.sqrt(variance(values, ddof));
}

/** Quantile q ∈ [0, 1] with linear interpolation between order statistics (numpy's default). */
export function quantile(values: readonly number[], q: number): number {
  requireValues(values, 1, "quantile");
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile needs 0 <= q <= 1, got ${q}`);
  const sorted = [...values].sort((a, b) => a - b);
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
}

/** Median (the 0.5 quantile). */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Ranks 1..n, ties receiving the average of the ranks they span (scipy `rankdata`, method "average"). */
export function rankAverage(values: readonly number[]): number[] {
  const order = values.map((_, i) => i).sort((i, j) => values[i] - values[j]);
  const ranks = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    start = end;
  }
  return ranks;
}

/** A correlation coefficient with its two-sided p-value and the number of pairs used. */
export interface Correlation {
  readonly r: number;
  readonly p: number;
  readonly n: number;
}

function checkPairs(x: readonly number[], y: readonly number[]): void {
  if (x.length !== y.length) throw new DataError(`correlation needs equal lengths, got ${x.length} and ${y.length}`);
  if (x.length < 2) throw new DataError(`correlation needs at least 2 pairs, got ${x.length}`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) throw new DataError(`correlation: non-finite value at index ${i}`);
  }
}

/**
 * Two-sided p-value of a correlation coefficient r from n pairs under H0 (no correlation):
 * t = r √((n−2)/(1−r²)) with n − 2 degrees of freedom, i.e. p = I_{1−r²}((n−2)/2, ½).
 * n = 2 gives p = 1 (scipy's convention); |r| = 1 gives p = 0.
 */
export function correlationPValue(r: number, n: number): number {
  if (Number.isNaN(r)) return NaN;
  if (n <= 2) return 1;
  const abs = Math.min(Math.abs(r), 1);
  if (abs === 1) return 0;
  // 1 − r² formed as (1 − |r|)(1 + |r|) to keep its digits when |r| is close to 1.
  return regularizedIncompleteBeta((n - 2) / 2, 0.5, (1 - abs) * (1 + abs), abs * abs);
}

/** Pearson's r and its two-sided p-value (Student t, n − 2 df), as `scipy.stats.pearsonr`. NaN for a constant input. */
export function pearson(x: readonly number[], y: readonly number[]): Correlation {
  checkPairs(x, y);
  const n = x.length;
  const mx = mean(x);
  const my = mean(y);
  const dx = x.map((v) => v - mx);
  const dy = y.map((v) => v - my);
  const nx = Math.sqrt(sum(dx.map((v) => v * v)));
  const ny = Math.sqrt(sum(dy.map((v) => v * v)));
  if (nx === 0 || ny === 0) return { r: NaN, p: NaN, n };
  // Normalise first, as scipy does, so huge offsets/scales cannot overflow or lose digits.
  const r = Math.max(-1, Math.min(1, sum(dx.map((v, i) => (v / nx) * (dy[i] / ny)))));
  return { r, p: correlationPValue(r, n), n };
}

/** Spearman's ρ (Pearson on average ranks) with the t-based two-sided p-value, as `scipy.stats.spearmanr`. */
export function spearman(x: readonly number[], y: readonly number[]): Correlation {
  checkPairs(x, y);
  return pearson(rankAverage(x), rankAverage(y));
}

/** Keep only the pairs where both values are finite (descriptors can be undefined for some structures). */
export function finitePairs(x: readonly number[], y: readonly number[]): { x: number[]; y: number[] } {
  const fx: number[] = [];
  const fy: number[] = [];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      fx.push(x[i]);
      fy.push(y[i]);
    }
  }
  return { x: fx, y: fy };
}
