/**
 * Ship a cross-validated recipe as an ensemble: outer split r's model becomes run r (each member
 * was trained on ~64 % of the target records plus every auxiliary record, its checkpoint chosen on
 * ~16 %, and scored once on the ~20 % it never saw — the held-out numbers of the card are those of
 * these very models), with card.json, MODEL_CARD.md and (from scripts/calibrate-domain.ts) domain.json.
 *   npx tsx scripts/ship-default.ts STUDY_DIR VARIANT DEST [--cross-family STUDY_DIR/VARIANT] [--name NAME]
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { CrossValidationResult } from "../src/evaluate/cross-validate.js";
import type { KappaMetrics, MetricsSummary } from "../src/evaluate/metrics.js";
import { savedStartStudyDir } from "../src/evaluate/member.js";
import { VERSION } from "../src/version.js";

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const crossFamily = flag("--cross-family");
const name = flag("--name") ?? "default";
const [studyDir, variant, destArg] = args;
if (studyDir === undefined || variant === undefined || destArg === undefined) throw new Error("usage: ship-default.ts STUDY_DIR VARIANT DEST [--cross-family DIR] [--name NAME]");
const dest = resolve(destArg);
const result = JSON.parse(readFileSync(join(studyDir, variant, "metrics.json"), "utf8")) as CrossValidationResult;
if (!result.complete) throw new Error(`${variant}: the cross-validation is incomplete`);
const domainBackup = existsSync(join(dest, "domain.json")) ? readFileSync(join(dest, "domain.json"), "utf8") : undefined;
rmSync(dest, { recursive: true, force: true });
mkdirSync(dest, { recursive: true });
for (const split of result.splits) cpSync(join(studyDir, variant, `split${split.run}`, "member", "run1", "model"), join(dest, `run${split.run}`), { recursive: true });
if (domainBackup !== undefined) writeFileSync(join(dest, "domain.json"), domainBackup);
const cross = crossFamily ? (JSON.parse(readFileSync(join(crossFamily, "metrics.json"), "utf8")) as CrossValidationResult) : undefined;

const f = (v: number | undefined, digits: number, scale = 1) => (v === undefined || !Number.isFinite(v) ? "–" : (v * scale).toFixed(digits));
const row = (label: string, s: MetricsSummary) =>
  `| ${label} | ${f(s.mean.n, 0)} | ${f(s.mean.mape, 1, 100)} ± ${f(s.std.mape, 1, 100)} | ${f(s.mean.kappaSre, 3)} ± ${f(s.std.kappaSre, 3)} | ${f(s.mean.maeLog10, 3)} ± ${f(s.std.maeLog10, 3)} | ${f(s.mean.spearman, 3)} ± ${f(s.std.spearman, 3)} | ${f(s.mean.withinFactor2, 0, 100)} ± ${f(s.std.withinFactor2, 0, 100)} |`;
const one = (label: string, m: KappaMetrics) =>
  `| ${label} | ${m.n} | ${f(m.mape, 1, 100)} | ${f(m.kappaSre, 3)} | ${f(m.maeLog10, 3)} | ${f(m.spearman, 3)} | ${f(m.withinFactor2, 0, 100)} (2σ covers ${f(m.coverage2Sigma, 0, 100)} %) |`;
const spec = result.spec;
// a fine-tuned recipe starts from the members of another cross-validated recipe (split r from split r)
const startDir = savedStartStudyDir(spec.recipe.start);
const startSpec = startDir === undefined ? undefined : (JSON.parse(readFileSync(join(startDir, "spec.json"), "utf8")) as CrossValidationResult["spec"]);
const trunkOf = (s: CrossValidationResult["spec"]): string => (s.recipe.start.kind === "pretrained" ? s.recipe.start.weights : s.recipe.start.kind === "random" ? "random" : "saved");
const sourcesText = (s: CrossValidationResult["spec"]) => s.sources.map((x) => `${x.dataset} (${x.role}${x.repeat ? `, ×${x.repeat} per epoch` : ""})`).join(", ");
const card = {
  name,
  model: variant,
  description: `ParAIsite: MEGNet trunk (from ${trunkOf(startSpec ?? spec)}) + MLP head 16 → 450 → 350 → 350 → 1, target ${spec.recipe.log === "log10" ? "log10 κ" : "log10(κ + 1)"} standardized`,
  members: result.splits.length,
  training: {
    sources: spec.sources,
    recipe: spec.recipe,
    ...(startSpec ? { start: { variant: startSpec.name, sources: startSpec.sources, recipe: startSpec.recipe } } : {}),
    protocol: `${result.splits.length} outer splits grouped by reduced formula (seed ${spec.seed ?? 42}); member r trained on split r's training part, checkpoint chosen on its inner validation part`,
    auxiliaryRecordsDropped: result.pool.excludedAuxiliary,
  },
  heldOut: result.summary,
  ...(cross ? { crossFamily: { variant: cross.name, summary: cross.summary } } : {}),
  library: VERSION,
  date: new Date().toISOString().slice(0, 10),
};
writeFileSync(join(dest, "card.json"), `${JSON.stringify({ ...card, runs: result.splits.length }, null, 1)}\n`);
const lines = [
  `# Model card: ${name} (${variant})`,
  "",
  `An ensemble of ${result.splits.length} ParAIsite models predicting the lattice thermal conductivity κ (W/(m·K), room temperature) of a crystal from its structure. \`paraisite predict\` gives the mean ± std over the members and whether the structure is inside the domain (domain.json).`,
  "",
  "## Training",
  "",
  ...(startSpec
    ? [
        `- Stage 1 (${startSpec.name}): ${sourcesText(startSpec)}, from ${trunkOf(startSpec)}; AFLOW AGL records of compounds present in the target sets are dropped. Recipe: ${JSON.stringify(startSpec.recipe)}.`,
        `- Stage 2 (${variant}): member r of stage 1 fine-tuned on ${sourcesText(spec)} with the same split r. Recipe: ${JSON.stringify(spec.recipe)}.`,
      ]
    : [
        `- Data: ${sourcesText(spec)}, from ${trunkOf(spec)}. AFLOW AGL records of compounds present in the target sets are dropped (${result.pool.excludedAuxiliary.join("/")}).`,
        `- Recipe: ${JSON.stringify(spec.recipe)}.`,
      ]),
  `- Members: member r is outer split r's model of the cross-validation below, so every number of this card is measured on data that member never saw.`,
  "",
  "## Held-out accuracy (true κ; mean ± std over the splits, ddof 0)",
  "",
  "| set | n per split | MAPE (%) | κ_SRE | MAE log10 κ | Spearman ρ | within ×2 (%) |",
  "| --- | --- | --- | --- | --- | --- | --- |",
  row("held-out, all targets", result.summary.test),
  ...Object.entries(result.summary.families).map(([fam, s]) => row(`held-out ${fam}`, s)),
  ...(cross
    ? [
        ...Object.entries(cross.summary.external).map(([d, s]) => row(`${d}, by the same recipe trained without it (${cross.name})`, s)),
        ...Object.entries(cross.summary.externalEnsemble).map(([d, m]) => one(`${d}, all ${cross.splits.length} models of ${cross.name} as one ensemble`, m)),
      ]
    : []),
  "",
  "## Intended domain and known failure modes",
  "",
  "- Trained on inorganic crystals: AFLOW AGL's ICSD structures (quasi-harmonic Debye κ, calibrated by a learned shift to the phono3py scale) and the phono3py κ of rocksalt/zincblende/wurtzite binaries (Togo15) and half-Heuslers (HH143).",
  "- Every prediction says whether it is inside that domain: elements never seen in training, members that disagree, a structure far from every training structure in the learned representation (docs/evaluation.md, domain.json's calibration).",
  "- Molecular crystals, alloys with partial occupancies, magnetic or strongly correlated materials and κ far outside 0.1–2000 W/(m·K) are outside what it has seen.",
  "- AGL labels are systematically lower than phono3py's for high-κ compounds; the members underpredict the highest-κ binaries (see the held-out table).",
  "",
  `paraisite ${VERSION}, ${card.date}.`,
  "",
];
writeFileSync(join(dest, "MODEL_CARD.md"), lines.join("\n"));
console.log(`wrote ${dest}: ${result.splits.length} members, card.json, MODEL_CARD.md`);
