/**
 * The transfer-learning study of issue #16: which start, loss, target transform and data give the
 * best held-out κ, measured with `crossValidate` (9 grouped outer splits, checkpoint chosen on an
 * inner split, scored once on the held-out part and on the other family). Resumable: run it again
 * to continue. Usage: npx tsx scripts/study.ts OUT_DIR [variant names…]   (default: every variant,
 * in order). `npx tsx scripts/study.ts OUT_DIR --table` only rewrites OUT_DIR/study.md.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { selectBackend } from "../src/backend/select.js";
import { type CrossValidationResult, type CrossValidationSpec, crossValidate } from "../src/evaluate/cross-validate.js";
import type { MemberRecipe } from "../src/evaluate/member.js";
import type { KappaMetrics, MetricsSummary } from "../src/evaluate/metrics.js";

const EF18 = { kind: "pretrained", weights: "megnet/mp-2018.6.1/formation_energy" } as const;
const pretrained = (weights: string) => ({ kind: "pretrained", weights }) as const;
const G18 = pretrained("megnet/mp-2018.6.1/log10G");
const TOGO = [{ dataset: "togo15", role: "target" }] as const;
const HH = [{ dataset: "hh143", role: "target" }] as const;
const MIX = [
  { dataset: "togo15", role: "target" },
  { dataset: "hh143", role: "target" },
] as const;
const JOINT = [...MIX, { dataset: "aflow-agl", role: "auxiliary" }] as const;
/** Joint training with each target record seen 8 times per epoch (≈ 1 target record per 2 AFLOW ones). */
const JOINT_X8 = [
  { dataset: "togo15", role: "target", repeat: 8 },
  { dataset: "hh143", role: "target", repeat: 8 },
  { dataset: "aflow-agl", role: "auxiliary" },
] as const;
const SHORT = { epochs: 20, scheduler: { kind: "cosine", tMax: 20, etaMin: 1e-5, stepsPerEpoch: 1 } } as const;
/** 300 epochs, cosine decay to 1e-5 over the run (one scheduler step per epoch), Adam 1e-3, batch 8. */
const LONG = { epochs: 300, scheduler: { kind: "cosine", tMax: 300, etaMin: 1e-5, stepsPerEpoch: 1 } } as const;
const recipe = (start: MemberRecipe["start"], log: MemberRecipe["log"], loss: MemberRecipe["loss"], train: MemberRecipe["train"] = LONG): MemberRecipe => ({
  start,
  log,
  loss,
  train,
});

/** Fine-tuning after joint training: 100 epochs at a tenth of the learning rate, cosine to 1e-6. */
const FINE_TUNE = { epochs: 100, learningRate: 1e-4, scheduler: { kind: "cosine", tMax: 100, etaMin: 1e-6, stepsPerEpoch: 1 } } as const;
/** Outer split r of a fine-tuning variant starts from split r's model of a joint variant (same targets, same splits). */
const fromJoint = (variant: string) => ({ kind: "saved", path: join(STUDY_DIR, variant, "split{k}", "member", "run1", "model"), count: 9 }) as const;

/** Where the study runs (set by main); the fine-tuning variants read the joint variants' models there. */
let STUDY_DIR = "study";

