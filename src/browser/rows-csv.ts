/** Prediction rows as CSV (its own module: a page's main thread can import it without tfjs). */
import { csvLine } from "../data/csv-line.js";
import type { KappaRow } from "./predict-files.js";

/**
 * The rows as CSV, the columns of `paraisite predict --csv` plus sites and warnings: numbers in
 * full precision (shortest round-trip form), one `kappa_run<i>` column per model.
 */
export function kappaRowsCsv(rows: readonly KappaRow[]): string {
  const runs = Math.max(0, ...rows.map((r) => r.kappa?.values.length ?? 0));
  const runColumns = Array.from({ length: runs }, (_, i) => `kappa_run${i + 1}`);
  let out = csvLine(["file", "block", "formula", "sites", "kappa_mean", "kappa_std", ...runColumns, "warnings", "error"]);
  for (const r of rows) {
    const values = Array.from({ length: runs }, (_, i) => r.kappa?.values[i] ?? null);
    out += csvLine([r.file, r.block, r.formula, r.sites, r.kappa?.mean ?? null, r.kappa?.std ?? null, ...values, r.warnings.join("; "), r.error?.message ?? null]);
  }
  return out;
}
