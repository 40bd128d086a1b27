/**
 * One trained model of an evaluation or a shipped ensemble ("member"): its starting weights (random,
 * any pretrained megnet zoo trunk, or a saved ParAIsite), its κ transform fitted on its own training
 * records, trained with the resumable run machinery of `train/` (checkpoint chosen on a validation
 * split), saved as a ParAIsite model directory. Joint training on several sources can learn one
 * offset per auxiliary source (AFLOW AGL's systematic bias) that only the loss sees.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import type { TargetTransform } from "../core/target-transform.js";
import { fitKappaTransform } from "../data/kappa-transform.js";
import { randomTrunkConfig } from "../experiment/init.js";
import { batchGraphs } from "../graph/batch.js";
import type { MEGNetConfig, NamedWeight, WeightMap } from "../models/config.js";
import { type MEGNetInputs, prepareInputs } from "../models/inputs.js";
import { ParAIsite } from "../models/paraisite.js";
import type { InitScheme } from "../nn/params.js";
import { loadPretrainedMEGNet } from "../registry/pretrained.js";
import { loadModel, readModel, saveModel } from "../weights/model-io.js";
import { columnModelAsTrainable } from "../train/adapt.js";
import type { TrainConfigOverrides } from "../train/config.js";
import type { LossKind } from "../train/losses.js";
import type { TrainableModel } from "../train/model.js";
import type { ProgressReporter } from "../train/progress.js";
import { elementBySymbol, elementByZ } from "../structure/elements.js";
import { type RunSummary, runDirectory, runSplits } from "../train/runs.js";
import type { LabelledPool } from "./pool.js";

/** Where a member's weights start. */
export type MemberStart =
  /** megnet's formation-energy architecture (4 Å, T = 3), standard-LSTM Set2Set, random weights. */
  | { readonly kind: "random" }
  /** Any megnet zoo model by registry id (trunk loaded, head random), e.g. megnet/mp-2018.6.1/log10G. */
  | { readonly kind: "pretrained"; readonly weights: string }
  /**
   * Saved ParAIsite directories (e.g. AFLOW-stage members): `path` with `{k}` replaced by a member
   * number 1..count, chosen per split and member so that runs spread over the saved models.
   */
  | { readonly kind: "saved"; readonly path: string; readonly count: number };

/** How a member is built and trained: the study's unit of variation. */
export interface MemberRecipe {
  readonly start: MemberStart;
  /** κ transform before standardization: log10 κ (default of new models) or the paper's log10(κ + 1). */
  readonly log: "log10" | "log10plus1";
  readonly loss: LossKind;
  /** Trainer settings (epochs, learning rate, scheduler, batch size…); seed is set per member. */
  readonly train: TrainConfigOverrides;
  /**
   * Calibrate each auxiliary source (joint training): `true` learns one offset of z per source,
   * `"affine"` an offset and a slope (z·(1 + a) + b); default none.
   */
  readonly sourceOffsets?: boolean | "affine";
  /** Initialisation of random trunks and heads (default keras). */
  readonly init?: InitScheme;
}

/** The trunk a recipe starts from, and its weights when pretrained (the graphs must use its cutoff). */
export async function recipeTrunk(start: MemberStart, options: { readonly weightsDir?: string } = {}): Promise<{ config: MEGNetConfig; weights?: WeightMap }> {
  if (start.kind === "random") return { config: randomTrunkConfig("standard", 3) };
  if (start.kind === "pretrained") {
    const imported = await loadPretrainedMEGNet(start.weights, { weightsDir: options.weightsDir });
    const { targetScaler: _scaler, ...config } = imported.config;
    return { config, weights: imported.weights };
  }
  const saved = await readModel(savedPath(start, 1), { kind: "paraisite" });
  if (saved.description.kind !== "paraisite") throw new Error(`${savedPath(start, 1)}: not a ParAIsite`);
  return { config: saved.description.config.trunk };
}

