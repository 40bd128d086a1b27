/**
 * Training checkpoints: a directory with `checkpoint.json` (epoch, schedule, shuffling stream,
 * best-so-far, what the model is, manifest), `weights.bin` and `optimizer.bin` (little-endian
 * float32, concatenated in manifest order). Written atomically (see `atomic-fs.ts`); reading back
 * gives the exact bits. The model's description is models/serialization.ts's, so a checkpoint
 * (e.g. `best/` of an unfinished run) can be loaded as a model.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TrainingError } from "../core/errors.js";
import type { NamedWeight, WeightMap } from "../models/config.js";
import { checkModelConfig, type Model, type ModelConfig, modelFromConfig } from "../models/serialization.js";
import type { AdamState } from "./adam.js";
import { recoverDir, replaceDirAtomic } from "./atomic-fs.js";
import type { SchedulerState } from "./scheduler.js";

export const CHECKPOINT_FORMAT = "paraisite-train-checkpoint";
export const CHECKPOINT_VERSION = 1;

/** Best validation loss seen so far and the epoch it came from. */
export interface BestSoFar {
  readonly epoch: number;
  readonly valLoss: number;
}

/** Everything needed to continue a run exactly where it stopped. */
export interface TrainingCheckpoint {
  /** Last completed epoch (0-based). */
  readonly epoch: number;
  readonly weights: WeightMap;
  readonly optimizer: AdamState;
  readonly scheduler: SchedulerState;
  /** The shuffling stream: epoch e's order is a pure function of (seed, e), so this is its whole state. */
  readonly rng: { readonly seed: number; readonly nextEpoch: number };
  readonly best?: BestSoFar;
  /** What the model is (kind and config, its target transform included), when the trainer knows it. */
  readonly model?: ModelConfig;
  /** Settings that must not change across a resume (compared on load); the loss's transform is among them. */
  readonly fingerprint: string;
}

interface TensorEntry {
  readonly name: string;
  readonly shape: readonly number[];
  readonly offset: number;
  readonly length: number;
}

interface CheckpointJSON {
  readonly format: string;
  readonly version: number;
  readonly epoch: number;
  readonly scheduler: SchedulerState;
  readonly rng: TrainingCheckpoint["rng"];
  readonly best?: BestSoFar;
  readonly model?: ModelConfig;
  readonly fingerprint: string;
  readonly weights: readonly TensorEntry[];
  readonly optimizer: {
    readonly learningRate: number;
    readonly steps: readonly number[];
    readonly shapes: readonly (readonly number[])[];
  };
}

function concatFloat32(arrays: readonly Float32Array[]): Uint8Array {
  const total = arrays.reduce((n, a) => n + a.length, 0);
  const out = new Float32Array(total);
  let offset = 0;
  for (const a of arrays) {
    out.set(a, offset);
    offset += a.length;
  }
  return new Uint8Array(out.buffer);
}

function readFloat32(path: string): Float32Array {
  const bytes = readFileSync(path);
  if (bytes.byteLength % 4 !== 0) throw new TrainingError(`${path}: size ${bytes.byteLength} is not a multiple of 4`);
  // Copy into an aligned buffer (Buffer slices may start at any byte offset).
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}

/** Write `checkpoint` to `dir`, replacing any previous checkpoint there atomically. */
export function saveCheckpoint(dir: string, checkpoint: TrainingCheckpoint): void {
  const entries: TensorEntry[] = [];
  const weightArrays: Float32Array[] = [];
  let offset = 0;
  for (const [name, w] of checkpoint.weights) {
    entries.push({ name, shape: [...w.shape], offset, length: w.data.length });
    weightArrays.push(w.data);
    offset += w.data.length;
  }
  const { learningRate, steps, shapes, m, v } = checkpoint.optimizer;
  const json: CheckpointJSON = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    epoch: checkpoint.epoch,
    scheduler: checkpoint.scheduler,
    rng: checkpoint.rng,
    best: checkpoint.best,
    model: checkpoint.model,
    fingerprint: checkpoint.fingerprint,
    weights: entries,
    optimizer: { learningRate, steps, shapes },
  };
  replaceDirAtomic(dir, (tmp) => {
    writeFileSync(join(tmp, "weights.bin"), concatFloat32(weightArrays));
    writeFileSync(join(tmp, "optimizer.bin"), concatFloat32([...m, ...v]));
    // The JSON last: its presence marks a complete directory.
    writeFileSync(join(tmp, "checkpoint.json"), `${JSON.stringify(json, null, 1)}\n`);
  });
}

/** Whether `dir` holds a complete checkpoint (recovering one left as `<dir>.old` by a crash). */
export function hasCheckpoint(dir: string): boolean {
  if (!recoverDir(dir)) return false;
  try {
    readFileSync(join(dir, "checkpoint.json"));
    return true;
  } catch {
    return false;
  }
}

/** Read a checkpoint written by {@link saveCheckpoint}. */
export function loadCheckpoint(dir: string): TrainingCheckpoint {
  recoverDir(dir);
  let json: CheckpointJSON;
  try {
    json = JSON.parse(readFileSync(join(dir, "checkpoint.json"), "utf8")) as CheckpointJSON;
  } catch (e) {
    throw new TrainingError(`cannot read checkpoint ${dir}: ${(e as Error).message}`);
  }
  if (json.format !== CHECKPOINT_FORMAT || json.version !== CHECKPOINT_VERSION) {
    throw new TrainingError(`${dir}: not a ${CHECKPOINT_FORMAT} v${CHECKPOINT_VERSION} checkpoint`);
  }
  const weightData = readFloat32(join(dir, "weights.bin"));
  const weights = new Map<string, NamedWeight>();
  for (const e of json.weights) {
    if (e.offset + e.length > weightData.length) throw new TrainingError(`${dir}: weights.bin too short for ${e.name}`);
    weights.set(e.name, { shape: e.shape, data: weightData.slice(e.offset, e.offset + e.length) });
  }
  const sizes = json.optimizer.shapes.map((s) => s.reduce((a, b) => a * b, 1));
  const total = sizes.reduce((a, b) => a + b, 0);
  const optimizerData = readFloat32(join(dir, "optimizer.bin"));
  if (optimizerData.length !== 2 * total) throw new TrainingError(`${dir}: optimizer.bin has the wrong size`);
  const m: Float32Array[] = [];
  const v: Float32Array[] = [];
  let offset = 0;
  for (const size of sizes) {
    m.push(optimizerData.slice(offset, offset + size));
    v.push(optimizerData.slice(total + offset, total + offset + size));
    offset += size;
  }
  return {
    epoch: json.epoch,
    weights,
    optimizer: { learningRate: json.optimizer.learningRate, steps: json.optimizer.steps, shapes: json.optimizer.shapes, m, v },
    scheduler: json.scheduler,
    rng: json.rng,
    best: json.best,
    ...(json.model === undefined ? {} : { model: json.model }),
    fingerprint: json.fingerprint,
  };
}

/**
 * The model saved in a checkpoint, with the checkpoint's weights (checkpoints written before they
 * described the model have no `model` and cannot be loaded this way).
 */
export function modelFromCheckpoint(dir: string): Model {
  const checkpoint = loadCheckpoint(dir);
  if (checkpoint.model === undefined) throw new TrainingError(`${dir}: this checkpoint does not describe its model`);
  return modelFromConfig(checkModelConfig(checkpoint.model.kind, checkpoint.model.config, dir), checkpoint.weights);
}
