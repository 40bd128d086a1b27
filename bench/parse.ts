/**
 * CIF parsing speed. Run: npx tsx bench/parse.ts [--pymatgen]
 *  - AFLOW set: the 5578 pymatgen-written P1 CIFs of data/aflow_agl_icsd_5578.jsonl.gz (files/s, median of 5 runs)
 *  - one 10,000-atom P1 CIF (ms, median of 5 runs)
 *  - a symmetry-heavy file (garnet, Ia-3d, 160 sites from 4 rows)
 * With --pymatgen, also times /usr/bin/python3 pymatgen CifParser on the same AFLOW CIFs
 * (scripts/fixtures/cif_bench_pymatgen.py) for comparison.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { parseCif, parseCifStructure, writeCif } from "../src/io/index.js";
import { Lattice } from "../src/structure/lattice.js";
import { Structure } from "../src/structure/structure.js";
import { carriedDataset } from "./_files.js";

const root = resolve(import.meta.dirname, "..");

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => void, runs = 5): number {
  fn(); // warm-up
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return median(t);
}

const aflowPath = await carriedDataset("aflow-agl");
if (existsSync(aflowPath)) {
  const cifs = gunzipSync(readFileSync(aflowPath))
    .toString("utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l).cif as string);
  let failed = 0;
  const ms = time(() => {
    failed = 0;
    for (const c of cifs) if (!parseCif(c).blocks[0]?.ok) failed++;
  });
  console.log(`AFLOW ${cifs.length} CIFs: ${(cifs.length / (ms / 1000)).toFixed(0)} files/s (${ms.toFixed(0)} ms, ${failed} failed)`);
} else console.log(`AFLOW set not found at ${aflowPath}; skipped`);

// 10,000-atom P1 cell: a random-ish but well separated 22x22x21 grid, 10,164 sites
const n = [22, 22, 21];
const fracs: [number, number, number][] = [];
const elements: string[] = [];
for (let i = 0; i < n[0]; i++) {
  for (let j = 0; j < n[1]; j++) {
    for (let k = 0; k < n[2]; k++) {
      fracs.push([(i + 0.1 * Math.sin(i + j)) / n[0], (j + 0.1 * Math.cos(k)) / n[1], (k + 0.05) / n[2]]);
      elements.push((i + j + k) % 2 ? "Na" : "Cl");
    }
  }
}
const big = writeCif(Structure.fromSpecies(Lattice.fromParameters(62, 62, 59, 90, 90, 90), elements, fracs));
const bigMs = time(() => parseCifStructure(big));
console.log(`P1 CIF with ${fracs.length} atoms (${(big.length / 1e6).toFixed(1)} MB): ${bigMs.toFixed(0)} ms`);

const garnet = readFileSync(resolve(root, "test/fixtures/cif/pymatgen/garnet.cif"), "utf8");
const garnetMs = time(() => parseCifStructure(garnet), 20);
console.log(`garnet.cif (Ia-3d, 160 sites): ${garnetMs.toFixed(2)} ms`);

if (process.argv.includes("--pymatgen") && existsSync(aflowPath)) {
  const script = resolve(root, "scripts/fixtures/cif_bench_pymatgen.py");
  const r = spawnSync("/usr/bin/python3", [script, aflowPath], { encoding: "utf8" });
  console.log(r.stdout.trim() || r.stderr.trim());
}
