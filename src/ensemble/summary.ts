/**
 * How an ensemble's values for one structure are summarized: mean and sample variance across the
 * models (ddof 1, pandas' default, as the ParAIsite authors' analysis). No tfjs here: the analysis
 * of scan results reads the same convention.
 */
import type { Applicability } from "./applicability.js";

/** Delta degrees of freedom of the ensemble variance and std (sample statistics). */
export const ENSEMBLE_DDOF = 1;

/** κ of one structure from every model of the ensemble, W/(m·K). */
export interface KappaPrediction {
  /** One value per model, in the ensemble's model order. */
  readonly values: Float64Array;
  readonly mean: number;
  /** Sample standard deviation across models (ddof 1, as the authors' analysis). */
  readonly std: number;
  readonly variance: number;
  /** Whether the structure is inside the ensemble's domain (present when the ensemble has one). */
  readonly applicability?: Applicability;
}

/** Mean, variance and std of one structure's values across the models. */
export function summarize(values: Float64Array): KappaPrediction {
  const n = values.length;
  let mean = 0;
  for (const v of values) mean += v;
  mean /= n;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  const variance = n > ENSEMBLE_DDOF ? ss / (n - ENSEMBLE_DDOF) : 0;
  return { values, mean, std: Math.sqrt(variance), variance };
}

