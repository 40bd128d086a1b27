/**
 * `paraisite evaluate`: honest held-out accuracy. Either score a saved ensemble on a labelled set
 * (`--models DIR --data FILE|ID`), or cross-validate a training recipe (`--train DATASETS --out DIR`):
 * nested grouped splits, checkpoint chosen on an inner split, metrics on the true κ.
 */
import { writeFileSync } from "node:fs";
import { BACKEND_REQUESTS, type BackendRequest, selectBackend } from "../backend/select.js";
import { ParaisiteError } from "../core/errors.js";
import { crossValidate } from "../evaluate/cross-validate.js";
import type { MemberRecipe, MemberStart } from "../evaluate/member.js";
import type { KappaMetrics } from "../evaluate/metrics.js";
import type { PoolSource } from "../evaluate/pool.js";
import { scoreEnsemble } from "../evaluate/score.js";
import type { LossKind } from "../train/losses.js";
import { type CommandValues, integerAtLeast, oneOf, runCommand, UsageError } from "./args.js";
import type { CliIO } from "./io.js";
import { shippedModelsDir } from "./predict.js";

export const EVALUATE_USAGE = `usage: paraisite evaluate --models DIR --data FILE|ID [--target-field F] [--json] [--csv OUT]
       paraisite evaluate --train IDS --out DIR [recipe options]

Score a saved ensemble on a labelled set (a dataset id such as hh143, a JSONL with a CIF and κ per
record, or a CSV whose 'file' column names CIFs beside it), or cross-validate a training recipe:
9 outer splits grouped by reduced formula, each trained on its 80 %, checkpoint chosen on an inner
validation split, held-out 20 % scored once. Metrics on the true κ: MAPE, κ_SRE, MAE of log10 κ,
Spearman ρ, share within a factor 2, coverage of mean ± 2σ (ensembles).

scoring:
  --models DIR         ensemble directory (default: the shipped ensemble)
  --data FILE|ID       labelled structures
  --target-field F     κ field of a user file (default ltc_w_mk)
  --json               metrics and per-record predictions as JSON on stdout
  --csv OUT            per-record predictions as CSV
  --workers W          worker threads (default 1)
cross-validation:
  --train IDS          target datasets, comma-separated (togo15, hh143, … or togo15,hh143 for MIX)
  --auxiliary IDS      datasets always trained on, their compounds in the targets removed (aflow-agl)
  --out DIR            output folder (resumable: run the same command again)
  --name NAME          sub-folder of this evaluation (default: from the options)
  --start S            random | a megnet zoo id (default megnet/mp-2018.6.1/formation_energy) |
                       saved:PATTERN:COUNT (ParAIsite directories, {k} = 1..COUNT)
  --log L              log10 (default) | log10plus1 (the paper's target)
  --loss L             l1 (default, on the standardized target) | sre (κ_SRE) | mape (the authors')
  --epochs N           epochs per model (default 300), cosine decay to 1e-5 over them
  --runs K             outer splits (default 9)
  --members M          models per split, an ensemble with its own inner splits (default 1)
  --external IDS       datasets scored with every outer model (cross-family tests)
  --offsets            learn one offset per auxiliary source (AGL's systematic bias)
  --no-grouping        random instead of formula-grouped splits
  --backend B          ${BACKEND_REQUESTS.join(", ")} (default auto)
  -h, --help           this text
`;

const EVALUATE_OPTIONS = {
  models: { type: "string" },
  data: { type: "string" },
  "target-field": { type: "string" },
  json: { type: "boolean" },
  csv: { type: "string" },
  workers: { type: "string" },
  train: { type: "string" },
  auxiliary: { type: "string" },
  out: { type: "string" },
  name: { type: "string" },
  start: { type: "string" },
  log: { type: "string" },
  loss: { type: "string" },
  epochs: { type: "string" },
  runs: { type: "string" },
  members: { type: "string" },
  external: { type: "string" },
  offsets: { type: "boolean" },
  "no-grouping": { type: "boolean" },
  backend: { type: "string" },
} as const;

type Values = CommandValues<typeof EVALUATE_OPTIONS>;

const list = (value: string | undefined): string[] => (value ?? "").split(",").map((s) => s.trim()).filter((s) => s.length > 0);

function startOf(value: string | undefined): MemberStart {
  if (value === undefined) return { kind: "pretrained", weights: "megnet/mp-2018.6.1/formation_energy" };
  if (value === "random") return { kind: "random" };
  if (value.startsWith("saved:")) {
    const at = value.lastIndexOf(":");
    const count = Number(value.slice(at + 1));
    if (!(Number.isInteger(count) && count >= 1) || at <= 6) throw new UsageError(`--start saved:PATTERN:COUNT needs a count, got '${value}'`);
    return { kind: "saved", path: value.slice(6, at), count };
  }
  return { kind: "pretrained", weights: value };
}

