/**
 * "N runs × one model": train each run's split into `<outDir>/<model>/run<r>/`, skipping runs that
 * already finished (a `done.json` marker with the final metrics and the split) and resuming the one
 * that was interrupted, so that a long reproduction can be killed and restarted at any time.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { TrainingError } from "../core/errors.js";
import { scrambleSeed } from "../core/prng.js";
import type { TargetTransform } from "../core/target-transform.js";
import { writeFileAtomic } from "./atomic-fs.js";
import { PAPER_TRAIN_CONFIG, type TrainConfigOverrides } from "./config.js";
import type { GradientHelper } from "./data-parallel.js";
import type { MakeBatch, TrainableModel } from "./model.js";
import type { ProgressReporter } from "./progress.js";
import { type TrainCallbacks, type TrainResult, train } from "./trainer.js";

export interface RunSplit {
  /** 1-based run number (the paper seeds run r's split with r). */
  readonly run: number;
  readonly train: ArrayLike<number>;
  readonly val: ArrayLike<number>;
}

/** Contents of `done.json`. */
export interface RunSummary {
  readonly model: string;
  readonly run: number;
  readonly bestEpoch: number;
  readonly bestValLoss: number;
  readonly bestValMape: number;
  readonly bestValMae: number;
  readonly epochs: number;
  readonly seed: number;
  readonly train: readonly number[];
  readonly val: readonly number[];
  /** Set when a non-finite loss ended the run early (its best epoch is the result). */
  readonly diverged?: { readonly epoch: number; readonly reason: string };
}

export interface RunSplitsOptions<Batch> {
  readonly outDir: string;
  /** Folder name of this model under `outDir` (e.g. "aflow", "aflow+togo15"). */
  readonly modelName: string;
  readonly splits: readonly RunSplit[];
  /** Physical targets by item (shared by all runs unless `targetsForRun` says otherwise). */
  readonly targets: ArrayLike<number>;
  readonly makeBatch: MakeBatch<Batch>;
  /** A fresh model for run r (initialised, or loaded from the run it starts from). */
  createModel(run: number): TrainableModel<Batch> | Promise<TrainableModel<Batch>>;
  readonly config?: TrainConfigOverrides;
  /** Per-run targets, e.g. {@link keptScalerTargets} when fine-tuning keeps the pretraining scaler. */
  targetsForRun?(run: number): ArrayLike<number>;
  /** Per-run transform used inside the loss (default: the model's own). */
  lossTransformForRun?(run: number): TargetTransform | undefined;
  /** Called with the trained model (on its best weights) before `done.json` is written: save it here. */
  onRunDone?(summary: RunSummary, model: TrainableModel<Batch>, runDir: string): void | Promise<void>;
  readonly progress?: ProgressReporter | false;
  readonly callbacks?: TrainCallbacks;
  /** Helper threads for run r's data-parallel training (called after `createModel(r)`); none by default. */
  helpersForRun?(run: number): readonly GradientHelper[];
}

/** The shuffling seed of run r: the global seed mixed with r, so runs do not share epoch orders. */
export function shuffleSeedForRun(seed: number, run: number): number {
  return scrambleSeed((seed + Math.imul(run, 0x85ebca6b)) >>> 0);
}

export function runDirectory(outDir: string, modelName: string, run: number): string {
  return join(outDir, modelName, `run${run}`);
}

/** The `done.json` of a finished run, or undefined. */
export function readRunSummary(runDir: string): RunSummary | undefined {
  const path = join(runDir, "done.json");
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, "utf8")) as RunSummary;
}

function sameIndices(a: readonly number[], b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Train every split in order. Finished runs are read back, not retrained; a run stopped by
 * `shouldStop` ends the loop without a marker (call again to continue). Returns the finished runs.
 */
export async function runSplits<Batch>(options: RunSplitsOptions<Batch>): Promise<RunSummary[]> {
  const summaries: RunSummary[] = [];
  const baseSeed = options.config?.seed ?? PAPER_TRAIN_CONFIG.seed;
  for (const split of options.splits) {
    const runDir = runDirectory(options.outDir, options.modelName, split.run);
    const done = readRunSummary(runDir);
    if (done !== undefined) {
      if (!sameIndices(done.train, split.train) || !sameIndices(done.val, split.val)) {
        throw new TrainingError(`${runDir}/done.json was trained on another split; move it away to retrain`);
      }
      summaries.push(done);
      continue;
    }
    const model = await options.createModel(split.run);
    const seed = shuffleSeedForRun(baseSeed, split.run);
    const result: TrainResult = await train({
      model,
      makeBatch: options.makeBatch,
      targets: options.targetsForRun?.(split.run) ?? options.targets,
      trainIndices: split.train,
      valIndices: split.val,
      config: { ...options.config, seed },
      runDir,
      resume: true,
      lossTransform: options.lossTransformForRun?.(split.run),
      progress: options.progress,
      callbacks: options.callbacks,
      helpers: options.helpersForRun?.(split.run),
    });
    if (result.stoppedEarly) break;
    const summary: RunSummary = {
      model: options.modelName,
      run: split.run,
      bestEpoch: result.best.epoch,
      bestValLoss: result.best.valLoss,
      bestValMape: result.best.valMape,
      bestValMae: result.best.valMae,
      epochs: result.epochsCompleted,
      seed,
      train: Array.from(split.train),
      val: Array.from(split.val),
      ...(result.diverged !== undefined ? { diverged: result.diverged } : {}),
    };
    await options.onRunDone?.(summary, model, runDir);
    writeFileAtomic(join(runDir, "done.json"), `${JSON.stringify(summary, null, 1)}\n`);
    summaries.push(summary);
  }
  return summaries;
}
