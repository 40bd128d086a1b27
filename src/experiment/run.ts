/**
 * `runExperiment`: the paper's six models (or a subset) × N seeded splits, in dependency order,
 * resumable (finished runs are read back, an interrupted run resumes from its `last/` checkpoint),
 * each run's best model saved as `<outDir>/<model>/run<r>/model/`, then the results table, the
 * curves and the box plot. See docs/reproducing.md.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type BackendRequest, selectBackend } from "../backend/select.js";
import { TrainingError } from "../core/errors.js";
import { randomGroupSplits, randomSplits } from "../data/splits.js";
import { batchGraphs } from "../graph/batch.js";
import type { MEGNetConfig } from "../models/config.js";
import { type MEGNetInputs, prepareInputs } from "../models/inputs.js";
import { resolveTrainConfig } from "../train/config.js";
import { GradientPool } from "../train/gradient-pool.js";
import { evaluate } from "../train/evaluate.js";
import { MAPE_EPSILON, makeLoss } from "../train/losses.js";
import type { ProgressReporter } from "../train/progress.js";
import { type RunSummary, readRunSummary, runDirectory, runSplits } from "../train/runs.js";
import { VERSION } from "../version.js";
import { saveModel } from "../weights/model-io.js";
import { type DataDescription, describeData, type ExperimentData, loadAflowPaperValues, loadExperimentData, partTransformOf } from "./data.js";
import { createRunStart, loadPretrainedTrunk, type RunStart } from "./init.js";
import { checkProtocol, type ExperimentManifest, type ExperimentProtocol, readManifest, writeManifest } from "./manifest.js";
import { type ExperimentModel, experimentOrder, FINE_TUNE_TARGETS, type FineTuneTarget, paperModels } from "./models.js";
import { type ExperimentPreset, type ExperimentPresetName, resolveExperimentPreset, trainOverrides } from "./preset.js";
import { type ModelResult, modelResult, type RunResult, runResult, writeResults } from "./results.js";

/** `--quick`: tiny subsets, 2 runs, 3 epochs — the whole pipeline in well under two minutes. */
export const QUICK_SETTINGS = Object.freeze({ runs: 2, epochs: 3, limits: Object.freeze({ togo15: 24, hh143: 24, mix: 24, "aflow-agl": 48 }) });

/** The cutoff of the paper's graphs (megnet mp-2018.6.1: 4 Å); every model's trunk must use it. */
export const EXPERIMENT_CUTOFF = 4;

export type ExperimentEvent =
  | { readonly kind: "data"; readonly dataset: string; readonly records: number }
  | { readonly kind: "model-start"; readonly model: string; readonly runs: number; readonly finished: number }
  | { readonly kind: "run-start"; readonly model: string; readonly run: number; readonly startedFrom: RunStart["startedFrom"] }
  | { readonly kind: "run-done"; readonly model: string; readonly run: number; readonly result: RunResult }
  | { readonly kind: "model-done"; readonly model: string; readonly result: ModelResult }
  | { readonly kind: "stopped"; readonly model: string };

export interface ExperimentOptions {
  readonly outDir: string;
  /** Model ids to train (default: all); the models they start from are added. */
  readonly models?: readonly string[];
  /** Model definitions (default: the paper's six for `target`). */
  readonly definitions?: readonly ExperimentModel[];
  /** The fine-tuning dataset of the paper's models (default togo15; ignored with `definitions`). */
  readonly target?: FineTuneTarget;
  readonly dataDir?: string;
  readonly weightsDir?: string;
  readonly cacheDir?: string;
  /** Epochs per run (default 300; quick 3). */
  readonly epochs?: number;
  /**
   * Epochs per run for the models trained on a given dataset id, overriding `epochs` for them
   * (e.g. `{ "aflow-agl": 40 }`: shorter pretraining when the machine cannot afford 9 × 300 on AFLOW).
   */
  readonly datasetEpochs?: { readonly [dataset: string]: number };
  /** Runs per model (default 9; quick 2). */
  readonly runs?: number;
  /** Tiny subsets, 2 runs, 3 epochs (explicit `epochs`, `runs`, `limits` still win). */
  readonly quick?: boolean;
  /** Use only the first N records of a dataset, by id (quick: togo15 24, aflow-agl 48). */
  readonly limits?: { readonly [dataset: string]: number };
  /** The named preset to start from (default `paper`). */
  readonly presetName?: ExperimentPresetName;
  /** Changes to the named preset. */
  readonly preset?: Partial<ExperimentPreset>;
  /**
   * Threads per training run (default 1): with N > 1, N − 1 worker threads compute parts of every
   * batch's gradient (data-parallel, {@link GradientPool}). Deterministic for a given N, but not the
   * bits of one thread: keep N fixed within an output folder to resume runs bit for bit.
   */
  readonly threads?: number;
  /** tfjs backend (default: the already selected one, else auto: wasm here). */
  readonly backend?: BackendRequest;
  /** Per-epoch trainer output (default: none). */
  readonly progress?: ProgressReporter | false;
  readonly onProgress?: (event: ExperimentEvent) => void;
  /** When aborted, the current run stops cleanly after its epoch (resumable). */
  readonly signal?: AbortSignal;
}

