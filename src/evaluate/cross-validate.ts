/**
 * Honest held-out evaluation (`paraisite evaluate`): for each of N seeded outer splits of the target
 * records (grouped by reduced formula by default), train on the outer training part, choose the
 * checkpoint on an inner validation split carved from it, and score once on the held-out part and
 * on external datasets, against the true κ. Resumable: members resume from their checkpoints and
 * finished splits are read back. Outputs per split: predictions.csv (held-out) and
 * external-<id>.csv; in the folder: metrics.json and report.md.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runSeed } from "../data/splits.js";
import { loadDataset } from "../data/load.js";
import { datasetGraphs } from "../data/graphs.js";
import { batchGraphs } from "../graph/batch.js";
import type { CrystalGraph } from "../graph/types.js";
import type { ParAIsite } from "../models/paraisite.js";
import type { ProgressReporter } from "../train/progress.js";
import { writeFileAtomic } from "../train/atomic-fs.js";
import { type KappaMetrics, kappaMetrics, type MetricsSummary, summarizeMetrics } from "./metrics.js";
import { type MemberRecipe, recipeTrunk, trainMember } from "./member.js";
import { type LabelledPool, loadLabelledPool, type PoolSource, withRepeats } from "./pool.js";
import { crossValidationReport } from "./report.js";
import { memberSplit, nestedSplits } from "./splits.js";

export interface CrossValidationSpec {
  /** Folder name under the output directory. */
  readonly name: string;
  readonly sources: readonly PoolSource[];
  readonly recipe: MemberRecipe;
  /** Outer splits (default 9). */
  readonly runs?: number;
  readonly seed?: number;
  /** Keep every reduced formula on one side of each split (default true). */
  readonly grouped?: boolean;
  /** Models per outer split, each with its own inner split (an ensemble; default 1). */
  readonly members?: number;
  /** Dataset ids scored with every outer model (cross-family tests); compounds in the pool are left out of them. */
  readonly external?: readonly string[];
}

export interface CrossValidationOptions {
  readonly outDir: string;
  readonly dataDir?: string;
  readonly weightsDir?: string;
  readonly progress?: ProgressReporter | false;
  readonly signal?: AbortSignal;
  readonly onProgress?: (message: string) => void;
}

/** Predictions of one model or ensemble on a set of records. */
export interface PredictionSet {
  readonly ids: readonly string[];
  readonly families: readonly string[];
  readonly truth: Float64Array;
  /** [member][record] κ. */
  readonly members: readonly Float64Array[];
}

export interface SplitResult {
  readonly run: number;
  readonly test: KappaMetrics;
  /** Held-out metrics per family (source dataset). */
  readonly families: { readonly [family: string]: KappaMetrics };
  readonly external: { readonly [dataset: string]: KappaMetrics };
  readonly bestEpochs: readonly number[];
}

export interface CrossValidationResult {
  readonly name: string;
  readonly spec: CrossValidationSpec;
  readonly splits: readonly SplitResult[];
  readonly summary: {
    readonly test: MetricsSummary;
    readonly families: { readonly [family: string]: MetricsSummary };
    readonly external: { readonly [dataset: string]: MetricsSummary };
    /** Every outer model as one ensemble on each external set (mean ± 2σ coverage included). */
    readonly externalEnsemble: { readonly [dataset: string]: KappaMetrics };
  };
  readonly pool: { readonly records: number; readonly targets: number; readonly excludedAuxiliary: readonly number[] };
  /** False when `signal` stopped it before every split finished. */
  readonly complete: boolean;
}

const BATCH = 64;

/** κ of every graph with one model, in batches. */
export function predictGraphs(model: ParAIsite, graphs: readonly CrystalGraph[]): Float64Array {
  const out = new Float64Array(graphs.length);
  for (let start = 0; start < graphs.length; start += BATCH) {
    out.set(model.predict(batchGraphs(graphs.slice(start, start + BATCH))), start);
  }
  return out;
}

/** Mean and sample std (ddof 1, as `KappaEnsemble`) across members, per record. */
export function ensembleStats(members: readonly Float64Array[]): { mean: Float64Array; std: Float64Array } {
  const n = members[0]?.length ?? 0;
  const k = members.length;
  const mean = new Float64Array(n);
  const std = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (const v of members) m += v[i];
    m /= k;
    let ss = 0;
    for (const v of members) ss += (v[i] - m) ** 2;
    mean[i] = m;
    std[i] = k > 1 ? Math.sqrt(ss / (k - 1)) : 0;
  }
  return { mean, std };
}

