/**
 * Step 1 of the paper (RWTG15): ParAIsite with random weights, trained on Togo15 with the authors'
 * loop (the `paper` preset: MAPE on κ, Adam 1e-3, cosine T_max 1000 stepped twice per epoch, batch
 * 8) on 9 seeded 80/20 splits. Prints the best validation MAPE per run and its mean ± std.
 * Re-running continues where it stopped (finished runs are skipped). Togo15 ships with the
 * package; --data-dir (or PARAISITE_DATA_DIR) reads another copy.
 *
 *   npx tsx examples/step1-random-init.ts [--epochs 300] [--runs 9] [--limit N] [--out out/examples]
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
  type MEGNetInputs,
  mean,
  megnetDefaultConfig,
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
    epochs: { type: "string", default: "300" },
    runs: { type: "string", default: "9" },
    limit: { type: "string" },
    out: { type: "string", default: "out/examples" },
    "data-dir": { type: "string" },
  },
});
const limit = values.limit === undefined ? undefined : Number(values.limit);

await selectBackend(); // tfjs-node if installed, else WASM
const togo = await loadDataset("togo15", { dataDir: values["data-dir"], cutoff: 4, limit });
const graphs = datasetGraphs(togo, 4);
const kappa = datasetTargets(togo);
const transform = fitKappaTransform(kappa); // z = standardized log10(κ + 1), fitted on the whole set as the authors do

// megnet's formation-energy architecture; random init with matgl's standard LSTM Set2Set.
const base = megnetDefaultConfig({ cutoff: 4, centers: Array.from({ length: 100 }, (_, k) => (5 * k) / 99), width: 0.5 }, 3);
const trunk = { ...base, set2set: { ...base.set2set, variant: "standard" as const } };
const makeBatch = (indices: Int32Array): MEGNetInputs => prepareInputs(batchGraphs(Array.from(indices, (i) => graphs[i])), trunk);

const models = new Map<number, ParAIsite>();
const summaries = await runSplits({
  outDir: values.out,
  modelName: "RWTG15",
  splits: randomSplits(kappa.length, { runs: Number(values.runs), seed: 42 }),
  targets: kappa,
  makeBatch,
  config: { epochs: Number(values.epochs) }, // everything else: the paper preset
  createModel: (run) => {
    const model = new ParAIsite({ trunk, seed: runSeed(42, run), targetTransform: transform });
    models.set(run, model);
    return columnModelAsTrainable(model);
  },
  onRunDone: async (summary, _trainable, runDir) => {
    const model = models.get(summary.run);
    if (model === undefined) return;
    // The run's best model, loadable later for prediction (its transform is part of its config).
    await saveModel(join(runDir, "model"), model);
    model.dispose();
  },
});

const mapes = summaries.map((s) => 100 * s.bestValMape);
for (const s of summaries) console.log(`run ${s.run}: best val MAPE ${(100 * s.bestValMape).toFixed(1)}% (epoch ${s.bestEpoch + 1})`);
console.log(`RWTG15: ${mean(mapes).toFixed(1)} ± ${std(mapes, 0).toFixed(1)}% over ${mapes.length} runs (paper, Step 1: 55%)`);
