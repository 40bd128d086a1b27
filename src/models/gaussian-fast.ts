/**
 * The Gaussian expansion of `GaussianExpansion.expand` for evenly spaced centres without one
 * `exp` per entry: G_k = exp(−a(d − μ_k)²), a = 1/σ², satisfies G_{k+1} = G_k·r_k with
 * r_k = exp(2aΔ(d − μ_k) − aΔ²) and r_{k+1} = r_k·exp(−2aΔ²). Starting at the centre nearest d
 * and walking outwards both ways keeps every factor ≤ 1 (values only shrink, so an underflow to 0
 * is the true value rounded), with two exps per edge instead of one per centre. Computed in
 * float64 like `expand`, so the float32 results agree to about one ulp (tested).
 */
import type { GaussianExpansion } from "../graph/gaussian.js";

/** Relative spacing tolerance for treating centres as evenly spaced. */
const EVEN = 1e-9;

function evenStep(centers: Float64Array): number | undefined {
  if (centers.length < 2) return undefined;
  const step = (centers[centers.length - 1] - centers[0]) / (centers.length - 1);
  if (!(step > 0)) return undefined;
  for (let k = 1; k < centers.length; k++) {
    if (Math.abs(centers[k] - centers[k - 1] - step) > EVEN * Math.max(1, Math.abs(step))) return undefined;
  }
  return step;
}

/** Row-major [n, nCenters] float32, equal to `expansion.expand(distances)` up to rounding. */
export function expandGaussians(expansion: GaussianExpansion, distances: ArrayLike<number>): Float32Array {
  const mu = expansion.centers;
  const step = evenStep(mu);
  if (step === undefined) return expansion.expand(distances);
  const k = mu.length;
  const a = 1 / (expansion.width * expansion.width);
  const decay = Math.exp(-2 * a * step * step);
  const out = new Float32Array(distances.length * k);
  for (let e = 0; e < distances.length; e++) {
    const d = Math.fround(distances[e]);
    const row = e * k;
    const nearest = Math.min(k - 1, Math.max(0, Math.round((d - mu[0]) / step)));
    const x0 = d - mu[nearest];
    const g0 = Math.exp(-a * x0 * x0);
    out[row + nearest] = g0;
    // upwards: G_{j+1} = G_j · exp(2aΔ(d − μ_j) − aΔ²)
    let g = g0;
    let r = Math.exp(2 * a * step * x0 - a * step * step);
    for (let j = nearest; j < k - 1; j++) {
      g *= r;
      r *= decay;
      out[row + j + 1] = g;
    }
    // downwards: G_{j−1} = G_j · exp(−2aΔ(d − μ_j) − aΔ²)
    g = g0;
    r = Math.exp(-2 * a * step * x0 - a * step * step);
    for (let j = nearest; j > 0; j--) {
      g *= r;
      r *= decay;
      out[row + j - 1] = g;
    }
  }
  return out;
}