/**
 * The cross-validation folder a saved start belongs to (its `path` is `<dir>/split{k}/…`, as
 * `crossValidate` writes members), or undefined for other starts and layouts.
 */
export function savedStartStudyDir(start: MemberStart): string | undefined {
  if (start.kind !== "saved") return undefined;
  const at = start.path.indexOf("/split{k}");
  return at < 0 ? undefined : start.path.slice(0, at);
}

export function savedPath(start: Extract<MemberStart, { kind: "saved" }>, k: number): string {
  return start.path.replaceAll("{k}", String(k));
}

/** Batch of a pool for the trainer: the model inputs and, per graph, its auxiliary-offset slot (−1: none). */
export interface PoolBatch {
  readonly inputs: MEGNetInputs;
  readonly offsetSlot: Int32Array;
}

const OFFSET_WEIGHT = "source_offsets";

/**
 * Per-source calibration of auxiliary rows: z + b[slot] (width W = slots), or with `affine`
 * (width 2W: b then a) z·(1 + a[slot]) + b[slot], so that a source whose labels are compressed
 * in range (AGL) is matched by a slope as well as a shift. Rows without a slot pass unchanged.
 */
export function addCalibration(z: tf.Tensor1D, calibration: tf.Variable, slots: Int32Array, affine: boolean): tf.Tensor1D {
  const rows = slots.length;
  const width = (calibration.shape[0] as number) / (affine ? 2 : 1);
  const oneHot = new Float32Array(rows * width);
  slots.forEach((s, g) => {
    if (s >= 0) oneHot[g * width + s] = 1;
  });
  const perRow = (m: tf.Tensor2D, v: tf.Tensor1D): tf.Tensor1D => tf.reshape(tf.matMul(m, tf.reshape(v, [width, 1])), [rows]);
  const perSlot = (m: tf.Tensor2D, v: tf.Tensor): tf.Tensor1D => tf.reshape(tf.matMul(m, tf.reshape(v, [rows, 1]), true, false), [width]);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [zz, c] = args as [tf.Tensor1D, tf.Tensor1D];
    const m = tf.tensor2d(oneHot, [rows, width]);
    const b = affine ? tf.slice(c, [0], [width]) : c;
    const a = affine ? perRow(m, tf.slice(c, [width], [width])) : undefined;
    const value = tf.add(a === undefined ? zz : tf.add(zz, tf.mul(zz, a)), perRow(m, b));
    // the one-hot matrix and z are rebuilt for the backward pass: tensors of the forward scope are gone by then
    const zValues = zz.dataSync().slice();
    const aValues = a?.dataSync().slice();
    const gradFunc = (dy: tf.Tensor) => {
      const mm = tf.tensor2d(oneHot, [rows, width]);
      const dB = perSlot(mm, dy);
      if (aValues === undefined) return [dy, dB];
      const dz = tf.mul(dy, tf.add(1, tf.tensor1d(aValues)));
      const dA = perSlot(mm, tf.mul(dy, tf.tensor1d(zValues)));
      return [dz, tf.concat([dB, dA])];
    };
    return { value, gradFunc };
  });
  return op(z, calibration) as tf.Tensor1D;
}

/** The trainer's view of a member: ParAIsite, plus the auxiliary calibration when there is one. */
function memberTrainable(model: ParAIsite, offsets: tf.Variable | undefined, affine: boolean): TrainableModel<PoolBatch> {
  const column = columnModelAsTrainable<MEGNetInputs>(model, model.targetTransform);
  if (offsets === undefined) {
    return { ...column, trainableVariables: column.trainableVariables, forward: (batch, o) => column.forward(batch.inputs, o) };
  }
  return {
    trainableVariables: [...column.trainableVariables, offsets],
    targetTransform: model.targetTransform,
    forward: (batch, o) => addCalibration(column.forward(batch.inputs, o), offsets, batch.offsetSlot, affine),
    getWeights: () => {
      const weights = new Map<string, NamedWeight>(model.getWeights());
      weights.set(OFFSET_WEIGHT, { shape: [...offsets.shape], data: offsets.dataSync() as Float32Array });
      return weights;
    },
    setWeights: (weights) => {
      const rest = new Map(weights);
      const o = rest.get(OFFSET_WEIGHT);
      rest.delete(OFFSET_WEIGHT);
      model.setWeights(rest);
      if (o !== undefined) offsets.assign(tf.tensor1d(o.data));
    },
  };
}