function scoreSet(set: PredictionSet, indices?: readonly number[]): KappaMetrics {
  const pick = indices ?? set.truth.map((_, i) => i);
  const stats = ensembleStats(set.members);
  const sigma = set.members.length > 1 ? Array.from(pick, (i) => stats.std[i]) : undefined;
  return kappaMetrics(
    Array.from(pick, (i) => stats.mean[i]),
    Array.from(pick, (i) => set.truth[i]),
    sigma,
  );
}

function writePredictions(path: string, set: PredictionSet): void {
  const stats = ensembleStats(set.members);
  const header = ["id", "family", "kappa_true", "kappa_mean", "kappa_std", ...set.members.map((_, m) => `member${m + 1}`)];
  const lines = set.ids.map((id, i) =>
    [JSON.stringify(id), set.families[i], set.truth[i], stats.mean[i], stats.std[i], ...set.members.map((v) => v[i])].join(","),
  );
  writeFileAtomic(path, `${header.join(",")}\n${lines.join("\n")}\n`);
}

function readPredictions(path: string): PredictionSet {
  const [header, ...rows] = readFileSync(path, "utf8").trim().split("\n");
  const nMembers = header.split(",").length - 5;
  const cells = rows.map((r) => {
    const close = r.lastIndexOf('"');
    return { id: JSON.parse(r.slice(0, close + 1)) as string, rest: r.slice(close + 2).split(",") };
  });
  return {
    ids: cells.map((c) => c.id),
    families: cells.map((c) => c.rest[0]),
    truth: Float64Array.from(cells, (c) => Number(c.rest[1])),
    members: Array.from({ length: nMembers }, (_, m) => Float64Array.from(cells, (c) => Number(c.rest[4 + m]))),
  };
}

interface ExternalSet {
  readonly id: string;
  readonly graphs: readonly CrystalGraph[];
  readonly truth: Float64Array;
  readonly ids: readonly string[];
}

async function loadExternal(id: string, pool: LabelledPool, cutoff: number, dataDir?: string): Promise<ExternalSet> {
  const dataset = await loadDataset(id, { dataDir, cutoff });
  const graphs = datasetGraphs(dataset, cutoff);
  const inPool = new Set(pool.formulas);
  const keep = dataset.records.flatMap((r, i) => (r.target !== null && r.target > 0 && !inPool.has(r.structure.reducedFormula) ? [i] : []));
  return {
    id,
    graphs: keep.map((i) => graphs[i]),
    truth: Float64Array.from(keep, (i) => dataset.records[i].target as number),
    ids: keep.map((i) => dataset.records[i].id),
  };
}

