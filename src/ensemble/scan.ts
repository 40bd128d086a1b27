/**
 * Scan a database of structures with an ensemble: streams the input (memory bounded whatever its
 * size), appends each result to a CSV as soon as it is computed, writes failures (id, reason) to
 * their own CSV, resumes by skipping ids already in either file, and takes a deterministic shard
 * so a job array can split the input across machines.
 */
import { existsSync } from "node:fs";
import { type CsvWriter, openCsvWriter, readDoneIds } from "../data/csv-write.js";
import { readStructureInputs } from "../data/structure-inputs.js";
import type { Structure } from "../structure/structure.js";
import type { KappaEnsemble, KappaPrediction } from "./ensemble.js";

export interface ScanOptions {
  /** JSONL(.gz) with `id` + `cif`, a folder of CIF/POSCAR files, or one structure file. */
  readonly input: string;
  /** Results CSV (appended to). */
  readonly out: string;
  /** Failures CSV (id, reason); default `<out without .csv>.failures.csv`. */
  readonly failures?: string;
  /** Skip ids already present in `out` or `failures` (default false: both files are started afresh). */
  readonly resume?: boolean;
  /** Process only shard `index` (0-based) of `count`. */
  readonly shard?: { readonly index: number; readonly count: number };
  /** Structures per model call (default 64). */
  readonly batchSize?: number;
  /** Called after each batch with the running totals. */
  readonly onProgress?: (progress: ScanProgress) => void;
}

export interface ScanProgress {
  readonly done: number;
  readonly failed: number;
  /** Skipped because already done (resume). */
  readonly skipped: number;
  readonly elapsedSeconds: number;
}

export interface ScanSummary extends ScanProgress {
  readonly out: string;
  readonly failures: string;
}

/** Applicability columns, written when the ensemble has a domain (see ensemble/applicability.ts). */
export const APPLICABILITY_COLUMNS: readonly string[] = ["in_domain", "flags", "unseen_elements", "log10_spread", "embedding_distance"];

/** Column names of the results CSV for an ensemble of `n` models (with applicability columns when it has a domain). */
export function scanColumns(n: number, applicability = false): string[] {
  return [
    "id",
    "formula",
    "nsites",
    ...Array.from({ length: n }, (_, i) => `kappa_run${i + 1}`),
    "kappa_mean",
    "kappa_std",
    "kappa_variance",
    ...(applicability ? APPLICABILITY_COLUMNS : []),
  ];
}

export const FAILURE_COLUMNS: readonly string[] = ["id", "reason"];

export function defaultFailuresPath(out: string): string {
  return out.replace(/\.csv$/i, "") + ".failures.csv";
}

export async function scanStructures(ensemble: KappaEnsemble, options: ScanOptions): Promise<ScanSummary> {
  const failuresPath = options.failures ?? defaultFailuresPath(options.out);
  const resume = options.resume ?? false;
  const doneIds = new Set<string>();
  if (resume) {
    for (const path of [options.out, failuresPath]) {
      if (existsSync(path)) for (const id of await readDoneIds(path)) doneIds.add(id);
    }
  }
  const results = openCsvWriter(options.out, scanColumns(ensemble.size, ensemble.domain !== undefined), { append: resume });
  const failures = openCsvWriter(failuresPath, FAILURE_COLUMNS, { append: resume });
  const batchSize = options.batchSize ?? 64;
  const started = performance.now();
  let done = 0;
  let failed = 0;
  let skipped = 0;
  const pending: { id: string; structure: Structure }[] = [];
  const progress = (): ScanProgress => ({ done, failed, skipped, elapsedSeconds: (performance.now() - started) / 1000 });

  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const predictions = await ensemble.predictStructuresAsync(
      pending.map((p) => p.structure),
      batchSize,
    );
    predictions.forEach((p, k) => {
      const { id, structure } = pending[k];
      if (p.ok) {
        writeResult(results, id, structure, p.prediction.values, p.prediction);
        done++;
      } else {
        failures.writeRow({ id, reason: p.error.message });
        failed++;
      }
    });
    pending.length = 0;
    options.onProgress?.(progress());
  };

  try {
    const inputs = readStructureInputs(options.input, {
      ...(options.shard ? { shard: options.shard } : {}),
      skipIds: doneIds,
    });
    for await (const item of inputs) {
      if (item.error) {
        failures.writeRow({ id: item.id, reason: item.error.message });
        failed++;
        continue;
      }
      pending.push({ id: item.id, structure: item.structure });
      // with worker threads, several batches go out at once; the rows still come back in input order
      if (pending.length >= batchSize * Math.max(1, ensemble.workers)) await flush();
    }
    await flush();
  } finally {
    results.close();
    failures.close();
  }
  skipped = doneIds.size;
  return { ...progress(), out: options.out, failures: failuresPath };
}

function writeResult(
  writer: CsvWriter,
  id: string,
  structure: Structure,
  values: Float64Array,
  stats: KappaPrediction,
): void {
  const a = stats.applicability;
  const domain = a === undefined ? [] : [a.inDomain, a.flags.join(";"), a.unseenElements.join(";"), a.log10Spread, a.distance ?? null];
  writer.writeRow([id, structure.reducedFormula, structure.nSites, ...values, stats.mean, stats.std, stats.variance, ...domain]);
}
