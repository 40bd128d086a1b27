/**
 * Special functions behind the p-values: log-gamma, log-beta, the regularised incomplete
 * beta function and Student's t survival function. Written here (not taken from mathjs)
 * because mathjs' `lgamma` is only good to ~1e-12 absolute, which is not enough for
 * p-values accurate to ~1e-12 relative; see docs/analysis.md.
 */

// Lanczos approximation, g = 607/128, 15 terms (Godfrey's coefficients): ~1e-15 relative.
const LANCZOS_G = 607 / 128;
const LANCZOS_COEFFS = [
  0.9999999999999971, 57.15623566586292, -59.59796035547549, 14.136097974741746, -0.4919138160976202,
  3.399464998481189e-5, 4.652362892704858e-5, -9.837447530487956e-5, 1.580887032249125e-4,
  -2.1026444172410488e-4, 2.1743961811521265e-4, -1.643181065367639e-4, 8.441822398385275e-5,
  -2.6190838401581408e-5, 3.6899182659531625e-6,
];
const HALF_LOG_2PI = 0.9189385332046728;
const EPSILON = 1e-16;
const TINY = 1e-300;

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (!(x > 0)) return x === 0 ? Infinity : NaN;
  if (x < 0.5) {
    // Reflection keeps the Lanczos sum in its accurate range: Γ(x)Γ(1−x) = π / sin(πx).
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  }
  const z = x - 1;
  let sum = LANCZOS_COEFFS[0];
  for (let i = 1; i < LANCZOS_COEFFS.length; i++) sum += LANCZOS_COEFFS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_2PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Stirling remainder ln Γ(x) − [(x − ½) ln x − x + ½ ln 2π], for x ≥ 10. */
function stirlingCorrection(x: number): number {
  const inv = 1 / x;
  const inv2 = inv * inv;
  return inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188))));
}

/**
 * ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). For large arguments the three log-gammas
 * are huge and nearly cancel, so the Stirling form is rearranged to keep every term small.
 */
export function logBeta(a: number, b: number): number {
  const small = Math.min(a, b);
  const large = Math.max(a, b);
  if (large < 10) return logGamma(a) + logGamma(b) - logGamma(a + b);
  const sum = a + b;
  const corr = stirlingCorrection(large) - stirlingCorrection(sum);
  if (small < 10) {
    // ln Γ(large) − ln Γ(large + small) without forming either.
    return logGamma(small) + corr - (large - 0.5) * Math.log1p(small / large) - small * Math.log(sum) + small;
  }
  return (
    HALF_LOG_2PI +
    stirlingCorrection(small) +
    corr +
    (small - 0.5) * Math.log(small / sum) +
    large * Math.log1p(-small / sum) -
    0.5 * Math.log(large)
  );
}

/** Continued fraction for I_x(a, b) (modified Lentz); converges fast for x < (a+1)/(a+b+2). */
function betaContinuedFraction(a: number, b: number, x: number, y: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  // For x near 1, 1 − (a+b)x/(a+1) is rewritten with y = 1 − x: near the switch point with
  // large a the plain form cancels to ~1e-4 and would cost four digits.
  let d = x < 0.5 ? 1 - (qab * x) / qap : (1 - b + qab * y) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  const maxIterations = 10_000 + Math.ceil(20 * Math.sqrt(Math.max(a, b)));
  for (let m = 1; m <= maxIterations; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) return h;
  }
  throw new RangeError(`incomplete beta did not converge for a=${a}, b=${b}, x=${x}`);
}

/**
 * Regularised incomplete beta I_x(a, b) for a, b > 0 and x in [0, 1].
 * Pass `y = 1 − x` when you know it more accurately than `1 - x` (e.g. x close to 1).
 */
export function regularizedIncompleteBeta(a: number, b: number, x: number, y: number = 1 - x): number {
  if (!(a > 0 && b > 0)) throw new RangeError(`incomplete beta needs a, b > 0, got a=${a}, b=${b}`);
  if (!(x >= 0 && x <= 1)) throw new RangeError(`incomplete beta needs 0 <= x <= 1, got ${x}`);
  if (x === 0) return 0;
  if (y === 0 || x === 1) return 1;
  // ln x and ln y from whichever of x, y is small (and so carries full relative precision):
  // with a ~ 1e4, a 1e-16 error in ln x would already cost ~1e-12 in the result.
  const logX = x < 0.5 ? Math.log(x) : Math.log1p(-y);
  const logY = y < 0.5 ? Math.log(y) : Math.log1p(-x);
  const logFront = a * logX + b * logY - logBeta(a, b);
  // Evaluate the fraction on whichever side converges, then use I_x(a,b) = 1 − I_y(b,a).
  const front = Math.exp(logFront);
  if (x < (a + 1) / (a + b + 2)) {
    const direct = (front * betaContinuedFraction(a, b, x, y)) / a;
    // Just below the switch point with large a and x near 1 (small-t p-values with many degrees
    // of freedom), the direct fraction cancels internally; the complement's fraction does not
    // and is better whenever the result is not small enough to suffer from 1 − (…).
    if (a > 50 && y < 0.1 && direct > 0.01) return 1 - (front * betaContinuedFraction(b, a, y, x)) / b;
    return direct;
  }
  return 1 - (front * betaContinuedFraction(b, a, y, x)) / b;
}

/** Student's t survival function P(T > t) with `df` degrees of freedom (df > 0). */
export function studentTSurvival(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`Student t needs df > 0, got ${df}`);
  if (Number.isNaN(t)) return NaN;
  if (t === Infinity) return 0;
  if (t === -Infinity) return 1;
  const t2 = t * t;
  // x = df/(df+t²), y = t²/(df+t²); both formed directly so neither loses digits.
  const tail = 0.5 * regularizedIncompleteBeta(df / 2, 0.5, df / (df + t2), t2 / (df + t2));
  return t >= 0 ? tail : 1 - tail;
}

/** Two-sided p-value P(|T| ≥ |t|) of Student's t with `df` degrees of freedom. */
export function studentTTwoSided(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`Student t needs df > 0, got ${df}`);
  if (Number.isNaN(t)) return NaN;
  if (!Number.isFinite(t)) return 0;
  const t2 = t * t;
  return regularizedIncompleteBeta(df / 2, 0.5, df / (df + t2), t2 / (df + t2));
}
