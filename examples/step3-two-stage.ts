/**
 * Step 3 of the paper (FEAFTG15): two-stage transfer learning. Stage 1 trains the pretrained
 * formation-energy MEGNet on AFLOW (FEAF; reused if step 2 already trained it in the same --out);
 * stage 2 fine-tunes run r of FEAF on Togo15 split r, keeping AFLOW's target scaler inside the
 * loss, as the authors' code does. Prints mean ± std best validation MAPE of the fine-tuned runs.
 * The weights and both datasets ship with the package (--weights-dir and --data-dir override).
 *
 *   npx tsx examples/step3-two-stage.ts [--epochs 300] [--runs 9] [--aflow-limit N] [--limit N]
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  batchGraphs,
  columnModelAsTrainable,
  type CrystalGraph,
  datasetGraphs,
  datasetTargets,
  fitKappaTransform,
  keptScalerTargets,
  loadDataset,
  loadModel,
  loadPretrainedMEGNet,
  type MEGNetInputs,
  mean,
  ParAIsite,
  prepareInputs,
  randomSplits,
  runSeed,
  runSplits,
  saveModel,
  selectBackend,
  std,
  type TargetTransform,
} from "../src/index.js";

const { values } = parseArgs({
  options: {
    epochs: { type: "string", default: "300" },
    runs: { type: "string", default: "9" },
    limit: { type: "string" },
    "aflow-limit": { type: "string" },
    out: { type: "string", default: "out/examples" },
    "data-dir": { type: "string" },
    "weights-dir": { type: "string" },
  },
});
const asLimit = (v: string | undefined) => (v === undefined ? undefined : Number(v));
const runs = Number(values.runs);
const config = { epochs: Number(values.epochs) };

await selectBackend();
const fe = await loadPretrainedMEGNet("megnet/mp-2018.6.1/formation_energy", { weightsDir: values["weights-dir"] });
const trunk = fe.config;
async function load(id: string, limit: number | undefined) {
  const data = await loadDataset(id, { dataDir: values["data-dir"], cutoff: 4, limit });
  const kappa = datasetTargets(data);
  return { graphs: datasetGraphs(data, 4), kappa, transform: fitKappaTransform(kappa) };
}
const batcher = (graphs: readonly CrystalGraph[]) => (indices: Int32Array): MEGNetInputs =>
  prepareInputs(batchGraphs(Array.from(indices, (i) => graphs[i])), trunk);
/** Save each finished run's best model (its transform is part of its config) and free it. */
const saver = (models: Map<number, ParAIsite>) => async (summary: { run: number }, _t: unknown, runDir: string) => {
  const model = models.get(summary.run);
  if (model === undefined) return;
  await saveModel(join(runDir, "model"), model);
  model.dispose();
};

// Stage 1: FEAF — pretrained trunk, random head, trained on AFLOW.
const aflow = await load("aflow-agl", asLimit(values["aflow-limit"]));
const stage1 = new Map<number, ParAIsite>();
await runSplits({
  outDir: values.out,
  modelName: "FEAF",
  splits: randomSplits(aflow.kappa.length, { runs, seed: 42 }),
  targets: aflow.kappa,
  makeBatch: batcher(aflow.graphs),
  config,
  createModel: (run) => {
    const model = new ParAIsite({ trunk, seed: runSeed(42, run), targetTransform: aflow.transform });
    model.setWeights(fe.weights, { trunkOnly: true });
    stage1.set(run, model);
    return columnModelAsTrainable(model);
  },
  onRunDone: saver(stage1),
});

// Stage 2: FEAFTG15 — run r starts from FEAF run r. The network learns z = T_togo(κ) while the loss
// un-standardizes with AFLOW's scaler (the "kept" scaler): keptScalerTargets gives what it compares with.
const togo = await load("togo15", asLimit(values.limit));
const stage2 = new Map<number, ParAIsite>();
const preTransforms = new Map<number, TargetTransform>();
const summaries = await runSplits({
  outDir: values.out,
  modelName: "FEAFTG15",
  splits: randomSplits(togo.kappa.length, { runs, seed: 42 }),
  targets: togo.kappa,
  makeBatch: batcher(togo.graphs),
  config,
  createModel: async (run) => {
    const saved = await loadModel(join(values.out, "FEAF", `run${run}`, "model"), { kind: "paraisite" });
    // The pretraining scaler as stored with the FEAF model (AFLOW's); the weights go on with Togo15's.
    preTransforms.set(run, saved.model.targetTransform);
    const model = ParAIsite.fromConfig({ ...saved.model.toConfig(), targetTransform: togo.transform.toJSON() }, saved.weights);
    saved.model.dispose();
    stage2.set(run, model);
    return columnModelAsTrainable(model);
  },
  lossTransformForRun: (run) => preTransforms.get(run),
  targetsForRun: (run) => keptScalerTargets(togo.kappa, togo.transform, preTransforms.get(run) ?? aflow.transform),
  onRunDone: saver(stage2),
});

const mapes = summaries.map((s) => 100 * s.bestValMape);
for (const s of summaries) console.log(`run ${s.run}: best val MAPE ${(100 * s.bestValMape).toFixed(1)}% (epoch ${s.bestEpoch + 1})`);
console.log(`FEAFTG15: ${mean(mapes).toFixed(1)} ± ${std(mapes, 0).toFixed(1)}% over ${mapes.length} runs (paper, Step 3: 28%)`);
