/**
 * An ensemble of trained ParAIsite models (the paper's 9 runs): κ per model, their mean, and the
 * spread across models as the uncertainty. Structures are featurised once per batch and every
 * model reads the same input tensors. With `workers > 1` the async methods spread whole batches
 * over worker threads (each with every model and its own backend): same values, bit for bit.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { ParaisiteError, WeightsError } from "../core/errors.js";
import { buildCrystalGraph } from "../graph/build.js";
import { batchGraphs } from "../graph/batch.js";
import type { CrystalGraph } from "../graph/types.js";
import { disposeInputs } from "../models/inputs.js";
import type { ParAIsite } from "../models/paraisite.js";
import { InferencePool } from "../models/worker-pool.js";
import type { Structure } from "../structure/structure.js";
import { MODEL_JSON } from "../weights/model-directory.js";
import { loadModel } from "../weights/model-io.js";
import { type KappaPrediction, summarize } from "./summary.js";

/** A structure that could be predicted, or why not. */
export type StructurePrediction =
  | { readonly ok: true; readonly prediction: KappaPrediction }
  | { readonly ok: false; readonly error: ParaisiteError };

/**
 * Model directories under `dir`: `dir` itself when it holds a model, else every `<sub>/model.json`
 * or `<sub>/model/model.json` one level down (e.g. `run1/model`), in natural order of the names.
 */
export function findModelDirectories(dir: string): string[] {
  const root = resolve(dir);
  if (existsSync(join(root, MODEL_JSON))) return [root];
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new WeightsError(`${root}: no such model directory`);
  const collator = new Intl.Collator("en", { numeric: true });
  const found: string[] = [];
  for (const name of readdirSync(root).sort(collator.compare)) {
    for (const candidate of [join(root, name), join(root, name, "model")]) {
      if (existsSync(join(candidate, MODEL_JSON))) {
        found.push(candidate);
        break;
      }
    }
  }
  if (found.length === 0) throw new WeightsError(`${root}: no model.json in it or in its sub-directories`);
  return found;
}

export interface KappaEnsembleOptions {
  /**
   * Worker threads for {@link KappaEnsemble.predictGraphsAsync} and
   * {@link KappaEnsemble.predictStructuresAsync} (default 1: everything on the calling thread).
   * Each worker holds every model and its own tfjs backend (~150 MB per worker with wasm).
   */
  readonly workers?: number;
}

/** Per-batch, per-model values (as the workers return them) → one summary per structure. */
function summarizeBatches(batches: readonly (readonly Float64Array[])[]): KappaPrediction[] {
  const out: KappaPrediction[] = [];
  for (const perModel of batches) {
    const n = perModel[0].length;
    for (let g = 0; g < n; g++) out.push(summarize(Float64Array.from(perModel, (values) => values[g])));
  }
  return out;
}

export class KappaEnsemble {
  readonly models: readonly ParAIsite[];
  /** Where each model was loaded from (same order as `models`). */
  readonly sources: readonly string[];
  readonly cutoff: number;
  private pool?: InferencePool;

  private constructor(models: readonly ParAIsite[], sources: readonly string[]) {
    if (models.length === 0) throw new WeightsError("an ensemble needs at least one model");
    const cutoff = models[0].trunk.config.graph.cutoff;
    const centers = JSON.stringify(models[0].trunk.config.graph);
    for (const [i, m] of models.entries()) {
      if (JSON.stringify(m.trunk.config.graph) !== centers) {
        throw new WeightsError(`${sources[i]}: graph settings differ from ${sources[0]}; an ensemble shares one featurisation`);
      }
    }
    this.models = models;
    this.sources = sources;
    this.cutoff = cutoff;
  }

  /** Load every model found by {@link findModelDirectories} under each directory given. */
  static async load(dirs: string | readonly string[], options: KappaEnsembleOptions = {}): Promise<KappaEnsemble> {
    const workers = options.workers ?? 1;
    if (!(Number.isInteger(workers) && workers >= 1)) throw new RangeError(`workers must be a positive integer, got ${workers}`);
    const list = typeof dirs === "string" ? [dirs] : dirs;
    const sources = list.flatMap(findModelDirectories);
    const models: ParAIsite[] = [];
    try {
      for (const dir of sources) models.push((await loadModel(dir, { kind: "paraisite" })).model);
    } catch (e) {
      for (const m of models) m.dispose();
      throw e;
    }
    const ensemble = new KappaEnsemble(models, sources);
    if (workers > 1) {
      try {
        ensemble.pool = await InferencePool.start(models, { workers });
      } catch (e) {
        ensemble.dispose();
        throw e;
      }
    }
    return ensemble;
  }

