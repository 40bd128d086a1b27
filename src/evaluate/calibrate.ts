/**
 * Calibration of the ensemble-spread flag: for held-out predictions of an ensemble (true κ and each
 * member's κ), how often a prediction flagged by σ(log10 κ) > t, or not flagged, is off by more than
 * a factor 2. The threshold chosen maximises Youden's J = sensitivity + specificity − 1 for "off by
 * more than ×2" among the candidates.
 */
import { log10Spread } from "../ensemble/applicability.js";

export interface HeldOutEnsemblePrediction {
  readonly truth: number;
  /** Each member's κ. */
  readonly values: readonly number[];
}

export interface SpreadThresholdRow {
  readonly threshold: number;
  /** Share of predictions flagged. */
  readonly flagged: number;
  /** Among flagged / unflagged predictions, the share off by more than ×2 (NaN when none). */
  readonly offWhenFlagged: number;
  readonly offWhenUnflagged: number;
  readonly youdenJ: number;
}

export interface SpreadCalibration {
  readonly n: number;
  /** Share of all predictions off by more than ×2. */
  readonly offRate: number;
  readonly rows: readonly SpreadThresholdRow[];
  readonly best: SpreadThresholdRow;
}

const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;

export function calibrateSpread(predictions: readonly HeldOutEnsemblePrediction[], thresholds: readonly number[]): SpreadCalibration {
  if (predictions.length === 0 || thresholds.length === 0) throw new RangeError("need predictions and candidate thresholds");
  const items = predictions.map((p) => {
    const m = mean(p.values);
    return { spread: log10Spread(p.values), off: Math.max(m / p.truth, p.truth / m) > 2 };
  });
  const offCount = items.filter((i) => i.off).length;
  const rows = thresholds.map((threshold): SpreadThresholdRow => {
    const flagged = items.filter((i) => i.spread > threshold);
    const unflagged = items.filter((i) => i.spread <= threshold);
    const rate = (set: typeof items) => (set.length === 0 ? Number.NaN : set.filter((i) => i.off).length / set.length);
    const sensitivity = offCount === 0 ? 0 : flagged.filter((i) => i.off).length / offCount;
    const specificity = items.length === offCount ? 0 : unflagged.filter((i) => !i.off).length / (items.length - offCount);
    return { threshold, flagged: flagged.length / items.length, offWhenFlagged: rate(flagged), offWhenUnflagged: rate(unflagged), youdenJ: sensitivity + specificity - 1 };
  });
  const best = rows.reduce((a, b) => (b.youdenJ > a.youdenJ ? b : a));
  return { n: items.length, offRate: offCount / items.length, rows, best };
}
