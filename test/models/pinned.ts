/**
 * Numbers the model code must keep bit for bit across refactorings: predictions, training
 * gradients and a short training run of seeded models on the bundled example crystals, the
 * pretrained MEGNet on Li2O and the shipped ensemble. `computePins` measures them on the active
 * backend; `scripts/fixtures/pinned-numbers.ts` writes them to test/fixtures/models/pinned-numbers.json
 * and test/models/pinned-numbers.test.ts compares.
 */
import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { Compose, Log10Plus1, Standardize } from "../../src/core/target-transform.js";
import { batchGraphs } from "../../src/graph/batch.js";
import { buildCrystalGraph } from "../../src/graph/build.js";
import type { CrystalGraph } from "../../src/graph/types.js";
import { readStructureFile } from "../../src/io/read-file.js";
import { matglTrunkConfig, type MEGNetConfig, megnetDefaultConfig } from "../../src/models/config.js";
import { disposeInputs, type MEGNetInputs } from "../../src/models/inputs.js";
import { ParAIsite } from "../../src/models/paraisite.js";
import type { InitScheme } from "../../src/nn/params.js";
import { columnModelAsTrainable } from "../../src/train/adapt.js";
import { makeLoss } from "../../src/train/losses.js";
import { train } from "../../src/train/trainer.js";
import { KappaEnsemble } from "../../src/ensemble/ensemble.js";
import { repoRoot } from "../helpers/paths.js";
import { LI2O, loadPretrained } from "./helpers.js";

export interface Pins {
  /** z of each example structure, per trunk variant. */
  readonly predictions: Record<string, number[]>;
  /** Loss and sha256 of every training gradient (variable order), per trunk variant. */
  readonly gradients: Record<string, { readonly loss: number; readonly sha256: string }>;
  /** A 2-epoch `train` run: losses per epoch and sha256 of the final weights. */
  readonly training: { readonly trainLoss: number[]; readonly valLoss: number[]; readonly weightsSha256: string };
  /** κ of each example structure from each model of the shipped ensemble (models/paper-feaftg15). */
  readonly ensemble: number[][];
  /** The pretrained MEGNet mp-2019.4.1 formation energy of Li2O (eV/atom). */
  readonly li2o: number;
}

const centers = Array.from({ length: 100 }, (_, k) => (5 * k) / 99);
const keras = megnetDefaultConfig({ cutoff: 4, centers, width: 0.5 }, 3);

/** Trunk variants: megnet's Keras Set2Set, a standard LSTM, the authors' matgl trunk (torch init). */
export const TRUNKS: Record<string, { readonly trunk: MEGNetConfig; readonly init: InitScheme }> = {
  "megnet-keras": { trunk: keras, init: "keras" },
  standard: { trunk: { ...keras, set2set: { ...keras.set2set, variant: "standard" } }, init: "keras" },
  matgl: { trunk: matglTrunkConfig(2), init: "torch" },
};

export const TRANSFORM = new Compose([Log10Plus1, new Standardize(1.2, 0.4)]);
const KAPPA = [1.5, 12, 40, 3, 0.7, 150];

/** The example crystals (examples/structures), in name order. */
export function exampleGraphs(): CrystalGraph[] {
  const dir = resolve(repoRoot, "examples/structures");
  return readdirSync(dir)
    .sort()
    .map((name) => buildCrystalGraph(readStructureFile(resolve(dir, name)), { cutoff: 4 }));
}

export function sha256Of(arrays: readonly ArrayLike<number>[]): string {
  const hash = createHash("sha256");
  for (const a of arrays) {
    const f = Float32Array.from(a);
    hash.update(new Uint8Array(f.buffer));
  }
  return hash.digest("hex");
}

function gradientsOf(model: ParAIsite, inputs: MEGNetInputs): { loss: number; sha256: string } {
  const loss = makeLoss("mape", TRANSFORM);
  const vars = model.trainableVariables;
  return tf.tidy(() => {
    const { value, grads } = tf.variableGrads(() => {
      const z = tf.reshape(model.forward(inputs, { training: true }), [-1]) as tf.Tensor1D;
      return loss(z, Float64Array.from(KAPPA));
    }, vars);
    return { loss: value.dataSync()[0], sha256: sha256Of(vars.map((v) => grads[v.name].dataSync())) };
  });
}

async function trainingRun(graphs: readonly CrystalGraph[]): Promise<Pins["training"]> {
  const { trunk, init } = TRUNKS["megnet-keras"];
  const model = new ParAIsite({ trunk, seed: 3, targetTransform: TRANSFORM, init });
  try {
    const result = await train({
      model: columnModelAsTrainable<MEGNetInputs>(model, TRANSFORM),
      makeBatch: (indices) => model.prepare(batchGraphs(Array.from(indices, (i) => graphs[i]))),
      targets: KAPPA,
      trainIndices: [0, 1, 2, 3],
      valIndices: [4, 5],
      config: { epochs: 2, batchSize: 2, restoreBest: false },
      progress: false,
    });
    return {
      trainLoss: result.history.map((r) => r.trainLoss),
      valLoss: result.history.map((r) => r.valLoss),
      weightsSha256: sha256Of([...model.getWeights().values()].map((w) => w.data)),
    };
  } finally {
    model.dispose();
  }
}

/** Every pinned number on the active backend. */
export async function computePins(): Promise<Pins> {
  const graphs = exampleGraphs();
  const predictions: Record<string, number[]> = {};
  const gradients: Record<string, { loss: number; sha256: string }> = {};
  for (const [name, { trunk, init }] of Object.entries(TRUNKS)) {
    const model = new ParAIsite({ trunk, seed: 11, targetTransform: TRANSFORM, init });
    const inputs = model.prepare(batchGraphs(graphs));
    try {
      predictions[name] = Array.from(model.predictNormalized(inputs));
      gradients[name] = gradientsOf(model, inputs);
    } finally {
      disposeInputs(inputs);
      model.dispose();
    }
  }
  const ensemble = await KappaEnsemble.load(resolve(repoRoot, "models/paper-feaftg15"));
  let kappa: number[][];
  try {
    kappa = ensemble.predictGraphs(graphs).map((p) => Array.from(p.values));
  } finally {
    ensemble.dispose();
  }
  const megnet = await loadPretrained("mp-2019.4.1");
  const li2o = megnet.predict(batchGraphs([buildCrystalGraph(LI2O, { cutoff: megnet.config.graph.cutoff })]))[0];
  megnet.dispose();
  return { predictions, gradients, training: await trainingRun(graphs), ensemble: kappa, li2o };
}

/** The committed pins: backend label → values. */
export function readPins(): Record<string, Pins> {
  return JSON.parse(readFileSync(resolve(repoRoot, "test/fixtures/models/pinned-numbers.json"), "utf8")) as Record<string, Pins>;
}