  /** Worker threads used by the async methods (1: the calling thread). */
  get workers(): number {
    return this.pool?.size ?? 1;
  }

  get size(): number {
    return this.models.length;
  }

  /** Predict graphs built at {@link cutoff}, in batches of `batchSize`. */
  predictGraphs(graphs: readonly CrystalGraph[], batchSize = 64): KappaPrediction[] {
    const out: KappaPrediction[] = [];
    for (let start = 0; start < graphs.length; start += batchSize) {
      const chunk = graphs.slice(start, start + batchSize);
      const inputs = this.models[0].prepare(batchGraphs(chunk));
      try {
        const perModel = this.models.map((m) => m.predict(inputs));
        for (let g = 0; g < chunk.length; g++) {
          out.push(summarize(Float64Array.from(perModel, (values) => values[g])));
        }
      } finally {
        disposeInputs(inputs);
      }
    }
    return out;
  }

  /**
   * {@link predictGraphs} spread over the worker threads (batches of `batchSize`, the same
   * batches as the synchronous path, hence the same values); without workers, the same as it.
   */
  async predictGraphsAsync(graphs: readonly CrystalGraph[], batchSize = 64): Promise<KappaPrediction[]> {
    const pool = this.pool;
    if (pool === undefined) return this.predictGraphs(graphs, batchSize);
    const pending: Promise<Float64Array[]>[] = [];
    for (let start = 0; start < graphs.length; start += batchSize) pending.push(pool.predict(batchGraphs(graphs.slice(start, start + batchSize))));
    return summarizeBatches(await Promise.all(pending));
  }

  /** Predict structures; one that cannot be turned into a graph gets its error, not a throw. */
  predictStructures(structures: readonly Structure[], batchSize = 64): StructurePrediction[] {
    const { results, graphs, slots } = this.buildGraphs(structures);
    this.predictGraphs(graphs, batchSize).forEach((prediction, k) => {
      results[slots[k]] = { ok: true, prediction };
    });
    return results;
  }

  /**
   * {@link predictStructures} with the models on the worker threads; graphs are built on the
   * calling thread batch by batch while the workers predict the batches already sent.
   */
  async predictStructuresAsync(structures: readonly Structure[], batchSize = 64): Promise<StructurePrediction[]> {
    const pool = this.pool;
    if (pool === undefined) return this.predictStructures(structures, batchSize);
    const results: StructurePrediction[] = new Array(structures.length);
    const slots: number[] = [];
    const pending: Promise<Float64Array[]>[] = [];
    let chunk: CrystalGraph[] = [];
    const send = (): void => {
      if (chunk.length > 0) pending.push(pool.predict(batchGraphs(chunk)));
      chunk = [];
    };
    structures.forEach((s, i) => {
      const graph = this.buildGraph(s, i, results);
      if (graph === undefined) return;
      chunk.push(graph);
      slots.push(i);
      if (chunk.length === batchSize) send();
    });
    send();
    summarizeBatches(await Promise.all(pending)).forEach((prediction, k) => {
      results[slots[k]] = { ok: true, prediction };
    });
    return results;
  }

  /** Free the models and stop the workers. */
  dispose(): void {
    for (const m of this.models) m.dispose();
    const pool = this.pool;
    this.pool = undefined;
    // terminate() settles on its own; nothing to wait for here
    pool?.dispose().catch(() => undefined);
  }

  private buildGraph(s: Structure, i: number, results: StructurePrediction[]): CrystalGraph | undefined {
    try {
      return buildCrystalGraph(s, { cutoff: this.cutoff, isolatedAtoms: "ignore" });
    } catch (e) {
      if (!(e instanceof ParaisiteError)) throw e;
      results[i] = { ok: false, error: e };
      return undefined;
    }
  }

  private buildGraphs(structures: readonly Structure[]): { results: StructurePrediction[]; graphs: CrystalGraph[]; slots: number[] } {
    const results: StructurePrediction[] = new Array(structures.length);
    const graphs: CrystalGraph[] = [];
    const slots: number[] = [];
    structures.forEach((s, i) => {
      const graph = this.buildGraph(s, i, results);
      if (graph === undefined) return;
      graphs.push(graph);
      slots.push(i);
    });
    return { results, graphs, slots };
  }
}
