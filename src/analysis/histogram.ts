/** Histogram binning with numpy.histogram's conventions (half-open bins, the last one closed). */
import { DataError } from "../core/errors.js";

export interface Histogram {
  /** Bin edges, length bins + 1, increasing. */
  readonly edges: readonly number[];
  /** Count per bin, length bins. */
  readonly counts: readonly number[];
  /** True when the edges are evenly spaced in log10. */
  readonly log: boolean;
}

export interface HistogramOptions {
  /** Number of bins (default: Sturges' rule, ⌈log2 n⌉ + 1). */
  readonly bins?: number;
  /** Space the edges evenly in log10 (all values must be > 0). Suits κ, which spans decades. */
  readonly log?: boolean;
  /** Explicit [min, max] of the binned range; values outside are not counted. */
  readonly range?: readonly [number, number];
}

/** Evenly spaced edges from lo to hi, in linear or log10 space, ending exactly at hi. */
export function binEdges(lo: number, hi: number, bins: number, log = false): number[] {
  if (!(Number.isInteger(bins) && bins >= 1)) throw new DataError(`histogram needs a positive integer bin count, got ${bins}`);
  if (log && !(lo > 0)) throw new DataError(`log-spaced bins need positive values, got minimum ${lo}`);
  let a = log ? Math.log10(lo) : lo;
  let b = log ? Math.log10(hi) : hi;
  if (a === b) {
    // numpy widens a degenerate range by ±0.5 so the single value lands in a bin.
    a -= 0.5;
    b += 0.5;
  }
  const edges = Array.from({ length: bins + 1 }, (_, i) => a + ((b - a) * i) / bins);
  return log ? edges.map((e, i) => (i === 0 ? lo : i === bins ? hi : 10 ** e)) : edges;
}

/** Count values in the bins given by `edges` (increasing): [e_i, e_{i+1}), the last bin closed. */
export function countInBins(values: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length - 1).fill(0);
  const last = edges.length - 1;
  for (const v of values) {
    if (!(v >= edges[0] && v <= edges[last])) continue;
    // Binary search for the bin; upper edge of the last bin is inclusive.
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (v >= edges[mid]) lo = mid;
      else hi = mid;
    }
    counts[lo]++;
  }
  return counts;
}

/** Bin the finite values (and, for `log`, only the positive ones). */
export function histogram(values: readonly number[], options: HistogramOptions = {}): Histogram {
  const log = options.log ?? false;
  const kept = values.filter((v) => Number.isFinite(v) && (!log || v > 0));
  if (kept.length === 0 && options.range === undefined) throw new DataError("histogram of no (usable) values");
  const bins = options.bins ?? Math.max(1, Math.ceil(Math.log2(Math.max(kept.length, 1))) + 1);
  let lo = options.range?.[0] ?? Infinity;
  let hi = options.range?.[1] ?? -Infinity;
  if (options.range === undefined) {
    for (const v of kept) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  const edges = binEdges(lo, hi, bins, log);
  return { edges, counts: countInBins(kept, edges), log };
}
