/**
 * The experiment's outputs: per-model mean ± std of the runs' best validation MAPE (Fig. 5) as
 * markdown and CSV, the mean validation-MAPE curve per model (Fig. 6) and a box plot, as SVG.
 * std is NumPy's default (ddof 0), as the authors' `np.array(best_mapes).std()`.
 */
import { join } from "node:path";
import { meanCurveSeries } from "../analysis/curves.js";
import { mean, std } from "../analysis/stats.js";
import { boxPlotSvg } from "../analysis/svg/box-plot.js";
import { lineChartSvg } from "../analysis/svg/line-chart.js";
import { csvLine } from "../data/csv-write.js";
import { writeFileAtomic } from "../train/atomic-fs.js";
import { readHistory } from "../train/history.js";
import { type RunSummary, runDirectory } from "../train/runs.js";
import type { ExperimentModel } from "./models.js";

/** One finished run as reported. */
export interface RunResult {
  readonly run: number;
  readonly bestEpoch: number;
  /** Best validation MAPE in % (the trainer's MAPE at the best epoch, against the targets the loss sees). */
  readonly bestValMape: number;
  /**
   * Validation MAPE in % of the saved model's κ against the true κ. Equal to `bestValMape` except
   * for fine-tuning with the kept scaler, where the loss compares with T_pre⁻¹(T_ft(κ)).
   */
  readonly kappaMape: number;
  readonly epochs: number;
}

export interface ModelResult {
  readonly id: string;
  readonly step: number;
  readonly dataset: string;
  readonly init: string;
  readonly runs: readonly RunResult[];
  /** Mean and std (ddof 0) of `bestValMape` over the runs, in %; NaN with no run. */
  readonly mean: number;
  readonly std: number;
  readonly kappaMean: number;
  readonly kappaStd: number;
}

const stats = (v: readonly number[]) => (v.length === 0 ? { m: Number.NaN, s: Number.NaN } : { m: mean(v), s: std(v, 0) });

/** How a model starts, for the table; `loadPretrained` false: the preset leaves pretrained trunks random. */
export function initLabel(definition: ExperimentModel, loadPretrained = true): string {
  const i = definition.init;
  if (i.kind === "random") return "random";
  if (i.kind === "pretrained") return loadPretrained ? `pretrained ${i.weights}` : `random (${i.weights} not loaded)`;
  return i.kind === "model" ? `from ${i.from}` : `from ${i.path}`;
}

export function modelResult(definition: ExperimentModel, runs: readonly RunResult[], loadPretrained = true): ModelResult {
  const a = stats(runs.map((r) => r.bestValMape));
  const b = stats(runs.map((r) => r.kappaMape));
  return {
    id: definition.id,
    step: definition.step,
    dataset: definition.dataset,
    init: initLabel(definition, loadPretrained),
    runs,
    mean: a.m,
    std: a.s,
    kappaMean: b.m,
    kappaStd: b.s,
  };
}

export function runResult(summary: RunSummary, kappaMape: number): RunResult {
  return { run: summary.run, bestEpoch: summary.bestEpoch, bestValMape: summary.bestValMape * 100, kappaMape: kappaMape * 100, epochs: summary.epochs };
}

const pct = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "–");

export function resultsMarkdown(results: readonly ModelResult[], header: readonly string[] = []): string {
  const lines = [
    "# ParAIsite reproduction: validation MAPE per model",
    "",
    ...header,
    ...(header.length ? [""] : []),
    "Best validation MAPE of each run (%), mean ± std over runs (std with ddof 0, as NumPy's default).",
    "\"κ MAPE\" is the saved model's error on the true κ; it differs from the loss MAPE only when the labels and the loss use different scalers (fine-tuning with the kept scaler; MIX with per-part labels).",
    "",
    "| model | step | dataset | init | runs | epochs | val MAPE (%) | κ MAPE (%) | per run (%) |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const r of results) {
    const epochs = [...new Set(r.runs.map((x) => x.epochs))].join("/") || "–";
    lines.push(
      `| ${r.id} | ${r.step} | ${r.dataset} | ${r.init} | ${r.runs.length} | ${epochs} | ${pct(r.mean)} ± ${pct(r.std)} | ` +
        `${pct(r.kappaMean)} ± ${pct(r.kappaStd)} | ${r.runs.map((x) => pct(x.bestValMape)).join(", ")} |`,
    );
  }
  return `${lines.join("\n")}\n`;
}

