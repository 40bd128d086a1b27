/**
 * The six models of the paper's Fig. 4, as data: which dataset each trains on and where its
 * weights start (random, the pretrained Keras formation-energy MEGNet, or another model's runs).
 */
import { TrainingError } from "../core/errors.js";

/** The pretrained model the paper starts from (Step 2): megnet's mp-2018.6.1 formation energy. */
export const FORMATION_ENERGY_WEIGHTS = "megnet/mp-2018.6.1/formation_energy";

/** Where a model's weights start. */
export type ModelInit =
  | { readonly kind: "random" }
  /** A registered pretrained Keras MEGNet (registry id): trunk loaded, head random. */
  | { readonly kind: "pretrained"; readonly weights: string }
  /** Another model of the experiment: run r starts from one of its saved runs (Step 3). */
  | { readonly kind: "model"; readonly from: string }
  /** A saved ParAIsite model directory (kind "paraisite"): every run starts from it. */
  | { readonly kind: "saved"; readonly path: string };

export interface ExperimentModel {
  /** Name in the paper (RWTG15, FEAFTG15…), also the folder under the output directory. */
  readonly id: string;
  /** Built-in dataset id (`togo15`, `aflow-agl`, …). */
  readonly dataset: string;
  readonly init: ModelInit;
  /** The paper's step: 1 random init, 2 pretrained, 3 two-stage. */
  readonly step: 1 | 2 | 3;
  readonly description: string;
}

const FE: ModelInit = { kind: "pretrained", weights: FORMATION_ENERGY_WEIGHTS };

/**
 * RW = random weights, FE = formation-energy weights, AF = AFLOW, TG15 = Togo15 (paper Fig. 4).
 * Listed in training order: the short Togo15 models first, then each AFLOW model followed by its
 * fine-tuning, so an interrupted full run has finished results for whole steps as early as possible.
 */
export const PAPER_MODELS: readonly ExperimentModel[] = Object.freeze([
  { id: "RWTG15", dataset: "togo15", init: { kind: "random" }, step: 1, description: "random init, trained on Togo15" },
  { id: "FETG15", dataset: "togo15", init: FE, step: 2, description: "pretrained formation-energy MEGNet, trained on Togo15" },
  { id: "FEAF", dataset: "aflow-agl", init: FE, step: 2, description: "pretrained formation-energy MEGNet, trained on AFLOW" },
  { id: "FEAFTG15", dataset: "togo15", init: { kind: "model", from: "FEAF" }, step: 3, description: "FEAF fine-tuned on Togo15" },
  { id: "RWAF", dataset: "aflow-agl", init: { kind: "random" }, step: 1, description: "random init, trained on AFLOW" },
  { id: "RWAFTG15", dataset: "togo15", init: { kind: "model", from: "RWAF" }, step: 3, description: "RWAF fine-tuned on Togo15" },
]);

/** The datasets the paper fine-tunes on: Togo15 (the main text), HH143 and MIX (its SI). */
export type FineTuneTarget = "togo15" | "hh143" | "mix";

export const FINE_TUNE_TARGETS: readonly FineTuneTarget[] = ["togo15", "hh143", "mix"];

const TARGET_SUFFIX: Readonly<Record<FineTuneTarget, string>> = { togo15: "TG15", hh143: "HH143", mix: "MIX" };
const TARGET_NAME: Readonly<Record<FineTuneTarget, string>> = { togo15: "Togo15", hh143: "HH143", mix: "MIX (Togo15 + HH143)" };

/**
 * The paper's six models for one fine-tuning dataset: RW<T>, FE<T>, FEAF, FEAF<T>, RWAF, RWAF<T>
 * with T = TG15 (`PAPER_MODELS`), HH143 or MIX. The AFLOW models are the same for every target, so
 * targets trained into one output folder share them.
 */
export function paperModels(target: FineTuneTarget = "togo15"): readonly ExperimentModel[] {
  if (target === "togo15") return PAPER_MODELS;
  const suffix = TARGET_SUFFIX[target];
  if (suffix === undefined) throw new TrainingError(`unknown fine-tuning target '${String(target)}'; known: ${FINE_TUNE_TARGETS.join(", ")}`);
  const name = TARGET_NAME[target];
  return Object.freeze(
    PAPER_MODELS.map((m): ExperimentModel => {
      if (m.dataset !== "togo15") return m;
      const id = m.id.replace(/TG15$/, suffix);
      const description = m.description.replace("Togo15", name);
      return { ...m, id, dataset: target, description };
    }),
  );
}

/**
 * The models to train, dependencies first: the selected ids (default all) plus every model they
 * start from, in definition order within a dependency level. Unknown ids and cycles throw.
 */
export function experimentOrder(definitions: readonly ExperimentModel[], selected?: readonly string[]): ExperimentModel[] {
  const byId = new Map(definitions.map((m) => [m.id, m]));
  const lookup = (id: string, by?: string): ExperimentModel => {
    const m = byId.get(id) ?? definitions.find((d) => d.id.toLowerCase() === id.toLowerCase());
    if (m === undefined) {
      const known = definitions.map((d) => d.id).join(", ");
      throw new TrainingError(`unknown model '${id}'${by ? ` (the start of ${by})` : ""}; known: ${known}`);
    }
    return m;
  };
  const wanted = (selected ?? definitions.map((d) => d.id)).map((id) => lookup(id));
  const order: ExperimentModel[] = [];
  const visiting = new Set<string>();
  const visit = (m: ExperimentModel): void => {
    if (order.includes(m)) return;
    if (visiting.has(m.id)) throw new TrainingError(`models start from each other in a cycle through '${m.id}'`);
    visiting.add(m.id);
    if (m.init.kind === "model") visit(lookup(m.init.from, m.id));
    visiting.delete(m.id);
    order.push(m);
  };
  // Definition order first, so the output does not depend on how the user listed the ids.
  for (const m of definitions) if (wanted.includes(m)) visit(m);
  return order;
}
