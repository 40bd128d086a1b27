/**
 * Averaging per-run learning curves (e.g. validation MAPE per epoch over 9 runs, issue 6 Fig. 6).
 * Runs may stop at different epochs (early stopping): each epoch averages the runs that reached it.
 */
import { DataError } from "../core/errors.js";
import { mean, std } from "./stats.js";
import type { LineSeries } from "./svg/line-chart.js";

export interface MeanCurve {
  /** Epoch numbers, 1-based. */
  readonly epochs: readonly number[];
  readonly mean: readonly number[];
  /** Standard deviation across the runs at each epoch (ddof as requested; 0 where one run is left). */
  readonly std: readonly number[];
  /** Runs contributing at each epoch. */
  readonly runs: readonly number[];
}

/** Mean and std over runs at each epoch; `curves[r][e]` is run r's value after epoch e + 1. Non-finite values are ignored. */
export function meanCurve(curves: readonly (readonly number[])[], options: { ddof?: number; minRuns?: number } = {}): MeanCurve {
  const ddof = options.ddof ?? 1;
  const minRuns = options.minRuns ?? 1;
  if (curves.length === 0) throw new DataError("mean curve of no runs");
  const length = Math.max(...curves.map((c) => c.length));
  const out = { epochs: [] as number[], mean: [] as number[], std: [] as number[], runs: [] as number[] };
  for (let e = 0; e < length; e++) {
    const values = curves.map((c) => c[e]).filter((v): v is number => v !== undefined && Number.isFinite(v));
    if (values.length < Math.max(1, minRuns)) continue;
    out.epochs.push(e + 1);
    out.mean.push(mean(values));
    out.std.push(values.length > ddof ? std(values, ddof) : 0);
    out.runs.push(values.length);
  }
  return out;
}

/** A line-chart series of the mean curve with a ±1 std band. */
export function meanCurveSeries(name: string, curves: readonly (readonly number[])[], options: { ddof?: number; minRuns?: number } = {}): LineSeries {
  const c = meanCurve(curves, options);
  return {
    name,
    x: c.epochs,
    y: c.mean,
    band: { low: c.mean.map((m, i) => m - c.std[i]), high: c.mean.map((m, i) => m + c.std[i]) },
  };
}