export interface TrainMemberOptions {
  readonly pool: LabelledPool;
  readonly recipe: MemberRecipe;
  readonly train: Int32Array;
  readonly validation: Int32Array;
  /** `<outDir>/<name>/run<run>/` holds the run (history, checkpoints, done.json, model/). */
  readonly outDir: string;
  readonly name: string;
  readonly run: number;
  /** Seed of the member's initialisation and shuffling. */
  readonly seed: number;
  /** For `saved` starts: which saved model (1..count). */
  readonly savedIndex?: number;
  /** Pretrained trunk weights, loaded once by the caller. */
  readonly trunk: { readonly config: MEGNetConfig; readonly weights?: WeightMap };
  readonly progress?: ProgressReporter | false;
  readonly signal?: AbortSignal;
}

export interface TrainedMember {
  readonly summary: RunSummary;
  readonly model: ParAIsite;
  readonly dir: string;
  /** Learned offsets of z per auxiliary source (by pool source index), when trained with them. */
  readonly offsets?: { readonly [source: string]: number };
}

/** Train (or read back) one member; the caller disposes `model`. Undefined when `signal` stopped it. */
export async function trainMember(options: TrainMemberOptions): Promise<TrainedMember | undefined> {
  const { pool, recipe } = options;
  const runDir = runDirectory(options.outDir, options.name, options.run);
  const modelDir = join(runDir, "model");
  const auxiliary = pool.sources.flatMap((s, i) => (s.role === "auxiliary" ? [i] : []));
  const slotOf = (source: number) => (recipe.sourceOffsets ? auxiliary.indexOf(source) : -1);
  const affine = recipe.sourceOffsets === "affine";
  const makeBatch = (indices: Int32Array): PoolBatch => ({
    inputs: prepareInputs(batchGraphs(Array.from(indices, (i) => pool.graphs[i])), options.trunk.config),
    offsetSlot: Int32Array.from(indices, (i) => slotOf(pool.source[i])),
  });
  let trained: ParAIsite | undefined;
  let inherited: Inherited = { elements: [], sources: [] };
  let offsets: tf.Variable | undefined;
  const summaries = await runSplits<PoolBatch>({
    outDir: options.outDir,
    modelName: options.name,
    splits: [{ run: options.run, train: options.train, val: options.validation }],
    targets: pool.kappa,
    makeBatch,
    config: { ...recipe.train, loss: recipe.loss, seed: options.seed },
    createModel: async () => {
      // fitted on the distinct training records (repeats weight the loss, not the scaler)
      const distinct = [...new Set(options.train)];
      const transform = fitKappaTransform(Float64Array.from(distinct, (i) => pool.kappa[i]), { log: recipe.log });
      ({ model: trained, inherited } = await startModel(recipe, options, transform));
      if (recipe.sourceOffsets && auxiliary.length > 0) offsets = tf.variable(tf.zeros([auxiliary.length * (affine ? 2 : 1)]), true);
      return memberTrainable(trained, offsets, affine);
    },
    onRunDone: async (summary) => {
      if (trained === undefined) return;
      const c = offsets?.dataSync();
      const learned = c === undefined ? undefined : Object.fromEntries(auxiliary.map((s, k) => [pool.sources[s].dataset, c[k]]));
      const slopes = c === undefined || !affine ? undefined : Object.fromEntries(auxiliary.map((s, k) => [pool.sources[s].dataset, 1 + c[auxiliary.length + k]]));
      await saveModel(modelDir, trained, {
        extra: {
          member: { name: options.name, run: options.run, seed: options.seed, bestEpoch: summary.bestEpoch, bestValLoss: summary.bestValLoss },
          recipe: recipe as unknown as { readonly [key: string]: unknown },
          trainingElements: unionOfElements(elementsOf(pool, options.train), inherited.elements),
          trainingSources: [...new Set([...inherited.sources, ...pool.sources.map((s) => s.dataset)])],
          ...(learned ? { sourceOffsets: learned } : {}),
          ...(slopes ? { sourceSlopes: slopes } : {}),
        },
      });
    },
    progress: options.progress ?? false,
    callbacks: options.signal ? { shouldStop: () => options.signal?.aborted === true } : undefined,
  });
  offsets?.dispose();
  if (summaries.length === 0) {
    trained?.dispose();
    return undefined;
  }
  trained?.dispose();
  if (!existsSync(join(modelDir, "model.json"))) throw new Error(`${runDir}: finished without model/`);
  const loaded = await loadModel(modelDir, { kind: "paraisite" });
  const stored = loaded.extra.sourceOffsets;
  return {
    summary: summaries[0],
    model: loaded.model,
    dir: modelDir,
    ...(stored !== undefined && stored !== null && typeof stored === "object" && !Array.isArray(stored) ? { offsets: stored as { [k: string]: number } } : {}),
  };
}

