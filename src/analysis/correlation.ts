/**
 * Correlation tables (paper §3.2, Tables 1–4): Pearson r and Spearman ρ, each with its two-sided
 * p-value, of an ensemble statistic (mean κ, variance of κ) with every descriptor; the table keeps
 * |r| above a threshold (0.10), sorted by |r| descending, as the authors' script does.
 */
import { DataError } from "../core/errors.js";
import type { DescriptorValues } from "./descriptors.js";
import { type Correlation, finitePairs, pearson, spearman } from "./stats.js";

/** One material's ensemble statistics. */
export interface EnsembleRow {
  readonly id: string;
  readonly kappaMean: number;
  readonly kappaVariance: number;
}

/** Correlation of one descriptor with one target. */
export interface CorrelationEntry {
  readonly descriptor: string;
  /** Pairs used (both values finite). */
  readonly n: number;
  readonly pearson: Correlation;
  readonly spearman: Correlation;
}

/** Descriptor key → column of values aligned with the target (NaN where undefined). */
export type DescriptorColumns = ReadonlyMap<string, readonly number[]>;

/** Align per-id descriptor values with rows: one column per descriptor key seen in any row. */
export function descriptorColumns(
  rows: readonly { readonly id: string }[],
  descriptors: ReadonlyMap<string, DescriptorValues>,
  keys?: readonly string[],
): Map<string, number[]> {
  const seen = new Set<string>(keys ?? []);
  if (!keys) for (const row of rows) for (const key of Object.keys(descriptors.get(row.id) ?? {})) seen.add(key);
  const out = new Map<string, number[]>();
  for (const key of seen) {
    out.set(
      key,
      rows.map((row) => {
        const v = descriptors.get(row.id)?.[key];
        return typeof v === "number" ? v : NaN;
      }),
    );
  }
  return out;
}

/**
 * Pearson and Spearman of `target` with every descriptor column, over the pairs where both are
 * finite. Descriptors with fewer than 3 usable pairs or no spread (r undefined) are left out.
 * Sorted by |Pearson r| descending, ties by name.
 */
export function correlateDescriptors(target: readonly number[], columns: DescriptorColumns): CorrelationEntry[] {
  const entries: CorrelationEntry[] = [];
  for (const [descriptor, column] of columns) {
    if (column.length !== target.length) {
      throw new DataError(`descriptor '${descriptor}' has ${column.length} values for ${target.length} rows`);
    }
    const { x, y } = finitePairs(column, target);
    if (x.length < 3) continue;
    const p = pearson(x, y);
    if (Number.isNaN(p.r)) continue;
    entries.push({ descriptor, n: x.length, pearson: p, spearman: spearman(x, y) });
  }
  return entries.sort(
    (a, b) => Math.abs(b.pearson.r) - Math.abs(a.pearson.r) || (a.descriptor < b.descriptor ? -1 : 1),
  );
}

/** Entries with |Pearson r| strictly above `threshold` (paper: 0.10), keeping the |r| order. */
export function significantCorrelations(entries: readonly CorrelationEntry[], threshold = 0.1): CorrelationEntry[] {
  return entries.filter((e) => Math.abs(e.pearson.r) > threshold);
}

/**
 * The `count` rows with the smallest ensemble variance (ties by id) — the authors correlated
 * descriptors over the 101 most consistently predicted materials.
 */
export function lowestVariance<T extends EnsembleRow>(rows: readonly T[], count: number): T[] {
  if (!(Number.isInteger(count) && count > 0)) throw new DataError(`lowest-variance subset size must be a positive integer, got ${count}`);
  return [...rows]
    .sort((a, b) => a.kappaVariance - b.kappaVariance || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, count);
}

/** Both tables of the paper: descriptors against mean κ and against the ensemble variance. */
export interface CorrelationTables {
  readonly mean: readonly CorrelationEntry[];
  readonly variance: readonly CorrelationEntry[];
}

/** Correlate mean κ and variance of κ with every descriptor (full, sorted tables; filter for display). */
export function correlationTables(rows: readonly EnsembleRow[], columns: DescriptorColumns): CorrelationTables {
  return {
    mean: correlateDescriptors(
      rows.map((r) => r.kappaMean),
      columns,
    ),
    variance: correlateDescriptors(
      rows.map((r) => r.kappaVariance),
      columns,
    ),
  };
}

/** How well two sets of values for the same ids agree in rank (and linearly in log10, for κ). */
export interface RankAgreement {
  /** Ids present in both with finite values. */
  readonly n: number;
  readonly spearman: Correlation;
  /** Pearson r of log10 values (only ids with both values > 0); NaN if fewer than 3. */
  readonly pearsonLog10: Correlation;
}

/**
 * Spearman ρ between our values and reference values matched by id — e.g. our ensemble's mean κ
 * against the paper's published predictions for the same materials.
 */
export function rankAgreement(ours: ReadonlyMap<string, number>, reference: ReadonlyMap<string, number>): RankAgreement {
  const a: number[] = [];
  const b: number[] = [];
  for (const [id, v] of ours) {
    const w = reference.get(id);
    if (w !== undefined && Number.isFinite(v) && Number.isFinite(w)) {
      a.push(v);
      b.push(w);
    }
  }
  if (a.length < 3) throw new DataError(`rank agreement needs at least 3 common ids, found ${a.length}`);
  const positive = a.map((v, i) => [v, b[i]] as const).filter(([v, w]) => v > 0 && w > 0);
  const pearsonLog10 =
    positive.length >= 3
      ? pearson(
          positive.map(([v]) => Math.log10(v)),
          positive.map(([, w]) => Math.log10(w)),
        )
      : { r: NaN, p: NaN, n: positive.length };
  return { n: a.length, spearman: spearman(a, b), pearsonLog10 };
}
