/**
 * Copy a trained ensemble from a `paraisite reproduce` output into `models/default/` (what
 * `paraisite predict`, `scan` and `demo` use by default) with a model card.
 *
 *   npx tsx scripts/ship-ensemble.ts RUNS_DIR MODEL_ID [--dest models/default] [--note TEXT]
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { collectResults, PAPER_MODELS } from "../src/experiment/index.js";
import { runDirectory } from "../src/train/runs.js";
import { VERSION } from "../src/version.js";

const [outDir, modelId, ...rest] = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = rest.indexOf(name);
  return i >= 0 ? rest[i + 1] : undefined;
};
const dest = resolve(option("--dest") ?? "models/default");
const note = option("--note");
const definition = PAPER_MODELS.find((m) => m.id === modelId);
if (!outDir || !definition) {
  console.error("usage: ship-ensemble.ts RUNS_DIR MODEL_ID [--dest DIR] [--note TEXT]");
  process.exit(2);
}
const [result] = collectResults(outDir, [definition], 9);
if (!result) throw new Error(`${outDir}: no finished run of ${modelId}`);
const manifest = JSON.parse(readFileSync(join(outDir, "manifest.json"), "utf8"));
// the manifest lists every dataset of the output folder; the card keeps the model's own and, for a
// fine-tuned model, its parent's (the pretraining data)
const parent = definition.init.kind === "model" ? PAPER_MODELS.find((m) => m.id === (definition.init as { from: string }).from) : undefined;
const datasetIds = [parent?.dataset, definition.dataset].filter((d): d is string => d !== undefined);
const datasets = (manifest.datasets as { id: string; used: number }[]).filter((d) => datasetIds.includes(d.id));
const datasetEpochs: Record<string, number> = manifest.protocol.datasetEpochs ?? {};
const epochsOf = (dataset: string): number => datasetEpochs[dataset] ?? manifest.protocol.epochs;
// parent runs that a non-finite loss ended early (they keep their best epoch)
const parentDiverged = parent
  ? result.runs
      .map((r) => ({ run: r.run, done: JSON.parse(readFileSync(join(runDirectory(outDir, parent.id, r.run), "done.json"), "utf8")) }))
      .filter((x) => x.done.diverged !== undefined)
      .map((x) => `run ${x.run} after ${x.done.epochs} epochs`)
  : [];

rmSync(dest, { recursive: true, force: true });
mkdirSync(dest, { recursive: true });
for (const r of result.runs) cpSync(join(runDirectory(outDir, modelId, r.run), "model"), join(dest, `run${r.run}`), { recursive: true });

const card = {
  model: modelId,
  description: definition.description,
  step: definition.step,
  dataset: definition.dataset,
  init: result.init,
  runs: result.runs.length,
  protocol: manifest.protocol,
  validationMapePercent: { mean: result.mean, std: result.std, perRun: result.runs.map((r) => r.bestValMape) },
  kappaMapePercent: { mean: result.kappaMean, std: result.kappaStd },
  bestEpochs: result.runs.map((r) => r.bestEpoch),
  datasets,
  ...(note ? { note } : {}),
  weights: manifest.weights,
  trainedWith: { library: `paraisite ${manifest.version}`, backend: manifest.sessions?.at(-1)?.backend ?? null },
  shippedWith: `paraisite ${VERSION}`,
  date: new Date().toISOString().slice(0, 10),
};
writeFileSync(join(dest, "card.json"), `${JSON.stringify(card, null, 2)}\n`);
const pct = (x: number) => x.toFixed(1);
writeFileSync(
  join(dest, "MODEL_CARD.md"),
  `# ${modelId}: ${definition.description}

- **What it predicts**: lattice thermal conductivity κ at 300 K, W/(m·K), from a crystal structure
  (MEGNet graph at a 4 Å cutoff, 100 Gaussians on 0–5 Å).
${note ? `> ${note}\n\n` : ""}- **Training data**: ${datasets.map((d) => `${d.id}, ${d.used} structures`).join("; ")}.
- **Start**: ${result.init}.
- **Protocol**: the \`paper\` preset of \`paraisite reproduce\` (${epochsOf(definition.dataset)} epochs, batch 8, Adam 1e-3 with cosine
  decay stepped twice per epoch, loss MAPE on κ, best validation checkpoint), ${result.runs.length} seeded 80/20 splits${
    parent
      ? `; run r starts from run r of ${parent.id}, itself trained ${epochsOf(parent.dataset)} epochs per run on ${parent.dataset}${
          epochsOf(parent.dataset) !== manifest.protocol.epochs ? " (fewer than the paper's 300: what this machine allowed)" : ""
        }${parentDiverged.length > 0 ? `; ${parentDiverged.length} of its runs ended early on a non-finite loss, on their best epoch (${parentDiverged.join(", ")})` : ""}`
      : ""
  }.
- **Validation MAPE** (best epoch of each run, mean ± std over runs, ddof 0): **${pct(result.mean)} ± ${pct(result.std)} %**
  (per run: ${result.runs.map((r) => pct(r.bestValMape)).join(", ")}).${
    Math.abs(result.kappaMean - result.mean) > 1e-9
      ? `
- **κ MAPE against the true κ** (each run's validation split, the model's own transform): **${pct(result.kappaMean)} ± ${pct(
          result.kappaStd,
        )} %**. The validation MAPE above is the authors' logged number: with the kept pretraining scaler it compares
  predictions with the targets passed through that scaler (docs/reproducing.md, "What kept means").`
      : ""
  }
- **Ensemble**: \`paraisite predict\` reports the mean over the ${result.runs.length} models and their sample std as the uncertainty.
- **Trained with** paraisite ${manifest.version}; card written ${card.date}.
`,
);
console.log(`shipped ${result.runs.length} models of ${modelId} to ${dest}: val MAPE ${pct(result.mean)} ± ${pct(result.std)} %`);