/** What a member saw before its own training (a saved start's training elements and sources). */
interface Inherited {
  readonly elements: readonly string[];
  readonly sources: readonly string[];
}

const stringList = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

async function startModel(recipe: MemberRecipe, options: TrainMemberOptions, transform: TargetTransform): Promise<{ model: ParAIsite; inherited: Inherited }> {
  const start = recipe.start;
  if (start.kind === "saved") {
    // the saved weights with this member's own κ transform (fitted on its training records)
    const path = savedPath(start, options.savedIndex ?? 1);
    const saved = await readModel(path, { kind: "paraisite" });
    if (saved.description.kind !== "paraisite") throw new Error(`${path}: not a ParAIsite`);
    const model = ParAIsite.fromConfig({ ...saved.description.config, targetTransform: transform.toJSON() }, saved.weights);
    // a fine-tuned member still knows what its start was trained on: the applicability check needs it
    return { model, inherited: { elements: stringList(saved.extra.trainingElements), sources: stringList(saved.extra.trainingSources) } };
  }
  const model = new ParAIsite({ trunk: options.trunk.config, seed: options.seed, targetTransform: transform, init: recipe.init ?? "keras" });
  if (start.kind === "pretrained") {
    if (options.trunk.weights === undefined) throw new Error(`${start.weights}: pretrained weights were not loaded`);
    model.setWeights(options.trunk.weights, { trunkOnly: true });
  }
  return { model, inherited: { elements: [], sources: [] } };
}

/** Union of element symbol lists, ordered by atomic number. */
export function unionOfElements(...lists: readonly (readonly string[])[]): string[] {
  const z = (symbol: string) => elementBySymbol(symbol)?.z ?? Number.MAX_SAFE_INTEGER;
  return [...new Set(lists.flat())].sort((a, b) => z(a) - z(b));
}

/** Element symbols of the training records, by atomic number (stored with the model for applicability checks). */
export function elementsOf(pool: LabelledPool, indices: ArrayLike<number>): string[] {
  const numbers = new Set<number>();
  for (let k = 0; k < indices.length; k++) for (const z of pool.graphs[indices[k]].atomicNumbers) numbers.add(z);
  return [...numbers].sort((a, b) => a - b).map((z) => elementByZ(z)?.symbol ?? `Z${z}`);
}
