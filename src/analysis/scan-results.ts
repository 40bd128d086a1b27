/**
 * Reading the scan's results CSV (`id, formula, nsites, kappa_run1..N, kappa_mean, kappa_std,
 * kappa_variance`) into ensemble rows. When per-run columns are present the statistics are
 * recomputed from them — mean and *sample* variance (ddof = 1), as the ParAIsite authors'
 * pandas code does — so the analysis does not depend on how the scan rounded or defined them.
 */
import { DataError } from "../core/errors.js";
import { readCsv } from "../data/index.js";
import { ENSEMBLE_DDOF } from "../ensemble/summary.js";
import type { EnsembleRow } from "./correlation.js";
import { mean, variance } from "./stats.js";

// the ensemble's ddof (pandas' `.std()` default) is used for κ variance and std throughout the analysis
export { ENSEMBLE_DDOF };

export interface ScanRow extends EnsembleRow {
  readonly formula?: string;
  /** κ of each model of the ensemble, W/(m·K), in run order. */
  readonly runs: readonly number[];
  readonly kappaStd: number;
  /** Other numeric columns (e.g. nsites), usable as descriptors. */
  readonly extra: Readonly<Record<string, number>>;
}

export interface ScanResults {
  readonly rows: readonly ScanRow[];
  readonly runColumns: readonly string[];
  /** Rows that could not be used, with why (failed structures have empty κ). */
  readonly skipped: readonly { readonly line: number; readonly id?: string; readonly reason: string }[];
  /** Remarks worth printing in the report (e.g. the file's variance used another ddof). */
  readonly notes: readonly string[];
}

/** Per-model κ columns: `kappa_run1`, `kappa_3`, `kappa_Togo15_run2`, … — any `kappa_*` that is not a statistic. */
const STAT_COLUMNS = new Set(["kappa_mean", "kappa_std", "kappa_variance", "kappa_median", "kappa_min", "kappa_max", "kappa_cv"]);
const isRunColumn = (h: string): boolean => h.startsWith("kappa_") && !STAT_COLUMNS.has(h);
const trailingNumber = (h: string): number => Number(/(\d+)$/.exec(h)?.[1] ?? NaN);
const TEXT_COLUMNS = new Set(["id", "formula", "error", "status", "message"]);

/** Run columns in run order: by trailing number when every one has it (kappa_run10 after kappa_run9), else header order. */
function runColumnsOf(header: readonly string[]): string[] {
  const runs = header.filter(isRunColumn);
  return runs.every((h) => Number.isFinite(trailingNumber(h))) ? runs.sort((a, b) => trailingNumber(a) - trailingNumber(b)) : runs;
}

const toNumber = (text: string | undefined): number => (text === undefined || text.trim() === "" ? NaN : Number(text));

/** Build rows from parsed CSV records (header → text). `line` numbers are for messages. */
export function scanResultsFromRecords(records: Iterable<{ readonly line: number; readonly row: Readonly<Record<string, string>> }>): ScanResults {
  const rows: ScanRow[] = [];
  const skipped: { line: number; id?: string; reason: string }[] = [];
  let runColumns: string[] | undefined;
  let maxVarianceMismatch = 0;
  let populationLike = 0;
  for (const { line, row } of records) {
    if (!runColumns) {
      const header = Object.keys(row);
      if (!header.includes("id")) throw new DataError("scan results need an 'id' column");
      runColumns = runColumnsOf(header);
      if (runColumns.length === 0 && !(header.includes("kappa_mean") && header.includes("kappa_variance"))) {
        throw new DataError("scan results need kappa_run<N> columns or kappa_mean and kappa_variance");
      }
    }
    const id = row.id?.trim();
    if (!id) {
      skipped.push({ line, reason: "empty id" });
      continue;
    }
    const runs = runColumns.map((c) => toNumber(row[c]));
    let kappaMean: number;
    let kappaVariance: number;
    if (runs.length >= 2) {
      if (!runs.every(Number.isFinite)) {
        skipped.push({ line, id, reason: "missing or non-numeric κ in a run column" });
        continue;
      }
      kappaMean = mean(runs);
      kappaVariance = variance(runs, ENSEMBLE_DDOF);
      const fileVariance = toNumber(row.kappa_variance);
      if (Number.isFinite(fileVariance) && kappaVariance > 0) {
        const rel = Math.abs(fileVariance - kappaVariance) / kappaVariance;
        maxVarianceMismatch = Math.max(maxVarianceMismatch, rel);
        const population = variance(runs, 0);
        if (Math.abs(fileVariance - population) <= 1e-6 * population) populationLike++;
      }
    } else {
      kappaMean = toNumber(row.kappa_mean);
      kappaVariance = toNumber(row.kappa_variance);
      if (!Number.isFinite(kappaMean) || !Number.isFinite(kappaVariance)) {
        skipped.push({ line, id, reason: "missing kappa_mean or kappa_variance" });
        continue;
      }
    }
    const extra: Record<string, number> = {};
    for (const [key, text] of Object.entries(row)) {
      if (TEXT_COLUMNS.has(key) || key.startsWith("kappa_")) continue;
      const v = toNumber(text);
      if (Number.isFinite(v)) extra[key] = v;
    }
    const formula = row.formula?.trim();
    rows.push({
      id,
      ...(formula ? { formula } : {}),
      runs,
      kappaMean,
      kappaVariance,
      kappaStd: Math.sqrt(kappaVariance),
      extra,
    });
  }
  const notes: string[] = [];
  if (runColumns && runColumns.length >= 2) {
    notes.push(
      `mean κ and variance recomputed from ${runColumns.length} run columns (${runColumns[0]}…${runColumns[runColumns.length - 1]}); variance is the sample variance (ddof = 1), as in the authors' pandas code`,
    );
    if (populationLike > 0 && maxVarianceMismatch > 1e-6) {
      notes.push(`the file's kappa_variance matches the population variance (ddof = 0) for ${populationLike} rows; ddof = 1 is used here`);
    } else if (maxVarianceMismatch > 1e-6) {
      notes.push(`the file's kappa_variance differs from the recomputed one by up to ${(maxVarianceMismatch * 100).toPrecision(3)} %`);
    }
  }
  return { rows, runColumns: runColumns ?? [], skipped, notes };
}

/** Read a scan results CSV (plain or gzipped). Rows with the wrong field count are reported as skipped. */
export async function readScanResults(path: string): Promise<ScanResults> {
  const good: { line: number; row: Readonly<Record<string, string>> }[] = [];
  const broken: { line: number; reason: string }[] = [];
  for await (const r of readCsv(path)) {
    if (r.error) broken.push({ line: r.line, reason: r.error.message });
    else good.push({ line: r.line, row: r.row });
  }
  if (good.length === 0) throw new DataError(`${path}: no data rows`);
  const results = scanResultsFromRecords(good);
  return { ...results, skipped: [...broken, ...results.skipped].sort((a, b) => a.line - b.line) };
}
