/**
 * The ensemble's prediction, without loading or threads: κ per model, their mean and the spread
 * across models as the uncertainty. Structures are featurised once per batch and every model reads
 * the same input tensors. `KappaEnsemble` (Node: directories, worker threads) and the
 * browser entry's ensemble (URLs, file maps) both extend this class, so they predict alike.
 */
import { ParaisiteError, WeightsError } from "../core/errors.js";
import { batchGraphs } from "../graph/batch.js";
import { buildCrystalGraph } from "../graph/build.js";
import type { CrystalGraph } from "../graph/types.js";
import { disposeInputs, type MEGNetInputs } from "../models/inputs.js";
import type { ParAIsite } from "../models/paraisite.js";
import type { Structure } from "../structure/structure.js";
import { type ApplicabilityDomain, assessApplicability } from "./applicability.js";
import { type KappaPrediction, summarize } from "./summary.js";

export type { KappaPrediction } from "./summary.js";

/** A structure that could be predicted, or why not. */
export type StructurePrediction =
  | { readonly ok: true; readonly prediction: KappaPrediction }
  | { readonly ok: false; readonly error: ParaisiteError };

/** Mean, variance and std of one structure's per-model values (ddof 1, as `KappaEnsemble`). */
export function summarizeKappa(values: Float64Array): KappaPrediction {
  return summarize(values);
}

/** Per-batch, per-model values (as workers return them) → one summary per structure. */
export function summarizeBatches(batches: readonly (readonly Float64Array[])[]): KappaPrediction[] {
  const out: KappaPrediction[] = [];
  for (const perModel of batches) {
    const n = perModel[0].length;
    for (let g = 0; g < n; g++) out.push(summarizeKappa(Float64Array.from(perModel, (values) => values[g])));
  }
  return out;
}

export class KappaEnsembleCore {
  readonly models: readonly ParAIsite[];
  /** Where each model was loaded from (same order as `models`). */
  readonly sources: readonly string[];
  readonly cutoff: number;
  /** Training elements and calibrated spread threshold; predictions carry `applicability` when set. */
  domain?: ApplicabilityDomain;

  protected constructor(models: readonly ParAIsite[], sources: readonly string[]) {
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
        const embedded = this.embedInputs(inputs);
        for (let g = 0; g < chunk.length; g++) {
          out.push(this.assess(chunk[g], summarizeKappa(Float64Array.from(perModel, (values) => values[g])), embedded?.[g]));
        }
      } finally {
        disposeInputs(inputs);
      }
    }
    return out;
  }

  /** Predict structures; one that cannot be turned into a graph gets its error, not a throw. */
  predictStructures(structures: readonly Structure[], batchSize = 64): StructurePrediction[] {
    const results: StructurePrediction[] = new Array(structures.length);
    const graphs: CrystalGraph[] = [];
    const slots: number[] = [];
    structures.forEach((s, i) => {
      const graph = this.buildGraph(s, i, results);
      if (graph === undefined) return;
      graphs.push(graph);
      slots.push(i);
    });
    this.predictGraphs(graphs, batchSize).forEach((prediction, k) => {
      results[slots[k]] = { ok: true, prediction };
    });
    return results;
  }

  /** `prediction` with the applicability of `graph` when the ensemble has a domain. */
  protected assess(graph: CrystalGraph, prediction: KappaPrediction, embedding?: Float32Array): KappaPrediction {
    const domain = this.domain;
    if (domain === undefined) return prediction;
    return { ...prediction, applicability: assessApplicability(domain, graph.atomicNumbers, prediction.values, embedding) };
  }

  /** Per-graph embeddings by the domain's reference member, when the domain has one. */
  private embedInputs(inputs: MEGNetInputs): Float32Array[] | undefined {
    const reference = this.domain?.embedding;
    if (reference === undefined) return undefined;
    const model = this.models[reference.member];
    if (model === undefined) throw new WeightsError(`the domain's embedding uses member ${reference.member + 1} of ${this.models.length}`);
    const flat = model.embed(inputs);
    const width = model.embeddingWidth;
    return Array.from({ length: inputs.nGraphs }, (_, g) => flat.subarray(g * width, (g + 1) * width));
  }

  /** {@link assess} for predictions made elsewhere (worker threads): embeds the graphs here when needed. */
  protected assessAll(graphs: readonly CrystalGraph[], predictions: readonly KappaPrediction[], batchSize = 64): KappaPrediction[] {
    if (this.domain === undefined) return [...predictions];
    const out: KappaPrediction[] = [];
    for (let start = 0; start < graphs.length; start += batchSize) {
      const chunk = graphs.slice(start, start + batchSize);
      const inputs = this.models[0].prepare(batchGraphs(chunk));
      try {
        const embedded = this.embedInputs(inputs);
        for (const [k, g] of chunk.entries()) out.push(this.assess(g, predictions[start + k], embedded?.[k]));
      } finally {
        disposeInputs(inputs);
      }
    }
    return out;
  }

  /** Free the models. */
  dispose(): void {
    for (const m of this.models) m.dispose();
  }

  /** The graph of `s`, or undefined after storing its error in `results[i]`. */
  protected buildGraph(s: Structure, i: number, results: StructurePrediction[]): CrystalGraph | undefined {
    try {
      return buildCrystalGraph(s, { cutoff: this.cutoff, isolatedAtoms: "ignore" });
    } catch (e) {
      if (!(e instanceof ParaisiteError)) throw e;
      results[i] = { ok: false, error: e };
      return undefined;
    }
  }
}