export const RESULTS_CSV_COLUMNS = [
  "model",
  "step",
  "dataset",
  "init",
  "runs",
  "epochs",
  "val_mape_mean",
  "val_mape_std",
  "kappa_mape_mean",
  "kappa_mape_std",
  "val_mape_runs",
  "kappa_mape_runs",
  "best_epochs",
] as const;

export function resultsCsv(results: readonly ModelResult[]): string {
  const num = (x: number) => (Number.isFinite(x) ? x.toPrecision(6) : "");
  const rows = results.map((r) =>
    csvLine([
      r.id,
      r.step,
      r.dataset,
      r.init,
      r.runs.length,
      [...new Set(r.runs.map((x) => x.epochs))].join("/"),
      num(r.mean),
      num(r.std),
      num(r.kappaMean),
      num(r.kappaStd),
      r.runs.map((x) => num(x.bestValMape)).join(";"),
      r.runs.map((x) => num(x.kappaMape)).join(";"),
      r.runs.map((x) => x.bestEpoch + 1).join(";"),
    ]),
  );
  return [csvLine([...RESULTS_CSV_COLUMNS]), ...rows].join("");
}

/** Fig. 6: mean validation MAPE (%) vs epoch per model, with a ±1 std band (ddof 0) over its finished runs. */
export function experimentCurvesSvg(outDir: string, results: readonly ModelResult[]): string | undefined {
  const series = results
    .filter((r) => r.runs.length > 0)
    .map((r) => {
      const curves = r.runs.map((x) => readHistory(join(runDirectory(outDir, r.id, x.run), "history.json")).map((h) => h.valMape * 100));
      return meanCurveSeries(r.id, curves, { ddof: 0 });
    });
  if (series.length === 0) return undefined;
  return lineChartSvg({ title: "Mean validation MAPE per epoch", xLabel: "epoch", yLabel: "validation MAPE (%)", series, logY: true });
}

/** Fig. 5 as a box plot: best validation MAPE (%) of every run, per model. */
export function experimentBoxPlotSvg(results: readonly ModelResult[]): string | undefined {
  const shown = results.filter((r) => r.runs.length > 0);
  if (shown.length === 0) return undefined;
  return boxPlotSvg({
    title: "Best validation MAPE over runs",
    yLabel: "validation MAPE (%)",
    categories: shown.map((r) => r.id),
    series: [{ name: "best val MAPE", values: shown.map((r) => r.runs.map((x) => x.bestValMape)) }],
  });
}

export const RESULT_FILES = { markdown: "results.md", csv: "results.csv", curves: "curves.svg", boxplot: "boxplot.svg" } as const;

/** Write results.md, results.csv and (when some run finished) curves.svg and boxplot.svg. */
export function writeResults(outDir: string, results: readonly ModelResult[], header: readonly string[] = []): void {
  writeFileAtomic(join(outDir, RESULT_FILES.markdown), resultsMarkdown(results, header));
  writeFileAtomic(join(outDir, RESULT_FILES.csv), resultsCsv(results));
  const curves = experimentCurvesSvg(outDir, results);
  if (curves) writeFileAtomic(join(outDir, RESULT_FILES.curves), curves);
  const box = experimentBoxPlotSvg(results);
  if (box) writeFileAtomic(join(outDir, RESULT_FILES.boxplot), box);
}