export interface ExperimentResult {
  readonly outDir: string;
  readonly results: readonly ModelResult[];
  readonly manifest: ExperimentManifest;
  /** True when `signal` stopped the experiment before every run finished. */
  readonly stopped: boolean;
}

/** The paper's models of every fine-tuning target, each once (the AFLOW models are shared). */
export function allPaperModels(): ExperimentModel[] {
  const out: ExperimentModel[] = [];
  for (const target of FINE_TUNE_TARGETS) for (const m of paperModels(target)) if (!out.some((o) => o.id === m.id)) out.push(m);
  return out;
}

/** The results of every model with finished runs (1..runs) in `outDir`, in definition order. */
export function collectResults(outDir: string, definitions: readonly ExperimentModel[], runs: number, loadPretrained = true): ModelResult[] {
  const out: ModelResult[] = [];
  for (const definition of definitions) {
    const done: RunResult[] = [];
    for (let run = 1; run <= runs; run++) {
      const dir = runDirectory(outDir, definition.id, run);
      const summary = readRunSummary(dir);
      if (summary) done.push(runResult(summary, kappaMapeOf(dir, summary.bestValMape)));
    }
    if (done.length > 0) out.push(modelResult(definition, done, loadPretrained));
  }
  return out;
}

function kappaMapeOf(runDir: string, fallback: number): number {
  try {
    const json = JSON.parse(readFileSync(join(runDir, "model", "model.json"), "utf8")) as { extra?: { validation?: { kappaMape?: number } } };
    return json.extra?.validation?.kappaMape ?? fallback;
  } catch {
    return fallback;
  }
}

