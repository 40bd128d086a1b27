/**
 * Accuracy check of the imported formation-energy MEGNet (mp-2018.6.1) on WBM-972: MAE against
 * `e_form_ev_atom` (MP2020-corrected) and against the uncorrected value, plus inference speed.
 * Run: `npx tsx bench/megnet-wbm.ts` (data and weights from PARAISITE_DATA_DIR / PARAISITE_WEIGHTS_DIR,
 * else ../shared beside the repository).
 */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { selectBackend } from "../src/backend/select.js";
import { datasetGraphs, loadDataset } from "../src/data/index.js";
import { batchGraphs } from "../src/graph/batch.js";
import { MEGNet } from "../src/models/megnet.js";
import { loadPretrainedMEGNet } from "../src/registry/pretrained.js";

const shared = resolve(dirname(fileURLToPath(import.meta.url)), "../../shared");
const dataDir = process.env.PARAISITE_DATA_DIR ?? resolve(shared, "data");
const weightsDir = process.env.PARAISITE_WEIGHTS_DIR ?? resolve(shared, "weights");

const choice = await selectBackend();
const imported = await loadPretrainedMEGNet("megnet/mp-2018.6.1/formation_energy", { weightsDir });
const model = MEGNet.fromWeights(imported.config, imported.weights);
const dataset = await loadDataset("wbm-972", { dataDir, cutoff: imported.config.graph.cutoff });
const graphs = datasetGraphs(dataset, imported.config.graph.cutoff);
const records = dataset.records;

const started = performance.now();
const predictions: number[] = [];
const batch = 64;
for (let i = 0; i < graphs.length; i += batch) predictions.push(...model.predict(batchGraphs(graphs.slice(i, i + batch))));
const seconds = (performance.now() - started) / 1000;

const mae = (field: (r: (typeof records)[number]) => number): number =>
  records.reduce((s, r, i) => s + Math.abs(predictions[i] - field(r)), 0) / records.length;
const corrected = mae((r) => r.target as number);
const uncorrected = mae((r) => Number(r.fields.e_form_uncorrected_ev_atom));
console.log(`backend: ${choice.backend}`);
console.log(`WBM-972: ${records.length} structures predicted, ${dataset.skipped.length} skipped (${dataset.skipped.map((s) => s.id).join(", ")})`);
console.log(`MAE vs e_form_ev_atom (MP2020-corrected): ${corrected.toFixed(4)} eV/atom`);
console.log(`MAE vs e_form_uncorrected_ev_atom:        ${uncorrected.toFixed(4)} eV/atom`);
console.log(`inference: ${(records.length / seconds).toFixed(0)} structures/s (batch ${batch}, graphs prebuilt)`);
model.dispose();
