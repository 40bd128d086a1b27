/** Number formatting for the results table (pure functions, tested in test/web/page-helpers.test.ts). */

/** Decimals that show `std` with two significant digits (0–6). */
export function decimalsFor(std: number): number {
  if (!(Number.isFinite(std) && std > 0)) return 3;
  return Math.min(6, Math.max(0, 1 - Math.floor(Math.log10(std))));
}

/**
 * κ mean ± σ rounded as a measurement: σ to two significant digits, the mean to the same decimal
 * place (12.3 ± 4.1, 0.84 ± 0.21, 154 ± 37).
 */
export function formatKappa(mean: number, std: number): { readonly mean: string; readonly std: string } {
  let d = decimalsFor(std);
  // 9.96 has two significant digits at one decimal but rounds to 10.0: one decimal fewer
  if (std > 0 && Number(std.toFixed(d)) >= 10 ** (2 - d)) d = Math.max(0, d - 1);
  return { mean: mean.toFixed(d), std: std.toFixed(d) };
}

/** A per-model value with three significant digits (no exponent between 1e-3 and 1e5). */
export function formatValue(x: number): string {
  if (x === 0) return "0";
  const magnitude = Math.abs(x);
  if (magnitude >= 1e5 || magnitude < 1e-3) return x.toExponential(2);
  return x.toPrecision(3);
}
