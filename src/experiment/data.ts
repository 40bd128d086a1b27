/**
 * The datasets of an experiment: loaded once, their graphs built once at the models' cutoff, and
 * optionally cut to their first N records (the `--quick` subsets). The κ transform is fitted on
 * the records used, as the authors fit it on the whole training dataset.
 */
import { DataError } from "../core/errors.js";
import type { TargetTransform } from "../core/target-transform.js";
import { type Dataset, datasetTargets } from "../data/dataset.js";
import type { LabelPolicy } from "../data/descriptors.js";
import { datasetGraphs } from "../data/graphs.js";
import { fitKappaTransform } from "../data/kappa-transform.js";
import { loadDataset } from "../data/load.js";
import type { CrystalGraph } from "../graph/types.js";
import { sha256Cached } from "../registry/verify.js";

export interface ExperimentData {
  readonly id: string;
  readonly dataset: Dataset;
  /** Graphs and κ of the records used (all, or the first `limit`). */
  readonly graphs: readonly CrystalGraph[];
  readonly kappa: Float64Array;
  readonly ids: readonly string[];
  /** log10(κ + 1) standardized over the records used. */
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
  /** Use only the first `limit` usable records. */
  readonly limit?: number;
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
  if (dataset.groups !== undefined && dataset.groups.length > 1) {
    // The authors split MIX per group and standardize each group with its own scaler; not done here.
    throw new DataError(`dataset '${id}' is composite (${dataset.groups.map((g) => g.id).join(" + ")}); the experiment supports single datasets only`);
  }
  const all = datasetGraphs(dataset, options.cutoff);
  const used = Math.min(all.length, options.limit ?? all.length);
  const kappa = datasetTargets(dataset).slice(0, used);
  return {
    id,
    dataset,
    graphs: all.slice(0, used),
    kappa,
    ids: dataset.records.slice(0, used).map((r) => r.id),
    transform: fitKappaTransform(kappa),
  };
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
