/**
 * The checks of the benchmark-only datasets that stay outside the repository (MP scan, MP
 * binaries, WBM-972), on the whole files: registry size and sha256, record counts, every CIF
 * parsed to its record's formula and site count, and the committed test subsets
 * (test/fixtures/data/subsets) taken from them unchanged. Prints timings; exits 1 on a mismatch.
 *
 *   PARAISITE_DATA_DIR=/path/to/data npx tsx bench/outside-data.ts
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { parseCif } from "../src/io/index.js";
import { knownFile } from "../src/registry/known-files.js";
import { sha256Cached } from "../src/registry/verify.js";
import { outsideDataFile } from "./_files.js";

interface Check {
  readonly id: string;
  readonly records: number;
  /** Committed subset: its file name and which lines (1-based) of the full file it holds. */
  readonly subset: string;
  readonly subsetLines: readonly number[];
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const CHECKS: readonly Check[] = [
  { id: "mp-scan", records: 2228, subset: "mp_structures_paraisite_scan.first160.jsonl.gz", subsetLines: range(1, 160) },
  { id: "mp-binaries", records: 3953, subset: "mp_binaries_3953_matcalc.first100.jsonl.gz", subsetLines: range(1, 100) },
  { id: "wbm972", records: 972, subset: "wbm972_eform_mp2020.subset27.jsonl.gz", subsetLines: [...range(1, 24), 266, 313, 369] },
];
const subsets = resolve(import.meta.dirname, "../test/fixtures/data/subsets");
const lines = (path: string): string[] => gunzipSync(readFileSync(path)).toString("utf8").split("\n").filter((l) => l !== "");

let problems = 0;
const fail = (message: string): void => {
  problems++;
  console.log(`  MISMATCH ${message}`);
};

for (const check of CHECKS) {
  const entry = knownFile(check.id)!;
  const path = outsideDataFile("bench/outside-data.ts", entry.file);
  const t = performance.now();
  console.log(`${entry.file}:`);
  const size = readFileSync(path).length;
  const sha256 = await sha256Cached(path);
  if (size !== entry.size || sha256 !== entry.sha256) fail(`size ${size} / sha256 ${sha256}, registry ${entry.size} / ${entry.sha256}`);
  const all = lines(path);
  if (all.length !== check.records) fail(`${all.length} records, expected ${check.records}`);
  let bad = 0;
  for (const line of all) {
    const r = JSON.parse(line) as { id: string; formula: string; nsites: number; cif: string };
    const block = parseCif(r.cif, { file: r.id }).blocks[0];
    if (!block?.ok || block.structure.reducedFormula !== r.formula || block.structure.nSites !== r.nsites) {
      bad++;
      if (bad <= 5) fail(`${r.id}: CIF does not give ${r.formula} with ${r.nsites} sites`);
    }
  }
  const subset = lines(join(subsets, check.subset));
  const expected = check.subsetLines.map((n) => all[n - 1]);
  if (JSON.stringify(subset) !== JSON.stringify(expected)) fail(`${check.subset} is not lines ${check.subsetLines.join(",")} of the full file`);
  if (check.id === "mp-scan") {
    const ids = readFileSync(join(subsets, "mp_structures_paraisite_scan.ids.txt"), "utf8").split("\n").filter((l) => l !== "");
    const fileIds = all.map((l) => (JSON.parse(l) as { id: string }).id);
    if (JSON.stringify(ids) !== JSON.stringify(fileIds)) fail("mp_structures_paraisite_scan.ids.txt differs from the file's ids");
  }
  console.log(`  ${all.length} records, ${bad} CIF mismatches, ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
console.log(problems === 0 ? "outside data: all checks passed" : `outside data: ${problems} mismatches`);
process.exitCode = problems === 0 ? 0 : 1;