/** Train the models and write the results; resolves when everything finished (or `signal` stopped it). */
export async function runExperiment(options: ExperimentOptions): Promise<ExperimentResult> {
  const startedAt = new Date().toISOString();
  const quick = options.quick ?? false;
  const preset = resolveExperimentPreset(options.preset, options.presetName);
  const epochs = options.epochs ?? (quick ? QUICK_SETTINGS.epochs : 300);
  const runs = options.runs ?? (quick ? QUICK_SETTINGS.runs : 9);
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a positive integer, got ${threads}`);
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`runs must be a positive integer, got ${runs}`);
  const limits: { readonly [dataset: string]: number } = options.limits ?? (quick ? QUICK_SETTINGS.limits : {});
  const definitions = options.definitions ?? paperModels(options.target);
  // the results table lists every model finished in the folder, whichever target trained it
  const tableDefinitions = options.definitions ?? allPaperModels();
  const order = experimentOrder(definitions, options.models);
  const emit = options.onProgress ?? (() => {});
  const datasetEpochs = { ...(options.datasetEpochs ?? {}) };
  for (const [id, n] of Object.entries(datasetEpochs)) {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`epochs for dataset '${id}' must be a positive integer, got ${n}`);
  }
  const epochsOf = (m: ExperimentModel): number => datasetEpochs[m.dataset] ?? epochs;
  // the saved model's κ check is an evaluation pass: the trainer's validation batch size (predictions do not depend on it)
  const evalBatchSize = resolveTrainConfig(trainOverrides(preset, epochs)).evalBatchSize;

  const choice = await selectBackend(options.backend === undefined ? {} : { backend: options.backend });
  mkdirSync(options.outDir, { recursive: true });
  const previous = readManifest(options.outDir);
  // Written only when used, so manifests of plain runs stay comparable with older ones.
  const protocol: ExperimentProtocol = {
    preset,
    epochs,
    quick,
    limits: { ...limits },
    ...(Object.keys(datasetEpochs).length > 0 ? { datasetEpochs } : {}),
  };
  checkProtocol(options.outDir, previous, protocol);

  const data = new Map<string, ExperimentData>();
  const described: DataDescription[] = [];
  for (const id of [...new Set(order.map((m) => m.dataset))]) {
    const loaded = await loadExperimentData(id, {
      dataDir: options.dataDir,
      cacheDir: options.cacheDir,
      cutoff: EXPERIMENT_CUTOFF,
      labelPolicy: preset.aflowLabelPolicy,
      limit: limits[id],
      ...(id === "aflow-agl" && preset.aflowTransform === "paper-values" ? { transformValues: await loadAflowPaperValues(options) } : {}),
    });
    const description = await describeData(loaded);
    const before = previous?.datasets.find((d) => d.id === id);
    if (before && before.contentHash !== description.contentHash) {
      throw new TrainingError(`dataset '${id}' differs from the one ${options.outDir} was trained on (content hash); use another output directory`);
    }
    data.set(id, loaded);
    described.push(description);
    emit({ kind: "data", dataset: id, records: loaded.graphs.length });
  }
  const pretrained = new Map<string, Awaited<ReturnType<typeof loadPretrainedTrunk>>>();
  for (const m of order) {
    if (m.init.kind === "pretrained" && preset.loadPretrained && !pretrained.has(m.init.weights)) {
      pretrained.set(m.init.weights, await loadPretrainedTrunk(m.init.weights, options));
    }
  }
  const weights = [...pretrained.values()].map((p) => ({ id: p.id, sha256: p.sha256 }));
  const session = {
    id: `${startedAt}#${process.pid}`,
    startedAt,
    finishedAt: null,
    version: VERSION,
    backend: choice.backend,
    node: process.versions.node,
    models: order.map((m) => m.id),
    runs,
    threads,
  };
  writeManifest(options.outDir, { protocol, datasets: described, weights, session });

  const results: ModelResult[] = [];
  const finished = new Map<string, readonly RunSummary[]>();
  const shorter = Object.entries(datasetEpochs).map(([id, n]) => `, ${n} epochs on ${id}`).join("");
  const header = [
    `Protocol: preset \`${preset.name}\`, ${runs} runs × ${epochs} epochs${shorter}${quick ? " (quick: small subsets)" : ""}, backend ${choice.backend}, paraisite ${VERSION}.`,
  ];
  let stopped = false;
  for (const definition of order) {
    const d = data.get(definition.dataset);
    if (d === undefined) throw new TrainingError(`dataset ${definition.dataset} not loaded`);
    const splitOptions = { runs, trainFraction: 1 - preset.valFraction, seed: preset.seed, trainSizeRule: preset.trainSizeRule };
    // a composite dataset is split part by part, as the authors split Dataset1 and Dataset2
    const splits = d.parts ? randomGroupSplits(d.parts.map((p) => p.count), splitOptions) : randomSplits(d.graphs.length, splitOptions);
    const labelTransformOf = preset.compositeLabels === "per-part" ? partTransformOf(d) : undefined;
    const parentRuns = definition.init.kind === "model" ? finished.get(definition.init.from) : undefined;
    if (definition.init.kind === "model" && (parentRuns === undefined || parentRuns.length < runs)) {
      throw new TrainingError(`${definition.id} starts from ${definition.init.from}, whose ${runs} runs have not all finished`);
    }
    const alreadyDone = splits.filter((s) => readRunSummary(runDirectory(options.outDir, definition.id, s.run)) !== undefined).length;
    emit({ kind: "model-start", model: definition.id, runs, finished: alreadyDone });

    const pre = definition.init.kind === "pretrained" && preset.loadPretrained ? pretrained.get(definition.init.weights) : undefined;
    const starts = new Map<number, RunStart>();
    let trunk: MEGNetConfig | undefined;
    const makeBatch = (indices: Int32Array): MEGNetInputs => {
      if (trunk === undefined) throw new TrainingError("no model to batch for");
      return prepareInputs(batchGraphs(Array.from(indices, (i) => d.graphs[i])), trunk);
    };
    const startOf = (run: number): RunStart => {
      const s = starts.get(run);
      if (s === undefined) throw new TrainingError(`${definition.id} run ${run} has no model`);
      return s;
    };
    // Helper threads for data-parallel training, started with the first run's model (same architecture for every run).
    let pool: GradientPool | undefined;
    let summaries: RunSummary[];
    try {
      summaries = await runSplits<MEGNetInputs>({
        outDir: options.outDir,
        modelName: definition.id,
        splits,
        targets: d.kappa,
        makeBatch,
        config: trainOverrides(preset, epochsOf(definition)),
        createModel: async (run) => {
          const start = await createRunStart(run, {
            definition,
            preset,
            outDir: options.outDir,
            kappa: d.kappa,
            transform: d.transform,
            pretrained: pre,
            parentRuns,
            labelTransformOf,
          });
          starts.set(run, start);
          trunk = start.model.trunk.config;
          if (threads > 1 && pool === undefined) pool = await GradientPool.start(start.model, d.graphs, { helpers: threads - 1 });
          emit({ kind: "run-start", model: definition.id, run, startedFrom: start.startedFrom });
          return start.trainable;
        },
        targetsForRun: (run) => startOf(run).targets,
        lossTransformForRun: (run) => startOf(run).lossTransform,
        helpersForRun: () => pool?.helpers ?? [],
        onRunDone: async (summary, _model, runDir) => {
          const start = startOf(summary.run);
          // The saved model on the true κ with its own transform (differs from the loss for the kept scaler).
          const own = start.model.targetTransform;
          const check = evaluate({
            model: start.trainable,
            makeBatch,
            indices: Int32Array.from(summary.val),
            targets: d.kappa,
            batchSize: evalBatchSize,
            loss: makeLoss("mape", own, MAPE_EPSILON),
            transform: own,
          });
          await saveModel(join(runDir, "model"), start.model, {
            extra: {
              experiment: { model: definition.id, run: summary.run, dataset: definition.dataset, preset: preset.name, epochs: epochsOf(definition) },
            startedFrom: start.startedFrom,
            best: { epoch: summary.bestEpoch, valLoss: summary.bestValLoss, valMape: summary.bestValMape, valMae: summary.bestValMae },
              validation: { kappaMape: check.mape, kappaMae: check.mae, ids: Array.from(summary.val, (i) => d.ids[i]) },
            },
          });
          start.model.dispose();
          starts.delete(summary.run);
          emit({ kind: "run-done", model: definition.id, run: summary.run, result: runResult(summary, check.mape) });
        },
        progress: options.progress ?? false,
        callbacks: options.signal ? { shouldStop: () => options.signal?.aborted === true } : undefined,
      });
    } finally {
      for (const s of starts.values()) s.model.dispose();
      await pool?.dispose();
    }
    finished.set(definition.id, summaries);
    const result = modelResult(
      definition,
      summaries.map((s) => runResult(s, kappaMapeOf(runDirectory(options.outDir, definition.id, s.run), s.bestValMape))),
      preset.loadPretrained,
    );
    results.push(result);
    // Every model finished in this folder, also by another process (docs/reproducing.md: two processes).
    writeResults(options.outDir, collectResults(options.outDir, tableDefinitions, runs, preset.loadPretrained), header);
    if (summaries.length < splits.length) {
      stopped = true;
      emit({ kind: "stopped", model: definition.id });
      break;
    }
    emit({ kind: "model-done", model: definition.id, result });
  }
  const manifest = writeManifest(options.outDir, {
    protocol,
    datasets: described,
    weights,
    session: { ...session, finishedAt: new Date().toISOString() },
  });
  return { outDir: options.outDir, results, manifest, stopped };
}