const pct = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? "–" : `${(100 * x).toFixed(1)} %`);
const num = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? "–" : x.toFixed(3));

function metricsText(m: KappaMetrics): string {
  return [
    `n ${m.n}: MAPE ${pct(m.mape)}, κ_SRE ${num(m.kappaSre)}, MAE log10 κ ${num(m.maeLog10)}, Spearman ρ ${num(m.spearman)},`,
    `within ×2 ${pct(m.withinFactor2)}, median κ̂ ${m.medianPredicted.toPrecision(3)} vs κ ${m.medianTrue.toPrecision(3)} W/(m·K)${m.coverage2Sigma !== undefined ? `, mean ± 2σ covers ${pct(m.coverage2Sigma)}` : ""}`,
  ].join(" ");
}

export function evaluateCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const spec = { name: "evaluate", usage: EVALUATE_USAGE, options: EVALUATE_OPTIONS };
  return runCommand(spec, argv, io, async (values) => {
    if ((values.data === undefined) === (values.train === undefined)) throw new UsageError("give either --data (score an ensemble) or --train (cross-validate)");
    if (values.train !== undefined && values.out === undefined) throw new UsageError("--train needs --out DIR");
    const backend = oneOf<BackendRequest>("backend", values.backend, BACKEND_REQUESTS) ?? "auto";
    // recipe options are checked before any work starts
    const recipe = values.train !== undefined ? recipeOf(values) : undefined;
    const workers = integerAtLeast("workers", values.workers, 1) ?? 1;
    await selectBackend({ backend });
    try {
      if (recipe === undefined) return await scoreCommand(values, workers, io);
      return await crossValidateCommand(values, recipe, io);
    } catch (e) {
      if (e instanceof ParaisiteError || e instanceof RangeError) {
        io.stderr(`paraisite evaluate: ${e.message}\n`);
        return 1;
      }
      throw e;
    }
  });
}

function recipeOf(values: Values): MemberRecipe {
  const epochs = integerAtLeast("epochs", values.epochs, 1) ?? 300;
  return {
    start: startOf(values.start),
    log: oneOf("log", values.log, ["log10", "log10plus1"]) ?? "log10",
    loss: oneOf<LossKind>("loss", values.loss, ["l1", "sre", "mape"]) ?? "l1",
    train: { epochs, scheduler: { kind: "cosine", tMax: epochs, etaMin: 1e-5, stepsPerEpoch: 1 } },
    ...(values.offsets ? { sourceOffsets: true } : {}),
  };
}

async function scoreCommand(values: Values, workers: number, io: CliIO): Promise<number> {
  const models = shippedModelsDir(values.models);
  const score = await scoreEnsemble(models, values.data as string, { targetField: values["target-field"], workers });
  if (values.csv !== undefined) {
    const header = "id,formula,kappa_true,kappa_mean,kappa_std";
    writeFileSync(values.csv, `${header}\n${score.records.map((r) => [JSON.stringify(r.id), r.formula, r.truth, r.mean, r.std].join(",")).join("\n")}\n`);
  }
  if (values.json) io.stdout(`${JSON.stringify(score, null, 1)}\n`);
  else {
    io.stdout(`${score.data} with ${score.models.length} model(s) from ${models}\n${metricsText(score.metrics)}\n`);
    if (score.skipped.length > 0) io.stdout(`skipped ${score.skipped.length}: ${score.skipped.slice(0, 5).map((s) => `${s.id} (${s.reason})`).join("; ")}\n`);
  }
  return 0;
}

async function crossValidateCommand(values: Values, recipe: MemberRecipe, io: CliIO): Promise<number> {
  const targets = list(values.train);
  const auxiliary = list(values.auxiliary);
  const sources: PoolSource[] = [...targets.map((dataset) => ({ dataset, role: "target" as const })), ...auxiliary.map((dataset) => ({ dataset, role: "auxiliary" as const }))];
  const name = values.name ?? [targets.join("+"), ...auxiliary.map((a) => `aux-${a}`), recipe.loss, recipe.log].join("_");
  const result = await crossValidate(
    {
      name,
      sources,
      recipe,
      runs: integerAtLeast("runs", values.runs, 1) ?? 9,
      members: integerAtLeast("members", values.members, 1) ?? 1,
      external: list(values.external),
      grouped: !values["no-grouping"],
    },
    { outDir: values.out as string, onProgress: (m) => io.stderr(`${m}\n`) },
  );
  io.stdout(`held-out, mean over ${result.splits.length} splits: ${metricsText(result.summary.test.mean as KappaMetrics)}\nwrote ${values.out}/${name}/report.md and metrics.json\n`);
  return result.complete ? 0 : 130;
}