/** Every variant, cheapest and most informative first. */
export const STUDY: readonly CrossValidationSpec[] = [
  // loss and target transform, Togo15 (the paper's set), Ef trunk
  { name: "tg-ef18-mape-log1p", sources: TOGO, external: ["hh143"], recipe: recipe(EF18, "log10plus1", "mape") },
  { name: "tg-ef18-l1-log1p", sources: TOGO, external: ["hh143"], recipe: recipe(EF18, "log10plus1", "l1") },
  { name: "tg-ef18-l1-log", sources: TOGO, external: ["hh143"], recipe: recipe(EF18, "log10", "l1") },
  { name: "tg-ef18-sre-log", sources: TOGO, external: ["hh143"], recipe: recipe(EF18, "log10", "sre") },
  // trunks (the paper's Fig. 3 chose the trunk this way)
  { name: "tg-random-l1-log", sources: TOGO, external: ["hh143"], recipe: recipe({ kind: "random" }, "log10", "l1") },
  { name: "tg-ef19-l1-log", sources: TOGO, external: ["hh143"], recipe: recipe(pretrained("megnet/mp-2019.4.1/formation_energy"), "log10", "l1") },
  { name: "tg-k18-l1-log", sources: TOGO, external: ["hh143"], recipe: recipe(pretrained("megnet/mp-2018.6.1/log10K"), "log10", "l1") },
  { name: "tg-g18-l1-log", sources: TOGO, external: ["hh143"], recipe: recipe(pretrained("megnet/mp-2018.6.1/log10G"), "log10", "l1") },
  { name: "tg-gap18-l1-log", sources: TOGO, external: ["hh143"], recipe: recipe(pretrained("megnet/mp-2018.6.1/band_gap_regression"), "log10", "l1") },
  // the other direction and the mixture
  { name: "hh-ef18-l1-log", sources: HH, external: ["togo15"], recipe: recipe(EF18, "log10", "l1") },
  { name: "mix-ef18-l1-log", sources: MIX, recipe: recipe(EF18, "log10", "l1") },
  { name: "mix-g18-l1-log", sources: MIX, recipe: recipe(G18, "log10", "l1") },
  // joint training on AFLOW AGL (target compounds removed) + Togo15 + HH143, AGL offset learned
  { name: "joint-x8-ef18-l1-log-offset", sources: JOINT_X8, recipe: { ...recipe(EF18, "log10", "l1", SHORT), sourceOffsets: true } },
  // the same without HH143: does AFLOW's chemistry carry Togo15 models to half-Heuslers?
  {
    name: "jointtg-x8-ef18-l1-log-offset",
    sources: [JOINT_X8[0], JOINT_X8[2]],
    external: ["hh143"],
    recipe: { ...recipe(EF18, "log10", "l1", SHORT), sourceOffsets: true },
  },
  // the joint models fine-tuned on the targets alone (split r from joint split r: nothing held out is seen)
  { name: "joint-x8-ft-mix", sources: MIX, get recipe() { return recipe(fromJoint("joint-x8-ef18-l1-log-offset"), "log10", "l1", FINE_TUNE); } },
  {
    name: "jointtg-x8-ft-tg",
    sources: TOGO,
    external: ["hh143"],
    get recipe() {
      return recipe(fromJoint("jointtg-x8-ef18-l1-log-offset"), "log10", "l1", FINE_TUNE);
    },
  },
  // the best trunk of the Togo15 study (log10G), jointly with AFLOW, and fine-tuned
  { name: "joint-x8-g18-l1-log-offset", sources: JOINT_X8, recipe: { ...recipe(G18, "log10", "l1", SHORT), sourceOffsets: true } },
  {
    name: "jointtg-x8-g18-l1-log-offset",
    sources: [JOINT_X8[0], JOINT_X8[2]],
    external: ["hh143"],
    recipe: { ...recipe(G18, "log10", "l1", SHORT), sourceOffsets: true },
  },
  { name: "joint-x8-g18-ft-mix", sources: MIX, get recipe() { return recipe(fromJoint("joint-x8-g18-l1-log-offset"), "log10", "l1", FINE_TUNE); } },
  {
    name: "jointtg-x8-g18-ft-tg",
    sources: TOGO,
    external: ["hh143"],
    get recipe() {
      return recipe(fromJoint("jointtg-x8-g18-l1-log-offset"), "log10", "l1", FINE_TUNE);
    },
  },
  // AGL calibrated with a slope as well as a shift
  { name: "joint-x8-ef18-l1-log-affine", sources: JOINT_X8, recipe: { ...recipe(EF18, "log10", "l1", SHORT), sourceOffsets: "affine" } },
  {
    name: "jointtg-x8-ef18-l1-log-affine",
    sources: [JOINT_X8[0], JOINT_X8[2]],
    external: ["hh143"],
    recipe: { ...recipe(EF18, "log10", "l1", SHORT), sourceOffsets: "affine" },
  },
  {
    name: "joint-ef18-l1-log-offset",
    sources: JOINT,
    recipe: { ...recipe(EF18, "log10", "l1", { epochs: 40, scheduler: { kind: "cosine", tMax: 40, etaMin: 1e-5, stepsPerEpoch: 1 } }), sourceOffsets: true },
  },
];

