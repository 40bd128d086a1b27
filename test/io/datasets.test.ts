/**
 * Every CIF of the shared datasets (pymatgen-written P1 files) parses to the record's formula
 * (pymatgen reduced formula) and site count. Skipped when ../shared/data is absent.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseCif } from "../../src/io/index.js";
import { dataDir } from "../helpers/paths.js";

const FILES = [
  "togo15_paraisite_dataset1.jsonl",
  "paraisite_dataset2_hh143.jsonl",
  "phonondb_pbe103_kappa.jsonl",
  "aflow_agl_icsd_5578.jsonl.gz",
  "mp_structures_paraisite_scan.jsonl.gz",
  "mp_binaries_3953_matcalc.jsonl.gz",
  "wbm972_eform_mp2020.jsonl.gz",
];

function records(name: string): { id: string; formula: string; nsites: number; cif: string }[] {
  const raw = readFileSync(resolve(dataDir(), name));
  const text = name.endsWith(".gz") ? gunzipSync(raw).toString("utf8") : raw.toString("utf8");
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l));
}

describe.skipIf(!existsSync(resolve(dataDir(), FILES[3])))("shared dataset CIFs", () => {
  for (const name of FILES) {
    it(`${name}: formula and site count match the records`, () => {
      const mismatches: string[] = [];
      const recs = records(name);
      for (const r of recs) {
        if (typeof r.cif !== "string") continue;
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
      expect(recs.length).toBeGreaterThan(90);
      expect(mismatches).toEqual([]);
    });
  }
});
