/**
 * A labelled pool for held-out evaluation: the records of one or more κ datasets, each kept with
 * its source (dataset id), reduced formula, graph and κ. Target sources are split into folds;
 * auxiliary sources (AFLOW AGL in joint training) are always trained on, with the compounds of the
 * target sources removed from them so that no held-out compound is seen under another label.
 */
import { DataError } from "../core/errors.js";
import type { LabelPolicy } from "../data/descriptors.js";
import { datasetGraphs } from "../data/graphs.js";
import { loadDataset } from "../data/load.js";
import type { CrystalGraph } from "../graph/types.js";

export interface PoolSource {
  /** Built-in dataset id (togo15, hh143, aflow-agl, phonondb-pbe-103…) or a path to a labelled JSONL. */
  readonly dataset: string;
  /** "target": split into folds and scored; "auxiliary": always in training, never scored. */
  readonly role: "target" | "auxiliary";
  /** AFLOW label policy of this source (default paper). */
  readonly labelPolicy?: LabelPolicy;
  /**
   * Times each training record of this source appears per epoch (default 1): a weight, so that a
   * small target set is not drowned by a large auxiliary one in joint training.
   */
  readonly repeat?: number;
}

/** `indices` with each record repeated as its source's `repeat` says (in order, repeats adjacent). */
export function withRepeats(pool: LabelledPool, indices: ArrayLike<number>): Int32Array {
  const out: number[] = [];
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    const times = pool.sources[pool.source[i]].repeat ?? 1;
    if (!(Number.isInteger(times) && times >= 1)) throw new RangeError(`repeat of ${pool.sources[pool.source[i]].dataset} must be a positive integer, got ${times}`);
    for (let t = 0; t < times; t++) out.push(i);
  }
  return Int32Array.from(out);
}

export interface LabelledPool {
  readonly graphs: readonly CrystalGraph[];
  readonly kappa: Float64Array;
  readonly ids: readonly string[];
  readonly formulas: readonly string[];
  /** Index into `sources` of each record. */
  readonly source: Int32Array;
  readonly sources: readonly PoolSource[];
  /** Records of target sources, in pool order: what the folds are drawn from. */
  readonly targetIndices: Int32Array;
  /** Elements present in the pool, for applicability checks of later predictions. */
  readonly elements: readonly string[];
  /** Auxiliary records dropped because their compound is in a target source, per source. */
  readonly excluded: readonly number[];
}

export interface PoolOptions {
  readonly dataDir?: string;
  readonly cacheDir?: string;
  readonly cutoff: number;
}

/** Load and concatenate the sources; auxiliary records sharing a reduced formula with a target record are dropped. */
export async function loadLabelledPool(sources: readonly PoolSource[], options: PoolOptions): Promise<LabelledPool> {
  if (!sources.some((s) => s.role === "target")) throw new DataError("a labelled pool needs at least one target source");
  const loaded = [];
  for (const source of sources) {
    const dataset = await loadDataset(source.dataset, { dataDir: options.dataDir, cacheDir: options.cacheDir, cutoff: options.cutoff, labelPolicy: source.labelPolicy });
    if (dataset.groups !== undefined && dataset.groups.length > 1) {
      throw new DataError(`'${source.dataset}' is composite (${dataset.groups.map((g) => g.id).join(" + ")}): list its parts as separate sources`);
    }
    loaded.push({ source, dataset, graphs: datasetGraphs(dataset, options.cutoff) });
  }
  const targetFormulas = new Set(
    loaded.filter((l) => l.source.role === "target").flatMap((l) => l.dataset.records.map((r) => r.structure.reducedFormula)),
  );
  const graphs: CrystalGraph[] = [];
  const kappa: number[] = [];
  const ids: string[] = [];
  const formulas: string[] = [];
  const sourceOf: number[] = [];
  const targetIndices: number[] = [];
  const elements = new Set<string>();
  const excluded: number[] = [];
  loaded.forEach(({ source, dataset, graphs: g }, s) => {
    let dropped = 0;
    dataset.records.forEach((record, i) => {
      const formula = record.structure.reducedFormula;
      if (source.role === "auxiliary" && targetFormulas.has(formula)) {
        dropped++;
        return;
      }
      if (record.target === null || !(record.target > 0)) throw new DataError(`${source.dataset}: record '${record.id}' has no positive κ label`);
      if (source.role === "target") targetIndices.push(graphs.length);
      graphs.push(g[i]);
      kappa.push(record.target);
      ids.push(record.id);
      formulas.push(formula);
      sourceOf.push(s);
      for (const site of record.structure.sites) for (const sp of site.species) elements.add(sp.element);
    });
    excluded.push(dropped);
  });
  return {
    graphs,
    kappa: Float64Array.from(kappa),
    ids,
    formulas,
    source: Int32Array.from(sourceOf),
    sources,
    targetIndices: Int32Array.from(targetIndices),
    elements: [...elements].sort(),
    excluded,
  };
}
