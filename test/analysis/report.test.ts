import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rankAgreement } from "../../src/analysis/correlation.js";
import { loadStructures, materialDescriptors } from "../../src/analysis/materials.js";
import { formatPValue, REPORT_FILES, type RenderedReport, renderCorrelationReport, writeCorrelationReport } from "../../src/analysis/report.js";
import { readScanResults, type ScanResults } from "../../src/analysis/scan-results.js";
import { DataError } from "../../src/core/errors.js";
import { fixturesDir } from "../helpers/paths.js";
import { checkWellFormed, count } from "./xml.js";

type Stat = { pearson_r: number; pearson_p: number; spearman_rho: number; spearman_p: number };
const dir = resolve(fixturesDir(), "analysis");
const expected = JSON.parse(readFileSync(join(dir, "report-expected.json"), "utf8")) as {
  n: number;
  mean_kappa: Record<string, Stat>;
  variance: Record<string, Stat>;
  agreement_dataset1: { spearman_rho: number; spearman_p: number; pearson_log10_r: number };
};

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

let scan: ScanResults;
let outDir: string;
let report: RenderedReport & { files: readonly string[] };
let loaded: Awaited<ReturnType<typeof loadStructures>>;

beforeAll(async () => {
  scan = await readScanResults(join(dir, "scan-results.csv"));
  loaded = await loadStructures(join(dir, "structures.jsonl"), { ids: new Set(scan.rows.map((r) => r.id)) });
  outDir = await mkdtemp(join(tmpdir(), "paraisite-analysis-"));
  report = await writeCorrelationReport({
    rows: scan.rows,
    descriptors: materialDescriptors(scan.rows, loaded.structures),
    outDir,
    source: "scan-results.csv",
    notes: scan.notes,
  });
});
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe("end to end against pymatgen + scipy (scripts/fixtures/analysis_report.py)", () => {
  it("reads the scan CSV and skips the failed row", () => {
    expect(scan.rows).toHaveLength(expected.n);
    expect(scan.skipped).toHaveLength(1);
    expect(scan.skipped[0].id).toBe("mp-failed");
    expect(loaded.structures.size).toBe(expected.n);
    expect(loaded.failed).toEqual([]);
  });

  for (const [table, key] of [
    ["mean", "mean_kappa"],
    ["variance", "variance"],
  ] as const) {
    it(`Pearson/Spearman r and p of ${key} with each descriptor match scipy`, () => {
      const entries = new Map(report.tables[table].map((e) => [e.descriptor, e]));
      for (const [descriptor, want] of Object.entries(expected[key])) {
        const got = entries.get(descriptor);
        if (!got) throw new Error(`missing ${descriptor}`);
        expect(got.n).toBe(expected.n);
        expect(rel(got.pearson.r, want.pearson_r), descriptor).toBeLessThan(1e-10);
        expect(rel(got.pearson.p, want.pearson_p), descriptor).toBeLessThan(1e-10);
        expect(rel(got.spearman.r, want.spearman_rho), descriptor).toBeLessThan(1e-10);
        expect(rel(got.spearman.p, want.spearman_p), descriptor).toBeLessThan(1e-10);
      }
    });
  }

  it("rank agreement with the paper's Dataset1 predictions matches scipy", () => {
    const a = rankAgreement(new Map(scan.rows.map((r) => [r.id, r.kappaMean])), loaded.references.get("Dataset1") ?? new Map());
    expect(a.n).toBe(expected.n);
    expect(rel(a.spearman.r, expected.agreement_dataset1.spearman_rho)).toBeLessThan(1e-12);
    expect(rel(a.spearman.p, expected.agreement_dataset1.spearman_p)).toBeLessThan(1e-10);
    expect(rel(a.pearsonLog10.r, expected.agreement_dataset1.pearson_log10_r)).toBeLessThan(1e-12);
  });
});

describe("report files", () => {
  it("writes report.md and three SVG figures", async () => {
    expect(report.files.map((f) => f.slice(outDir.length + 1)).sort()).toEqual(Object.values(REPORT_FILES).sort());
    const md = await readFile(join(outDir, REPORT_FILES.report), "utf8");
    expect(md).toBe(report.markdown);
    for (const name of [REPORT_FILES.heatmap, REPORT_FILES.histMean, REPORT_FILES.histVariance]) {
      const svg = await readFile(join(outDir, name), "utf8");
      checkWellFormed(svg);
      expect(md).toContain(`](${name})`);
    }
  });

  it("main tables list exactly the descriptors with |r| > 0.10, sorted by |r|", () => {
    const section = (title: string): string => report.markdown.split(`## ${title}`)[1].split("\n## ")[0];
    for (const [title, key] of [
      ["Mean κ vs descriptors", "mean_kappa"],
      ["Variance of κ vs descriptors", "variance"],
    ] as const) {
      const rowsShown = section(title)
        .split("\n")
        .filter((l) => l.startsWith("| ") && !l.startsWith("| descriptor"));
      const rs = rowsShown.map((l) => Number(l.split("|")[4]));
      expect(rs.every((r) => Math.abs(r) > 0.1)).toBe(true);
      expect([...rs].sort((a, b) => Math.abs(b) - Math.abs(a))).toEqual(rs);
      // Every expected descriptor above the threshold appears.
      const strong = Object.values(expected[key]).filter((s) => Math.abs(s.pearson_r) > 0.1).length;
      expect(rowsShown.length).toBeGreaterThanOrEqual(strong);
    }
    expect(report.markdown).toContain("| volume | Å³ | 40 |");
    expect(report.markdown).toContain("ddof = 1");
  });

  it("heatmap has one cell per descriptor × target; histograms have bars", () => {
    const heat = report.figures.get(REPORT_FILES.heatmap) ?? "";
    expect(count(heat, /<rect class="cell"/)).toBe(2 * report.tables.mean.length);
    expect(heat).toContain("volume per atom (Å³/atom)");
    const hist = report.figures.get(REPORT_FILES.histMean) ?? "";
    expect(count(hist, /<rect class="bar"/)).toBeGreaterThanOrEqual(8);
    expect(hist).toContain("(log scale)");
  });

  it("formats p-values for tables and refuses tiny inputs", () => {
    expect(formatPValue(0.04567)).toBe("0.0457");
    expect(formatPValue(3.6e-36)).toBe("3.6e-36");
    expect(formatPValue(0)).toBe("< 1e-300");
    expect(formatPValue(NaN)).toBe("n/a");
    expect(() => renderCorrelationReport({ rows: scan.rows.slice(0, 2), descriptors: new Map() })).toThrow(DataError);
  });
});