type Metric = "kappaSre" | "maeLog10" | "spearman" | "mape" | "withinFactor2" | "coverage2Sigma";

function summaryCell(s: MetricsSummary | undefined, metric: Metric): string {
  if (s?.mean[metric] === undefined) return "–";
  const scale = metric === "mape" || metric === "withinFactor2" || metric === "coverage2Sigma" ? 100 : 1;
  const digits = scale === 100 ? 0 : 2;
  return `${((s.mean[metric] as number) * scale).toFixed(digits)} ± ${((s.std[metric] as number) * scale).toFixed(digits)}`;
}

function metricCell(m: KappaMetrics | undefined, metric: Metric): string {
  const v = m?.[metric];
  if (v === undefined || !Number.isFinite(v)) return "–";
  return metric === "mape" || metric === "withinFactor2" || metric === "coverage2Sigma" ? (100 * v).toFixed(0) : v.toFixed(2);
}

/** One table over every finished variant in `out`: held-out per family, and the other family. */
export function studyTable(out: string): string {
  const rows = STUDY.flatMap((spec) => {
    const path = join(out, spec.name, "metrics.json");
    if (!existsSync(path)) return [];
    const r = JSON.parse(readFileSync(path, "utf8")) as CrossValidationResult;
    const fam = r.summary.families;
    const ext = r.summary.external.hh143;
    const ens = r.summary.externalEnsemble.hh143;
    return [
      `| ${spec.name}${r.complete ? "" : ` (${r.splits.length} splits)`} | ${summaryCell(fam.togo15, "kappaSre")} | ${summaryCell(fam.togo15, "spearman")} | ${summaryCell(fam.togo15, "mape")} | ${summaryCell(fam.hh143, "kappaSre")} | ${summaryCell(fam.hh143, "spearman")} | ${summaryCell(r.summary.test, "withinFactor2")} | ${summaryCell(ext, "kappaSre")} | ${summaryCell(ext, "spearman")} | ${metricCell(ens, "kappaSre")} / ${metricCell(ens, "spearman")} / ${metricCell(ens, "coverage2Sigma")} |`,
    ];
  });
  return [
    "Held-out (outer splits grouped by reduced formula; mean ± std over splits) and cross-family (HH143 scored by models trained without it) accuracy on the true κ.",
    "",
    "| variant | Togo15 κ_SRE | Togo15 ρ | Togo15 MAPE (%) | HH143 κ_SRE | HH143 ρ | within ×2 (%) | HH143 unseen: κ_SRE | HH143 unseen: ρ | HH143 unseen, 9-model ensemble: κ_SRE / ρ / 2σ cover (%) |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
    "",
    "Constant predictions for reference (no ranking, ρ undefined): on HH143, 10 W/(m·K) gives κ_SRE 0.56 and the HH143 median 6.9 gives 0.51; on Togo15, 10 W/(m·K) gives 1.11 and its median 19.9 gives 1.10.",
    "",
  ].join("\n");
}

async function main(): Promise<void> {
  const [out, ...names] = process.argv.slice(2);
  if (out === undefined) throw new Error("usage: npx tsx scripts/study.ts OUT_DIR [variant…] | --table");
  STUDY_DIR = out;
  if (names[0] !== "--table") {
    await selectBackend({ backend: "wasm" });
    const chosen = names.length > 0 ? STUDY.filter((s) => names.includes(s.name)) : STUDY;
    for (const spec of chosen) {
      const result = await crossValidate(spec, { outDir: out, onProgress: (m) => console.log(`${new Date().toISOString()} ${m}`) });
      console.log(`${spec.name}: held-out κ_SRE ${result.summary.test.mean.kappaSre?.toFixed(3)} ρ ${result.summary.test.mean.spearman?.toFixed(3)}`);
      writeFileSync(join(out, "study.md"), studyTable(out));
    }
  }
  writeFileSync(join(out, "study.md"), studyTable(out));
}

await main();
