import { describe, expect, it } from "vitest";
import {
  correlateDescriptors,
  correlationTables,
  descriptorColumns,
  lowestVariance,
  rankAgreement,
  significantCorrelations,
} from "../../src/analysis/correlation.js";
import { ENSEMBLE_DDOF, scanResultsFromRecords } from "../../src/analysis/scan-results.js";
import { pearson } from "../../src/analysis/stats.js";
import { DataError } from "../../src/core/errors.js";

const rows = [
  { id: "a", kappaMean: 1, kappaVariance: 0.5 },
  { id: "b", kappaMean: 2, kappaVariance: 0.1 },
  { id: "c", kappaMean: 4, kappaVariance: 0.9 },
  { id: "d", kappaMean: 8, kappaVariance: 0.3 },
  { id: "e", kappaMean: 3, kappaVariance: 0.2 },
];
const descriptors = new Map<string, Record<string, number>>([
  ["a", { volume: 10, density: 5, flat: 1 }],
  ["b", { volume: 20, density: 4.9, flat: 1 }],
  ["c", { volume: 41, density: 5.2, flat: 1 }],
  ["d", { volume: 79, density: 5, flat: 1, extra: 3 }],
  ["e", { volume: 30, density: NaN, flat: 1 }],
]);

describe("correlation tables", () => {
  it("aligns descriptor columns with rows (NaN where missing)", () => {
    const cols = descriptorColumns(rows, descriptors);
    expect([...cols.keys()].sort()).toEqual(["density", "extra", "flat", "volume"]);
    expect(cols.get("extra")?.map((v) => (Number.isNaN(v) ? null : v))).toEqual([null, null, null, 3, null]);
  });

  it("uses only finite pairs, drops constant or too-sparse descriptors, sorts by |r|", () => {
    const entries = correlateDescriptors(
      rows.map((r) => r.kappaMean),
      descriptorColumns(rows, descriptors),
    );
    expect(entries.map((e) => e.descriptor)).toEqual(["volume", "density"]);
    const density = entries[1];
    expect(density.n).toBe(4);
    expect(density.pearson.r).toBeCloseTo(pearson([5, 4.9, 5.2, 5], [1, 2, 4, 8]).r, 15);
    expect(Math.abs(entries[0].pearson.r)).toBeGreaterThan(Math.abs(entries[1].pearson.r));
  });

  it("keeps |r| strictly above the threshold", () => {
    const mk = (descriptor: string, r: number) => ({ descriptor, n: 10, pearson: { r, p: 0.5, n: 10 }, spearman: { r, p: 0.5, n: 10 } });
    const kept = significantCorrelations([mk("a", -0.5), mk("b", 0.1), mk("c", 0.11), mk("d", -0.05)]);
    expect(kept.map((e) => e.descriptor)).toEqual(["a", "c"]);
    expect(significantCorrelations([mk("a", 0.3)], 0.3)).toEqual([]);
  });

  it("builds both tables (mean κ and variance)", () => {
    const t = correlationTables(rows, descriptorColumns(rows, descriptors));
    expect(t.mean[0].descriptor).toBe("volume");
    expect(t.variance.map((e) => e.descriptor).sort()).toEqual(["density", "volume"]);
  });

  it("lowestVariance keeps the most consistent predictions", () => {
    expect(lowestVariance(rows, 2).map((r) => r.id)).toEqual(["b", "e"]);
    expect(() => lowestVariance(rows, 0)).toThrow(DataError);
  });

  it("rankAgreement matches ids and compares ranks", () => {
    const ours = new Map([["a", 1], ["b", 2], ["c", 3], ["d", 4], ["x", 9]]);
    const ref = new Map([["a", 10], ["b", 30], ["c", 20], ["d", 40], ["y", 1]]);
    const a = rankAgreement(ours, ref);
    expect(a.n).toBe(4);
    expect(a.spearman.r).toBeCloseTo(0.8, 14);
    expect(() => rankAgreement(ours, new Map([["a", 1]]))).toThrow(DataError);
  });
});

describe("scan results", () => {
  const header = (runs: number[], extra: Record<string, string> = {}) => ({
    id: "mp-1",
    formula: "NaCl",
    nsites: "2",
    ...Object.fromEntries(runs.map((v, i) => [`kappa_run${i + 1}`, String(v)])),
    kappa_mean: "",
    kappa_std: "",
    kappa_variance: "",
    ...extra,
  });

  it("recomputes mean and sample variance (ddof = 1) from the run columns", () => {
    expect(ENSEMBLE_DDOF).toBe(1);
    const r = scanResultsFromRecords([{ line: 2, row: header([1, 2, 3, 4, 5, 6, 7, 8, 9]) }]);
    expect(r.runColumns).toHaveLength(9);
    expect(r.rows[0].kappaMean).toBe(5);
    expect(r.rows[0].kappaVariance).toBeCloseTo(7.5, 14);
    expect(r.rows[0].kappaStd).toBeCloseTo(Math.sqrt(7.5), 14);
    expect(r.rows[0].extra).toEqual({ nsites: 2 });
    expect(r.rows[0].formula).toBe("NaCl");
  });

  it("orders run columns numerically and notes a file variance with ddof = 0", () => {
    const row = { id: "x", kappa_run10: "10", kappa_run2: "2", kappa_run1: "1", kappa_variance: String(((1 - 13 / 3) ** 2 + (2 - 13 / 3) ** 2 + (10 - 13 / 3) ** 2) / 3) };
    const r = scanResultsFromRecords([{ line: 2, row }]);
    expect(r.runColumns).toEqual(["kappa_run1", "kappa_run2", "kappa_run10"]);
    expect(r.notes.join(" ")).toContain("population variance (ddof = 0)");
  });

  it("accepts per-model column names in header order", () => {
    const row = { id: "x", formula: "Si", kappa_Togo15: "2", kappa_HH143: "4", kappa_MIX: "9", kappa_mean: "5", kappa_cv: "0.1" };
    const r = scanResultsFromRecords([{ line: 2, row }]);
    expect(r.runColumns).toEqual(["kappa_Togo15", "kappa_HH143", "kappa_MIX"]);
    expect(r.rows[0].kappaMean).toBe(5);
    expect(r.rows[0].extra).toEqual({});
  });

  it("skips rows with empty κ and uses kappa_mean/kappa_variance when there are no runs", () => {
    const r = scanResultsFromRecords([
      { line: 2, row: header([1, 2, 3]) },
      { line: 3, row: { ...header([1, 2, 3]), id: "mp-2", kappa_run2: "" } },
      { line: 4, row: { ...header([1, 2, 3]), id: "" } },
    ]);
    expect(r.rows.map((x) => x.id)).toEqual(["mp-1"]);
    expect(r.skipped.map((s) => s.line)).toEqual([3, 4]);
    const noRuns = scanResultsFromRecords([{ line: 2, row: { id: "z", kappa_mean: "3.5", kappa_variance: "0.25" } }]);
    expect(noRuns.rows[0]).toMatchObject({ kappaMean: 3.5, kappaVariance: 0.25, kappaStd: 0.5 });
  });

  it("rejects files without ids or κ columns", () => {
    expect(() => scanResultsFromRecords([{ line: 2, row: { name: "a", kappa_mean: "1", kappa_variance: "1" } }])).toThrow(DataError);
    expect(() => scanResultsFromRecords([{ line: 2, row: { id: "a", kappa: "1" } }])).toThrow(DataError);
  });
});
