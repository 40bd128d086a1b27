/**
 * The correlation report: markdown with the paper-style tables (|r| > 0.10, sorted), a heatmap of
 * all correlations and histograms of mean κ and of the ensemble variance, written to a folder.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { DataError } from "../core/errors.js";
import {
  type CorrelationEntry,
  type CorrelationTables,
  correlationTables,
  descriptorColumns,
  type EnsembleRow,
  type RankAgreement,
  significantCorrelations,
} from "./correlation.js";
import { type DescriptorValues, descriptorInfo, descriptorLabel } from "./descriptors.js";
import { mean, quantile } from "./stats.js";
import { heatmapSvg } from "./svg/heatmap.js";
import { histogramSvg } from "./svg/histogram-plot.js";

export interface CorrelationReportInput {
  readonly rows: readonly EnsembleRow[];
  /** id → descriptor values (ids without an entry count as missing for every descriptor). */
  readonly descriptors: ReadonlyMap<string, DescriptorValues>;
  /** |Pearson r| a descriptor must exceed to appear in the main tables (default 0.10, as the paper). */
  readonly threshold?: number;
  readonly title?: string;
  /** Where the numbers came from (file name), shown in the header. */
  readonly source?: string;
  /** Extra remarks (e.g. skipped rows, how the variance was computed). */
  readonly notes?: readonly string[];
  /** Rank agreement with reference predictions, one line per reference. */
  readonly agreements?: readonly { readonly name: string; readonly agreement: RankAgreement }[];
}

export interface RenderedReport {
  readonly markdown: string;
  readonly tables: CorrelationTables;
  /** File name → SVG text. */
  readonly figures: ReadonlyMap<string, string>;
}

export const REPORT_FILES = {
  report: "report.md",
  heatmap: "heatmap.svg",
  histMean: "hist-mean.svg",
  histVariance: "hist-variance.svg",
} as const;

/** p-value for a table: 3 significant digits, scientific below 1e-3, "< 1e-300" at underflow. */
export function formatPValue(p: number): string {
  if (Number.isNaN(p)) return "n/a";
  if (p === 0) return "< 1e-300";
  if (p < 1e-3) {
    const [m, e] = p.toExponential(1).split("e");
    return `${m}e${Number(e)}`;
  }
  return p.toPrecision(3);
}

const formatR = (r: number): string => (Number.isNaN(r) ? "n/a" : (Math.round(r * 1000) / 1000 + 0).toFixed(3));

function correlationTable(entries: readonly CorrelationEntry[]): string {
  const head = "| descriptor | unit | n | Pearson r | p (Pearson) | Spearman ρ | p (Spearman) |\n|---|---|--:|--:|--:|--:|--:|";
  const body = entries.map((e) => {
    const d = descriptorInfo(e.descriptor);
    return `| ${d.label} | ${d.unit || "–"} | ${e.n} | ${formatR(e.pearson.r)} | ${formatPValue(e.pearson.p)} | ${formatR(e.spearman.r)} | ${formatPValue(e.spearman.p)} |`;
  });
  return [head, ...body].join("\n");
}

function summaryRow(name: string, values: readonly number[]): string {
  const v = values.filter(Number.isFinite);
  if (v.length === 0) return `| ${name} | 0 | | | | | | |`;
  const f = (x: number): string => Number(x.toPrecision(4)).toString();
  return `| ${name} | ${v.length} | ${f(Math.min(...v))} | ${f(quantile(v, 0.25))} | ${f(quantile(v, 0.5))} | ${f(mean(v))} | ${f(quantile(v, 0.75))} | ${f(Math.max(...v))} |`;
}

/** Heatmap rows: descriptors in either table, ordered by |r| with mean κ. */
function heatmapFigure(tables: CorrelationTables, title: string): string {
  const byMean = new Map(tables.mean.map((e) => [e.descriptor, e]));
  const byVar = new Map(tables.variance.map((e) => [e.descriptor, e]));
  const keys = [...tables.mean.map((e) => e.descriptor), ...tables.variance.map((e) => e.descriptor).filter((k) => !byMean.has(k))];
  return heatmapSvg({
    title,
    rowLabels: keys.map(descriptorLabel),
    columnLabels: ["mean κ", "variance of κ"],
    values: keys.map((k) => [byMean.get(k)?.pearson.r ?? NaN, byVar.get(k)?.pearson.r ?? NaN]),
    pValues: keys.map((k) => [byMean.get(k)?.pearson.p ?? NaN, byVar.get(k)?.pearson.p ?? NaN]),
  });
}

function histogramFigure(values: readonly number[], title: string, xLabel: string): string {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  // κ and its variance span decades: bin in log10 unless non-positive values dominate.
  const log = positive.length >= Math.max(1, values.length * 0.5);
  const used = log ? positive : values.filter(Number.isFinite);
  const med = quantile(used, 0.5);
  return histogramSvg(used, {
    title: log && positive.length < values.length ? `${title} (${values.length - positive.length} values ≤ 0 not shown)` : title,
    xLabel,
    log,
    bins: Math.min(40, Math.max(8, Math.ceil(Math.sqrt(used.length)))),
    markers: [{ value: med, label: `median ${Number(med.toPrecision(3))}` }],
  });
}

