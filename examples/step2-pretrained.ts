/**
 * Step 2 of the paper (FETG15, or FEAF with --dataset aflow-agl): the pretrained megnet
 * formation-energy model (mp-2018.6.1, from the file registry) as the trunk, a random MLP head,
 * trained with the authors' loop on 9 seeded 80/20 splits. Prints mean ± std best validation MAPE.
 *
 *   npx tsx examples/step2-pretrained.ts [--dataset togo15|aflow-agl] [--epochs 300] [--runs 9] [--limit N]
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  batchGraphs,
  columnModelAsTrainable,
  datasetGraphs,
  datasetTargets,
  fitKappaTransform,
  loadDataset,
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
} from "../src/index.js";

const { values } = parseArgs({
  options: {
    dataset: { type: "string", default: "togo15" },
    epochs: { type: "string", default: "300" },
    runs: { type: "string", default: "9" },
    limit: { type: "string" },
    out: { type: "string", default: "out/examples" },
    "data-dir": { type: "string" },
    "weights-dir": { type: "string" },
  },
});
const limit = values.limit === undefined ? undefined : Number(values.limit);
const name = values.dataset === "togo15" ? "FETG15" : "FEAF";

await selectBackend();
// Resolved through the registry (--weights-dir, PARAISITE_WEIGHTS_DIR, else the copy the package
// carries), sha256-checked; the datasets likewise (--data-dir, PARAISITE_DATA_DIR, the package's data/).
const fe = await loadPretrainedMEGNet("megnet/mp-2018.6.1/formation_energy", { weightsDir: values["weights-dir"] });
const trunk = fe.config; // 4 Å graphs, 100 Gaussians on 0–5 Å, megnet's Keras Set2Set
const data = await loadDataset(values.dataset, { dataDir: values["data-dir"], cutoff: trunk.graph.cutoff, limit });
const graphs = datasetGraphs(data, trunk.graph.cutoff);
const kappa = datasetTargets(data);
const transform = fitKappaTransform(kappa);
const makeBatch = (indices: Int32Array): MEGNetInputs => prepareInputs(batchGraphs(Array.from(indices, (i) => graphs[i])), trunk);

const models = new Map<number, ParAIsite>();
const summaries = await runSplits({
  outDir: values.out,
  modelName: name,
  splits: randomSplits(kappa.length, { runs: Number(values.runs), seed: 42 }),
  targets: kappa,
  makeBatch,
  config: { epochs: Number(values.epochs) },
  createModel: (run) => {
    const model = new ParAIsite({ trunk, seed: runSeed(42, run), targetTransform: transform });
    model.setWeights(fe.weights, { trunkOnly: true }); // pretrained trunk, random head; all weights train
    models.set(run, model);
    return columnModelAsTrainable(model);
  },
  onRunDone: async (summary, _trainable, runDir) => {
    const model = models.get(summary.run);
    if (model === undefined) return;
    await saveModel(join(runDir, "model"), model);
    model.dispose();
  },
});

const mapes = summaries.map((s) => 100 * s.bestValMape);
for (const s of summaries) console.log(`run ${s.run}: best val MAPE ${(100 * s.bestValMape).toFixed(1)}% (epoch ${s.bestEpoch + 1})`);
console.log(`${name}: ${mean(mapes).toFixed(1)} ± ${std(mapes, 0).toFixed(1)}% over ${mapes.length} runs (paper, Step 2 on Togo15: 53%)`);
