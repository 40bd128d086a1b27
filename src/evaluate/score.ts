/**
 * Score a saved ensemble on any labelled set (`paraisite evaluate --models DIR --data FILE`): a
 * built-in dataset id, a JSONL file with a CIF and a κ per record, or a CSV naming CIF files next
 * to it. Every structure is predicted by every member; the metrics compare the ensemble mean with
 * the true κ, with the coverage of mean ± 2σ.
 */
import { basename, dirname, resolve } from "node:path";
import { DataError } from "../core/errors.js";
import { builtinDataset, type DatasetSpec } from "../data/descriptors.js";
import { loadDataset } from "../data/load.js";
import { KappaEnsemble } from "../ensemble/ensemble.js";
import { type KappaMetrics, kappaMetrics } from "./metrics.js";

export interface ScoreOptions {
  /** Field holding κ in a user file (default ltc_w_mk). */
  readonly targetField?: string;
  readonly dataDir?: string;
  readonly workers?: number;
}

export interface ScoredRecord {
  readonly id: string;
  readonly formula: string;
  readonly truth: number;
  readonly mean: number;
  readonly std: number;
  readonly values: readonly number[];
}

export interface EnsembleScore {
  readonly models: readonly string[];
  readonly data: string;
  readonly metrics: KappaMetrics;
  readonly records: readonly ScoredRecord[];
  /** Records that could not be used (no label, unparsable, no graph), with the reason. */
  readonly skipped: readonly { readonly id: string; readonly reason: string }[];
}

/** A dataset id or a user file (JSONL, or CSV whose `file` column names CIFs beside it). */
export function labelledSpec(data: string, targetField = "ltc_w_mk"): string | DatasetSpec {
  if (builtinDataset(data) !== undefined) return data;
  const path = resolve(data);
  if (/\.csv(\.gz)?$/i.test(path)) return { id: basename(path), path, targetField, structureDir: dirname(path), fileField: "file" };
  if (/\.jsonl(\.gz)?$/i.test(path)) return { id: basename(path), path, targetField };
  throw new DataError(`${data}: not a dataset id, a .jsonl or a .csv file`);
}

export async function scoreEnsemble(modelsDir: string | readonly string[], data: string, options: ScoreOptions = {}): Promise<EnsembleScore> {
  const ensemble = await KappaEnsemble.load(modelsDir, { workers: options.workers ?? 1 });
  try {
    const dataset = await loadDataset(labelledSpec(data, options.targetField), { dataDir: options.dataDir });
    const skipped: { id: string; reason: string }[] = [...dataset.skipped];
    const labelled = dataset.records.filter((r) => {
      const ok = r.target !== null && r.target > 0;
      if (!ok) skipped.push({ id: r.id, reason: "no positive κ label" });
      return ok;
    });
    const predictions = await ensemble.predictStructuresAsync(labelled.map((r) => r.structure));
    const records: ScoredRecord[] = [];
    predictions.forEach((p, i) => {
      const r = labelled[i];
      if (!p.ok) {
        skipped.push({ id: r.id, reason: p.error.message });
        return;
      }
      const { mean, std, values } = p.prediction;
      records.push({ id: r.id, formula: r.structure.reducedFormula, truth: r.target as number, mean, std, values: Array.from(values) });
    });
    if (records.length === 0) throw new DataError(`${data}: no record could be scored`);
    const metrics = kappaMetrics(
      records.map((r) => r.mean),
      records.map((r) => r.truth),
      ensemble.size > 1 ? records.map((r) => r.std) : undefined,
    );
    return { models: ensemble.sources, data, metrics, records, skipped };
  } finally {
    ensemble.dispose();
  }
}
