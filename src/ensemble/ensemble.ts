/**
 * An ensemble of trained ParAIsite models (the paper's 9 runs): κ per model, their mean, and the
 * spread across models as the uncertainty. Structures are featurised once per batch and every
 * model reads the same input tensors. With `workers > 1` the async methods spread whole batches
 * over worker threads (each with every model and its own backend): same values, bit for bit.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { WeightsError } from "../core/errors.js";
import { batchGraphs } from "../graph/batch.js";
import type { CrystalGraph } from "../graph/types.js";
import type { ParAIsite } from "../models/paraisite.js";
import { InferencePool } from "../models/worker-pool.js";
import type { Structure } from "../structure/structure.js";
import { MODEL_JSON } from "../weights/model-format.js";
import { loadModel } from "../weights/model-io.js";
import { type ApplicabilityDomain, DEFAULT_MAX_LOG10_SPREAD, DOMAIN_FILE, parseDomain } from "./applicability.js";
import { KappaEnsembleCore, type KappaPrediction, type StructurePrediction, summarizeBatches } from "./kappa-core.js";

export { KappaEnsembleCore, type KappaPrediction, type StructurePrediction } from "./kappa-core.js";

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
  /**
   * The applicability domain: default the first directory's `domain.json`, else the elements the
   * members were trained on (stored with models trained by `evaluate`) with the default spread
   * threshold; null for none (no `applicability` on predictions).
   */
  readonly domain?: ApplicabilityDomain | null;
}

/**
 * The domain of the ensemble loaded from `dirs`: the first `domain.json` found, else the elements
 * every member was trained on (stored by `evaluate`) with the default spread threshold, else none
 * (models saved before the elements were stored).
 */
function ensembleDomain(dirs: readonly string[], models: readonly ParAIsite[], sources: readonly string[]): ApplicabilityDomain | undefined {
  for (const dir of dirs) {
    const path = join(resolve(dir), DOMAIN_FILE);
    if (existsSync(path)) return parseDomain(JSON.parse(readFileSync(path, "utf8")), path);
  }
  const perModel = sources.map((source) => {
    const json = JSON.parse(readFileSync(join(source, MODEL_JSON), "utf8")) as { extra?: { trainingElements?: unknown } };
    const elements = json.extra?.trainingElements;
    return Array.isArray(elements) ? (elements as string[]) : undefined;
  });
  if (models.length === 0 || perModel.some((e) => e === undefined)) return undefined;
  const common = (perModel as string[][]).reduce((a, b) => a.filter((x) => b.includes(x)));
  return { elements: common, maxLog10Spread: DEFAULT_MAX_LOG10_SPREAD };
}

export class KappaEnsemble extends KappaEnsembleCore {
  private pool?: InferencePool;

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
    ensemble.domain = options.domain === null ? undefined : (options.domain ?? ensembleDomain(list, models, sources));
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

  /**
   * {@link predictGraphs} spread over the worker threads (batches of `batchSize`, the same
   * batches as the synchronous path, hence the same values); without workers, the same as it.
   */
  async predictGraphsAsync(graphs: readonly CrystalGraph[], batchSize = 64): Promise<KappaPrediction[]> {
    const pool = this.pool;
    if (pool === undefined) return this.predictGraphs(graphs, batchSize);
    const pending: Promise<Float64Array[]>[] = [];
    for (let start = 0; start < graphs.length; start += batchSize) pending.push(pool.predict(batchGraphs(graphs.slice(start, start + batchSize))));
    return this.assessAll(graphs, summarizeBatches(await Promise.all(pending)), batchSize);
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
    const sent: CrystalGraph[] = [];
    const send = (): void => {
      if (chunk.length > 0) pending.push(pool.predict(batchGraphs(chunk)));
      chunk = [];
    };
    structures.forEach((s, i) => {
      const graph = this.buildGraph(s, i, results);
      if (graph === undefined) return;
      chunk.push(graph);
      sent.push(graph);
      slots.push(i);
      if (chunk.length === batchSize) send();
    });
    send();
    this.assessAll(sent, summarizeBatches(await Promise.all(pending)), batchSize).forEach((prediction, k) => {
      results[slots[k]] = { ok: true, prediction };
    });
    return results;
  }

  /** Free the models and stop the workers. */
  override dispose(): void {
    super.dispose();
    const pool = this.pool;
    this.pool = undefined;
    // terminate() settles on its own; nothing to wait for here
    pool?.dispose().catch(() => undefined);
  }
}
