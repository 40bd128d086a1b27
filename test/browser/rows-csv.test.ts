/** CSV of prediction rows: the CLI's columns plus sites and warnings, full-precision numbers, RFC 4180 quoting. */
import { describe, expect, it } from "vitest";
import type { KappaRow } from "../../src/browser/predict-files.js";
import { kappaRowsCsv } from "../../src/browser/rows-csv.js";
import { detectStructureFormat } from "../../src/io/structure-text.js";

const ok: KappaRow = {
  file: "a, b.cif",
  block: "x",
  formula: "NaCl",
  sites: 8,
  kappa: { values: Float64Array.of(1.5, 2.25), mean: 1.875, std: 0.5303300858899106, variance: 0.28125 },
  warnings: ["line 3: one", 'line 4: "two"'],
  error: null,
};
const failed: KappaRow = { file: "bad.cif", block: null, formula: null, sites: null, kappa: null, warnings: [], error: { kind: "CifError", message: "bad.cif:1: no data block" } };

describe("kappaRowsCsv", () => {
  it("writes one column per model and quotes what needs it", () => {
    expect(kappaRowsCsv([ok, failed])).toBe(
      [
        "file,block,formula,sites,kappa_mean,kappa_std,kappa_run1,kappa_run2,warnings,error",
        '"a, b.cif",x,NaCl,8,1.875,0.5303300858899106,1.5,2.25,"line 3: one; line 4: ""two""",',
        "bad.cif,,,,,,,,,bad.cif:1: no data block",
        "",
      ].join("\n"),
    );
    expect(kappaRowsCsv([failed])).toBe("file,block,formula,sites,kappa_mean,kappa_std,warnings,error\nbad.cif,,,,,,,bad.cif:1: no data block\n");
  });
});

describe("detectStructureFormat without node:path", () => {
  it("reads the last component of / and \\ paths", () => {
    expect(detectStructureFormat("C:\\data\\POSCAR_1", "")).toBe("poscar");
    expect(detectStructureFormat("runs/x.cif/CONTCAR", "")).toBe("poscar");
    expect(detectStructureFormat("dir.vasp/file", "data_a\n")).toBe("cif");
  });
});
