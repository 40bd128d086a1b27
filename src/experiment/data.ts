/**
 * The datasets of an experiment: loaded once, their graphs built once at the models' cutoff, and
 * optionally cut to their first N records (the `--quick` subsets). The κ transform is fitted on
 * the records used, as the authors fit it on the whole training dataset.
 */
import { readFile } from "node:fs/promises";
import { DataError } from "../core/errors.js";
import type { TargetTransform } from "../core/target-transform.js";
import { type Dataset, datasetTargets } from "../data/dataset.js";
import type { LabelPolicy } from "../data/descriptors.js";
import { datasetGraphs } from "../data/graphs.js";
import { fitKappaTransform } from "../data/kappa-transform.js";
import { loadDataset } from "../data/load.js";
import type { CrystalGraph } from "../graph/types.js";
import { resolveDataset } from "../registry/resolve.js";
import { sha256Cached } from "../registry/verify.js";

export interface ExperimentData {
  readonly id: string;
  readonly dataset: Dataset;
  /** Graphs and κ of the records used (all, or the first `limit`). */
  readonly graphs: readonly CrystalGraph[];
  readonly kappa: Float64Array;
  readonly ids: readonly string[];
  /** log10(κ + 1) standardized over the records used (or over `transformValues` when given). */
  readonly transform: TargetTransform;
  /**
   * Parts of a composite dataset (MIX = Togo15 then HH143), consecutive in `graphs`: each is split
   * on its own and has its own κ transform (the authors standardize each part's labels separately).
   */
  readonly parts?: readonly ExperimentDataPart[];
}

export interface ExperimentDataPart {
  readonly id: string;
  readonly count: number;
  /** log10(κ + 1) standardized over this part's records. */
  readonly transform: TargetTransform;
}

export interface DataDescription {
  readonly id: string;
  readonly labelPolicy: LabelPolicy | null;
  readonly files: readonly { readonly path: string; readonly sha256: string }[];
  readonly contentHash: string;
  readonly records: number;
  readonly used: number;
  readonly skipped: number;
  readonly unlabelled: number;
}

export interface LoadExperimentDataOptions {
  readonly dataDir?: string;
  readonly cacheDir?: string;
  readonly cutoff: number;
  readonly labelPolicy: LabelPolicy;
  /** Use only the first `limit` usable records (of each part, for a composite dataset). */
  readonly limit?: number;
  /** Fit the κ transform on these values instead of the records used (AFLOW: the paper's 5578 values). */
  readonly transformValues?: ArrayLike<number>;
}

export async function loadExperimentData(id: string, options: LoadExperimentDataOptions): Promise<ExperimentData> {
  // Reading 3× the limit leaves room for records without a label under the policy (AFLOW: ~60% labelled).
  const readLimit = options.limit === undefined ? undefined : options.limit * 3 + 10;
  const dataset = await loadDataset(id, {
    dataDir: options.dataDir,
    cacheDir: options.cacheDir,
    cutoff: options.cutoff,
    labelPolicy: options.labelPolicy,
    limit: readLimit,
  });
  const all = datasetGraphs(dataset, options.cutoff);
  const targets = datasetTargets(dataset);
  const groups = dataset.groups ?? [{ id, start: 0, count: all.length }];
  // the first `limit` records of every part
  const kept: number[] = [];
  const counts = groups.map((g) => {
    const n = Math.min(g.count, options.limit ?? g.count);
    for (let i = g.start; i < g.start + n; i++) kept.push(i);
    return n;
  });
  const kappa = Float64Array.from(kept, (i) => targets[i]);
  if (kappa.some((v) => !Number.isFinite(v))) throw new DataError(`dataset '${id}' has records without a κ label`);
  let offset = 0;
  const parts =
    groups.length > 1
      ? groups.map((g, k) => {
          const part = { id: g.id, count: counts[k], transform: fitKappaTransform(kappa.subarray(offset, offset + counts[k])) };
          offset += counts[k];
          return part;
        })
      : undefined;
  return {
    id,
    dataset,
    graphs: kept.map((i) => all[i]),
    kappa,
    ids: kept.map((i) => dataset.records[i].id),
    transform: fitKappaTransform(options.transformValues ?? kappa),
    ...(parts ? { parts } : {}),
  };
}

/** The label transform of record i: its part's own for a composite dataset (authors' MIX), else undefined. */
export function partTransformOf(data: ExperimentData): ((index: number) => TargetTransform) | undefined {
  const parts = data.parts;
  if (parts === undefined) return undefined;
  const ofIndex: TargetTransform[] = [];
  for (const part of parts) for (let i = 0; i < part.count; i++) ofIndex.push(part.transform);
  return (i) => ofIndex[i];
}

/** The paper's list of 5578 AGL κ values (`aflow-agl-paper-tc`), resolved through the registry. */
export async function loadAflowPaperValues(options: { readonly dataDir?: string; readonly cacheDir?: string }): Promise<Float64Array> {
  const file = await resolveDataset("aflow-agl-paper-tc", { dataDir: options.dataDir, cacheDir: options.cacheDir });
  const json = JSON.parse(await readFile(file.path, "utf8")) as { values?: unknown };
  const values = json.values;
  if (!Array.isArray(values) || values.some((v) => typeof v !== "number" || !Number.isFinite(v))) {
    throw new DataError(`${file.path}: expected {"values": [numbers...]}`);
  }
  return Float64Array.from(values as number[]);
}

/** What the manifest records about a dataset: files with sha256, content hash, counts. */
export async function describeData(data: ExperimentData): Promise<DataDescription> {
  const files = await Promise.all(data.dataset.sources.map(async (path) => ({ path, sha256: await sha256Cached(path) })));
  return {
    id: data.id,
    labelPolicy: data.dataset.labelPolicy ?? null,
    files,
    contentHash: data.dataset.contentHash,
    records: data.dataset.records.length,
    used: data.graphs.length,
    skipped: data.dataset.skipped.length,
    unlabelled: data.dataset.unlabelled,
  };
}
