/**
 * Accuracy of κ predictions against the true κ, as a materials scientist reads it: relative error
 * (MAPE), the symmetric relative error κ_SRE of Matbench Discovery / Póta et al., the mean absolute
 * error of log10 κ, Spearman's ρ (does the ranking hold), the share within a factor 2, and for
 * ensembles the coverage of mean ± 2σ. Plain float64 arithmetic, no tensors.
 */
import { mean, spearman, std } from "../analysis/stats.js";

export interface KappaMetrics {
  readonly n: number;
  /** mean |κ̂ − κ| / κ, as a fraction. */
  readonly mape: number;
  /** mean |2(κ̂ − κ)/(κ̂ + κ)|, in [0, 2]. */
  readonly kappaSre: number;
  /** mean |log10 κ̂ − log10 κ|. */
  readonly maeLog10: number;
  /** Spearman's rank correlation (NaN for fewer than 3 structures or constant predictions). */
  readonly spearman: number;
  /** Share of predictions with max(κ̂/κ, κ/κ̂) ≤ 2. */
  readonly withinFactor2: number;
  /** Median of κ̂ and of κ, W/(m·K): is the model biased up or down? */
  readonly medianPredicted: number;
  readonly medianTrue: number;
  /** Share of true κ inside mean ± 2σ (ensembles only: σ of the members, the ensemble's own std). */
  readonly coverage2Sigma?: number;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Metrics of predictions κ̂ against true κ (both > 0). `sigma`, when given, is each prediction's
 * ensemble standard deviation, for the 2σ coverage.
 */
export function kappaMetrics(predicted: ArrayLike<number>, truth: ArrayLike<number>, sigma?: ArrayLike<number>): KappaMetrics {
  const n = truth.length;
  if (predicted.length !== n) throw new RangeError(`${predicted.length} predictions for ${n} true values`);
  if (sigma !== undefined && sigma.length !== n) throw new RangeError(`${sigma.length} σ values for ${n} predictions`);
  if (n === 0) throw new RangeError("no predictions to score");
  let ape = 0;
  let sre = 0;
  let logErr = 0;
  let within = 0;
  let covered = 0;
  for (let i = 0; i < n; i++) {
    const p = predicted[i];
    const t = truth[i];
    if (!(p > 0 && t > 0 && Number.isFinite(p) && Number.isFinite(t))) {
      throw new RangeError(`κ must be finite and > 0 (prediction ${p}, truth ${t} at ${i})`);
    }
    ape += Math.abs(p - t) / t;
    sre += Math.abs((2 * (p - t)) / (p + t));
    logErr += Math.abs(Math.log10(p) - Math.log10(t));
    // a relative 1e-12 slack: κ̂ = 2κ computed in floating point must count as within a factor 2
    if (Math.max(p / t, t / p) <= 2 * (1 + 1e-12)) within++;
    if (sigma !== undefined && Math.abs(p - t) <= 2 * sigma[i]) covered++;
  }
  const p = Array.from(predicted);
  const t = Array.from(truth);
  return {
    n,
    mape: ape / n,
    kappaSre: sre / n,
    maeLog10: logErr / n,
    spearman: n >= 3 ? spearman(p, t).r : Number.NaN,
    withinFactor2: within / n,
    medianPredicted: median(p),
    medianTrue: median(t),
    ...(sigma !== undefined ? { coverage2Sigma: covered / n } : {}),
  };
}

/** Mean ± std (ddof 0, as the paper's table) of each metric over splits. */
export interface MetricsSummary {
  readonly splits: number;
  readonly mean: { readonly [K in keyof KappaMetrics]?: number };
  readonly std: { readonly [K in keyof KappaMetrics]?: number };
}

const SUMMARY_KEYS = ["n", "mape", "kappaSre", "maeLog10", "spearman", "withinFactor2", "medianPredicted", "medianTrue", "coverage2Sigma"] as const;

export function summarizeMetrics(perSplit: readonly KappaMetrics[]): MetricsSummary {
  const meanOut: Record<string, number> = {};
  const stdOut: Record<string, number> = {};
  for (const key of SUMMARY_KEYS) {
    const values = perSplit.map((m) => m[key]).filter((v): v is number => v !== undefined && Number.isFinite(v));
    if (values.length === 0) continue;
    meanOut[key] = mean(values);
    stdOut[key] = std(values, 0);
  }
  return { splits: perSplit.length, mean: meanOut, std: stdOut };
}