/** Run (or resume) a cross-validation and write its outputs; see the module comment. */
export async function crossValidate(spec: CrossValidationSpec, options: CrossValidationOptions): Promise<CrossValidationResult> {
  const runs = spec.runs ?? 9;
  const seed = spec.seed ?? 42;
  const nMembers = spec.members ?? 1;
  const say = options.onProgress ?? (() => {});
  const root = join(options.outDir, spec.name);
  mkdirSync(root, { recursive: true });
  writeFileAtomic(join(root, "spec.json"), `${JSON.stringify(spec, null, 1)}\n`);
  const trunk = await recipeTrunk(spec.recipe.start, { weightsDir: options.weightsDir });
  const cutoff = trunk.config.graph.cutoff;
  const pool = await loadLabelledPool(spec.sources, { dataDir: options.dataDir, cutoff });
  const targets = pool.targetIndices;
  const groups = spec.grouped === false ? undefined : Array.from(targets, (i) => pool.formulas[i]);
  const splits = nestedSplits(targets.length, { runs, seed, groups });
  const auxiliary = Int32Array.from(Array.from(pool.source).flatMap((s, i) => (pool.sources[s].role === "auxiliary" ? [i] : [])));
  const externals: ExternalSet[] = [];
  for (const id of spec.external ?? []) externals.push(await loadExternal(id, pool, cutoff, options.dataDir));
  say(`${spec.name}: ${targets.length} target records (${pool.graphs.length} with auxiliary), ${runs} splits × ${nMembers} member(s)`);

  const results: SplitResult[] = [];
  const externalByRun = new Map<string, Float64Array[]>();
  let complete = true;
  for (const split of splits) {
    const dir = join(root, `split${split.run}`);
    const testPath = join(dir, "predictions.csv");
    const toPool = (local: Int32Array) => Int32Array.from(local, (k) => targets[k]);
    if (!existsSync(testPath) || externals.some((e) => !existsSync(join(dir, `external-${e.id}.csv`)))) {
      const models: ParAIsite[] = [];
      const bestEpochs: number[] = [];
      try {
        for (let m = 1; m <= nMembers; m++) {
          const { train, validation } = memberSplit(split, m, { seed, groups });
          const member = await trainMember({
            pool,
            recipe: spec.recipe,
            train: withRepeats(pool, [...toPool(train), ...auxiliary]),
            validation: toPool(validation),
            outDir: dir,
            name: "member",
            run: m,
            seed: runSeed(seed, split.run) * 100 + m,
            savedIndex: spec.recipe.start.kind === "saved" ? ((split.run - 1 + m - 1) % spec.recipe.start.count) + 1 : undefined,
            trunk,
            progress: options.progress,
            signal: options.signal,
          });
          if (member === undefined) break;
          models.push(member.model);
          bestEpochs.push(member.summary.bestEpoch);
          say(`${spec.name} split ${split.run} member ${m}: best epoch ${member.summary.bestEpoch + 1}, validation loss ${member.summary.bestValLoss.toFixed(4)}`);
        }
        if (models.length < nMembers) {
          complete = false;
          break;
        }
        const testIdx = toPool(split.test);
        const testGraphs = Array.from(testIdx, (i) => pool.graphs[i]);
        writePredictions(testPath, {
          ids: Array.from(testIdx, (i) => pool.ids[i]),
          families: Array.from(testIdx, (i) => pool.sources[pool.source[i]].dataset),
          truth: Float64Array.from(testIdx, (i) => pool.kappa[i]),
          members: models.map((model) => predictGraphs(model, testGraphs)),
        });
        for (const e of externals) {
          writePredictions(join(dir, `external-${e.id}.csv`), { ids: e.ids, families: e.ids.map(() => e.id), truth: e.truth, members: models.map((model) => predictGraphs(model, e.graphs)) });
        }
        writeFileAtomic(join(dir, "best-epochs.json"), `${JSON.stringify(bestEpochs)}\n`);
      } finally {
        for (const model of models) model.dispose();
      }
    }
    const test = readPredictions(testPath);
    const families: { [family: string]: KappaMetrics } = {};
    for (const family of new Set(test.families)) {
      const idx = test.families.flatMap((f, i) => (f === family ? [i] : []));
      if (idx.length >= 2) families[family] = scoreSet(test, idx);
    }
    const external: { [dataset: string]: KappaMetrics } = {};
    for (const e of externals) {
      const set = readPredictions(join(dir, `external-${e.id}.csv`));
      external[e.id] = scoreSet(set);
      externalByRun.set(e.id, [...(externalByRun.get(e.id) ?? []), ...set.members]);
    }
    const bestEpochs = JSON.parse(readFileSync(join(dir, "best-epochs.json"), "utf8")) as number[];
    results.push({ run: split.run, test: scoreSet(test), families, external, bestEpochs });
  }

  const familyNames = [...new Set(results.flatMap((r) => Object.keys(r.families)))];
  const externalEnsemble: { [dataset: string]: KappaMetrics } = {};
  for (const e of externals) {
    const members = externalByRun.get(e.id) ?? [];
    if (members.length > 0) externalEnsemble[e.id] = scoreSet({ ids: e.ids, families: e.ids.map(() => e.id), truth: e.truth, members });
  }
  const result: CrossValidationResult = {
    name: spec.name,
    spec,
    splits: results,
    summary: {
      test: summarizeMetrics(results.map((r) => r.test)),
      families: Object.fromEntries(familyNames.map((f) => [f, summarizeMetrics(results.flatMap((r) => (r.families[f] ? [r.families[f]] : [])))])),
      external: Object.fromEntries(externals.map((e) => [e.id, summarizeMetrics(results.map((r) => r.external[e.id]))])),
      externalEnsemble,
    },
    pool: { records: pool.graphs.length, targets: targets.length, excludedAuxiliary: pool.excluded },
    complete: complete && results.length === runs,
  };
  writeFileAtomic(join(root, "metrics.json"), `${JSON.stringify(result, null, 1)}\n`);
  writeFileAtomic(join(root, "report.md"), crossValidationReport(result));
  return result;
}
