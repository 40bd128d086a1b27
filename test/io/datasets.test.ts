/**
 * Every CIF of the datasets the repository carries (pymatgen-written P1 files) parses to the
 * record's formula (pymatgen reduced formula) and site count; the benchmark-only files outside the
 * repository are checked on their committed subsets here and in full by bench/outside-data.ts.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseCif } from "../../src/io/index.js";
import { dataFile, subsetFile } from "../helpers/paths.js";

/** [path, records expected] */
const FILES: readonly (readonly [string, number])[] = [
  [dataFile("togo15_paraisite_dataset1.jsonl"), 95],
  [dataFile("paraisite_dataset2_hh143.jsonl"), 143],
  [dataFile("phonondb_pbe103_kappa.jsonl"), 103],
  [dataFile("aflow_agl_icsd_5578.jsonl.gz"), 5578],
  [subsetFile("mp_structures_paraisite_scan.first160.jsonl.gz"), 160],
  [subsetFile("mp_binaries_3953_matcalc.first100.jsonl.gz"), 100],
  [subsetFile("wbm972_eform_mp2020.subset27.jsonl.gz"), 27],
];

function records(path: string): { id: string; formula: string; nsites: number; cif: string }[] {
  const raw = readFileSync(path);
  const text = path.endsWith(".gz") ? gunzipSync(raw).toString("utf8") : raw.toString("utf8");
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l));
}

describe("dataset CIFs", () => {
  for (const [path, expected] of FILES) {
    it(`${path.split("/").at(-1)}: formula and site count match the records`, () => {
      const mismatches: string[] = [];
      const recs = records(path);
      for (const r of recs) {
        const result = parseCif(r.cif, { file: r.id });
        const b = result.blocks[0];
        if (result.error || !b || !b.ok) {
          mismatches.push(`${r.id}: ${result.error?.message ?? (b && !b.ok ? b.error.message : "no block")}`);
          continue;
        }
        if (b.structure.reducedFormula !== r.formula || b.structure.nSites !== r.nsites) {
          mismatches.push(`${r.id}: ${b.structure.reducedFormula}/${b.structure.nSites} vs ${r.formula}/${r.nsites}`);
        }
      }
      expect(recs.length).toBe(expected);
      expect(mismatches).toEqual([]);
    });
  }
});
