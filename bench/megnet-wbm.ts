/**
 * Accuracy check of the imported formation-energy MEGNet (mp-2018.6.1) on WBM-972: MAE against
 * `e_form_ev_atom` (MP2020-corrected) and against the uncorrected value, plus inference speed.
 * WBM-972 is not in the repository (test/acceptance checks its first 24 structures):
 * run `PARAISITE_DATA_DIR=/path/to/data npx tsx bench/megnet-wbm.ts`, where the folder holds
 * wbm972_eform_mp2020.jsonl.gz. The weights are the repository's (or PARAISITE_WEIGHTS_DIR).
 */
import { dirname } from "node:path";
import { selectBackend } from "../src/backend/select.js";
import { datasetGraphs, loadDataset } from "../src/data/index.js";
import { batchGraphs } from "../src/graph/batch.js";
import { MEGNet } from "../src/models/megnet.js";
import { loadPretrainedMEGNet } from "../src/registry/pretrained.js";
import { outsideDataFile } from "./_files.js";

const dataDir = dirname(outsideDataFile("bench/megnet-wbm.ts", "wbm972_eform_mp2020.jsonl.gz"));

const choice = await selectBackend();
const imported = await loadPretrainedMEGNet("megnet/mp-2018.6.1/formation_energy");
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
