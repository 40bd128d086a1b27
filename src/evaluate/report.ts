/** Markdown report of a cross-validation (report.md next to metrics.json). */
import type { CrossValidationResult } from "./cross-validate.js";
import type { KappaMetrics, MetricsSummary } from "./metrics.js";

const HEADER = "| set | n | MAPE (%) | κ_SRE | MAE log10 κ | Spearman ρ | within ×2 (%) | median κ̂ / κ | 2σ coverage (%) |";
const RULE = "| --- | --- | --- | --- | --- | --- | --- | --- | --- |";

const fixed = (v: number | undefined, digits: number, scale = 1) => (v === undefined || !Number.isFinite(v) ? "–" : (v * scale).toFixed(digits));

function summaryRow(label: string, s: MetricsSummary): string {
  const cell = (key: keyof KappaMetrics, digits: number, scale = 1) =>
    s.mean[key] === undefined ? "–" : `${fixed(s.mean[key], digits, scale)} ± ${fixed(s.std[key], digits, scale)}`;
  return `| ${label} | ${fixed(s.mean.n, 0)} | ${cell("mape", 1, 100)} | ${cell("kappaSre", 3)} | ${cell("maeLog10", 3)} | ${cell("spearman", 3)} | ${cell("withinFactor2", 0, 100)} | ${fixed(s.mean.medianPredicted, 2)} / ${fixed(s.mean.medianTrue, 2)} | ${cell("coverage2Sigma", 0, 100)} |`;
}

function metricsRow(label: string, m: KappaMetrics): string {
  return `| ${label} | ${m.n} | ${fixed(m.mape, 1, 100)} | ${fixed(m.kappaSre, 3)} | ${fixed(m.maeLog10, 3)} | ${fixed(m.spearman, 3)} | ${fixed(m.withinFactor2, 0, 100)} | ${fixed(m.medianPredicted, 2)} / ${fixed(m.medianTrue, 2)} | ${fixed(m.coverage2Sigma, 0, 100)} |`;
}

export function crossValidationReport(result: CrossValidationResult): string {
  const { spec, summary } = result;
  const members = spec.members ?? 1;
  const lines = [
    `# Held-out evaluation: ${result.name}`,
    "",
    `Target sources: ${spec.sources.filter((s) => s.role === "target").map((s) => s.dataset).join(", ")}` +
      (spec.sources.some((s) => s.role === "auxiliary")
        ? `; always trained on: ${spec.sources.filter((s) => s.role === "auxiliary").map((s) => s.dataset).join(", ")} (compounds of the targets removed: ${result.pool.excludedAuxiliary.join(", ")} records)`
        : ""),
    `Protocol: ${result.splits.length}${result.complete ? "" : " (incomplete)"} outer splits (seed ${spec.seed ?? 42}, ${spec.grouped === false ? "random" : "grouped by reduced formula"}), ${members} model(s) per split, checkpoint chosen on an inner validation split, held-out part scored once against the true κ.`,
    `Recipe: start ${JSON.stringify(spec.recipe.start)}, target ${spec.recipe.log === "log10" ? "log10 κ" : "log10(κ + 1)"} standardized on each member's training records, loss ${spec.recipe.loss}${spec.recipe.sourceOffsets ? ", one learned offset per auxiliary source" : ""}, training ${JSON.stringify(spec.recipe.train)}.`,
    "",
    "Metrics: mean ± std over splits (ddof 0). κ_SRE = mean |2(κ̂ − κ)/(κ̂ + κ)|; 2σ coverage only for ensembles.",
    "",
    HEADER,
    RULE,
    summaryRow("held-out (all)", summary.test),
    ...Object.entries(summary.families).map(([f, s]) => summaryRow(`held-out ${f}`, s)),
    ...Object.entries(summary.external).map(([d, s]) => summaryRow(`external ${d} (each split's model)`, s)),
    ...Object.entries(summary.externalEnsemble).map(([d, m]) => metricsRow(`external ${d} (all ${result.splits.length * members} models as one ensemble)`, m)),
    "",
    `Best epochs (1-based) per split: ${result.splits.map((r) => r.bestEpochs.map((e) => e + 1).join("/")).join(", ")}.`,
    "",
  ];
  return lines.join("\n");
}