/** Build the report in memory (markdown + SVG texts). */
export function renderCorrelationReport(input: CorrelationReportInput): RenderedReport {
  const { rows } = input;
  if (rows.length < 3) throw new DataError(`correlation report needs at least 3 materials, got ${rows.length}`);
  const threshold = input.threshold ?? 0.1;
  const columns = descriptorColumns(rows, input.descriptors);
  const tables = correlationTables(rows, columns);
  const title = input.title ?? "Ensemble κ: correlations with material descriptors";
  const n = rows.length;
  const figures = new Map<string, string>([
    [REPORT_FILES.heatmap, heatmapFigure(tables, `Pearson r with mean κ and variance (n = ${n})`)],
    [REPORT_FILES.histMean, histogramFigure(rows.map((r) => r.kappaMean), `Mean κ over the ensemble (n = ${n})`, "mean κ (W/(m·K))")],
    [
      REPORT_FILES.histVariance,
      histogramFigure(rows.map((r) => r.kappaVariance), `Variance of κ across the ensemble (n = ${n})`, "variance of κ ((W/(m·K))²)"),
    ],
  ]);
  const section = (name: string, entries: readonly CorrelationEntry[]): string[] => {
    const kept = significantCorrelations(entries, threshold);
    return [
      `## ${name}`,
      "",
      kept.length > 0
        ? correlationTable(kept)
        : `No descriptor has |r| > ${threshold.toFixed(2)} (strongest: ${entries[0] ? `${descriptorInfo(entries[0].descriptor).label}, r = ${formatR(entries[0].pearson.r)}` : "none"}).`,
      "",
    ];
  };
  const md: string[] = [`# ${title}`, ""];
  if (input.source) md.push(`Source: \`${input.source}\``, "");
  md.push(
    `${n} materials, ${columns.size} descriptors. Tables list descriptors with |Pearson r| > ${threshold.toFixed(2)}, sorted by |r|; p-values are two-sided.`,
    "",
    "## Summary",
    "",
    "| quantity | n | min | 25 % | median | mean | 75 % | max |",
    "|---|--:|--:|--:|--:|--:|--:|--:|",
    summaryRow("mean κ (W/(m·K))", rows.map((r) => r.kappaMean)),
    summaryRow("variance of κ ((W/(m·K))²)", rows.map((r) => r.kappaVariance)),
    "",
    ...section("Mean κ vs descriptors", tables.mean),
    ...section("Variance of κ vs descriptors", tables.variance),
    "## Figures",
    "",
    `![Correlation heatmap](${REPORT_FILES.heatmap})`,
    "",
    `![Histogram of mean κ](${REPORT_FILES.histMean})`,
    "",
    `![Histogram of the variance of κ](${REPORT_FILES.histVariance})`,
    "",
  );
  if (input.agreements && input.agreements.length > 0) {
    md.push(
      "## Agreement with reference predictions",
      "",
      "Spearman ρ between our mean κ and the reference for the same ids (rank agreement), and Pearson r of log10 κ.",
      "",
      "| reference | n | Spearman ρ | p | Pearson r (log10 κ) |",
      "|---|--:|--:|--:|--:|",
      ...input.agreements.map(
        ({ name, agreement: a }) =>
          `| ${name} | ${a.n} | ${formatR(a.spearman.r)} | ${formatPValue(a.spearman.p)} | ${formatR(a.pearsonLog10.r)} |`,
      ),
      "",
    );
  }
  md.push(
    "## All correlations",
    "",
    "<details><summary>Mean κ, every descriptor</summary>",
    "",
    correlationTable(tables.mean),
    "",
    "</details>",
    "",
    "<details><summary>Variance of κ, every descriptor</summary>",
    "",
    correlationTable(tables.variance),
    "",
    "</details>",
    "",
    "## Method",
    "",
    "- Pearson r with the two-sided p-value of t = r·√((n−2)/(1−r²)) under Student's t with n − 2 degrees of freedom (scipy.stats.pearsonr); Spearman ρ is Pearson on average ranks with the same test (scipy.stats.spearmanr).",
    "- Per descriptor, only materials where it is defined are used (n column); descriptors without spread are left out.",
    "- Descriptor units: Å³ volumes, g/cm³ density, atoms/Å³ atomic density, u masses, Pauling electronegativity; composition means are weighted by atom count.",
    ...(input.notes ?? []).map((note) => `- ${note}`),
    "",
  );
  return { markdown: md.join("\n"), tables, figures };
}

/** Write report.md, heatmap.svg, hist-mean.svg and hist-variance.svg into `outDir` (created if needed). */
export async function writeCorrelationReport(
  input: CorrelationReportInput & { readonly outDir: string },
): Promise<RenderedReport & { readonly files: readonly string[] }> {
  const rendered = renderCorrelationReport(input);
  await mkdir(input.outDir, { recursive: true });
  const files = [join(input.outDir, REPORT_FILES.report)];
  await writeFile(files[0], rendered.markdown);
  for (const [name, svg] of rendered.figures) {
    const path = join(input.outDir, name);
    await writeFile(path, svg);
    files.push(path);
  }
  return { ...rendered, files };
}
