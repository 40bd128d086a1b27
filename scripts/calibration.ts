/**
 * The calibration experiment, for comparison with an independent PyTorch implementation
 * of the same `paper` preset: a short pretraining (one run, 35 epochs, L1 loss) on AFLOW, then the
 * Step-3 fine-tuning on Togo15 (9 runs × 300 epochs, paper preset) starting from it.
 * Reference (PyTorch, same data files): FEAFTG15 47.0 ± 14.6 %, RWAFTG15 47.4 ± 11.5 %.
 *
 *   npx tsx scripts/calibration.ts OUT_DIR [FE|RW]
 */
import { join } from "node:path";
import { type ExperimentModel, FORMATION_ENERGY_WEIGHTS, runExperiment } from "../src/experiment/index.js";
import { createProgressReporter } from "../src/train/progress.js";

const [outDir, kind = "FE"] = process.argv.slice(2);
if (!outDir || (kind !== "FE" && kind !== "RW")) {
  console.error("usage: calibration.ts OUT_DIR [FE|RW]");
  process.exit(2);
}
const pretrainId = `${kind}AF35`;
const pretrain: ExperimentModel = {
  id: pretrainId,
  dataset: "aflow-agl",
  init: kind === "FE" ? { kind: "pretrained", weights: FORMATION_ENERGY_WEIGHTS } : { kind: "random" },
  step: kind === "FE" ? 2 : 1,
  description: `${kind === "FE" ? "pretrained formation-energy MEGNet" : "random init"}, 35 epochs on AFLOW (L1 loss, one run)`,
};
const finetune: ExperimentModel = {
  id: `${kind}AF35TG15`,
  dataset: "togo15",
  init: { kind: "saved", path: join(outDir, "pretrain", pretrainId, "run1", "model") },
  step: 3,
  description: `${pretrainId} fine-tuned on Togo15`,
};
const progress = createProgressReporter();
const main = async (): Promise<void> => {
  await runExperiment({ outDir: join(outDir, "pretrain"), definitions: [pretrain], runs: 1, epochs: 35, preset: { loss: "l1" }, progress });
  const { results } = await runExperiment({ outDir: join(outDir, "finetune"), definitions: [finetune], progress });
  for (const r of results) console.log(`${r.id}: validation MAPE ${r.mean.toFixed(1)} ± ${r.std.toFixed(1)} % over ${r.runs.length} runs`);
};
main();
