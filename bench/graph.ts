/**
 * Crystal-graph building speed. Run: npx tsx bench/graph.ts [--no-pymatgen]
 *  - AFLOW set (5578 CIFs, data/aflow_agl_icsd_5578.jsonl.gz) at 4 Å: structures/s and edges/s (median of 5 runs,
 *    CIFs parsed beforehand), then CIF parse + graph end to end (median of 3 runs)
 *  - rock-salt NaCl supercells of 1,000 / 10,648 / 97,336 atoms: atoms/s (median of 5/5/3 runs)
 *  - peak RSS of this process, and of a fresh process that only builds the 100k-atom graph
 * When /usr/bin/python3 has pymatgen, the same work with `Structure.get_all_neighbors`
 * (scripts/fixtures/graph_bench_pymatgen.py) is timed in the same run and printed as a ratio.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { buildCrystalGraph } from "../src/graph/index.js";
import { parseCifStructure } from "../src/io/index.js";
import { Lattice } from "../src/structure/lattice.js";
import { Structure } from "../src/structure/structure.js";
import { carriedDataset } from "./_files.js";

const CUTOFF = 4;
const SUPERCELLS = [5, 11, 23];
const root = resolve(import.meta.dirname, "..");
const aflowPath = await carriedDataset("aflow-agl");

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median wall time in seconds of `runs` calls after one warm-up call. */
function time(fn: () => void, runs: number): number {
  fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    t.push((performance.now() - t0) / 1000);
  }
  return median(t);
}

const fmt = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toPrecision(3));
const ratio = (ours: number, theirs: number | undefined): string =>
  theirs === undefined ? "" : `   pymatgen ${fmt(theirs)}  → ratio ${(ours / theirs).toFixed(1)}×`;

interface PymatgenResult {
  aflow: {
    structures: number;
    edges: number;
    graphSeconds: number;
    neighborListSeconds: number;
    parseGraphSeconds: number;
  };
  supercells: { atoms: number; edges: number; seconds: number }[];
}

function runPymatgen(): PymatgenResult | undefined {
  if (process.argv.includes("--no-pymatgen") || !existsSync(aflowPath)) return undefined;
  const probe = spawnSync("/usr/bin/python3", ["-c", "import pymatgen.core"], { encoding: "utf8" });
  if (probe.status !== 0) {
    console.log("pymatgen not available to /usr/bin/python3: no comparison");
    return undefined;
  }
  const script = resolve(root, "scripts/fixtures/graph_bench_pymatgen.py");
  const r = spawnSync("/usr/bin/python3", [script, aflowPath, String(CUTOFF), ...SUPERCELLS.map(String)], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) {
    console.log(`pymatgen comparison failed: ${r.stderr.trim().split("\n").slice(-1)[0]}`);
    return undefined;
  }
  return JSON.parse(r.stdout) as PymatgenResult;
}

function rockSalt(n: number): Structure {
  const cell = Structure.fromSpecies(
    Lattice.fromParameters(5.64, 5.64, 5.64, 90, 90, 90),
    ["Na", "Na", "Na", "Na", "Cl", "Cl", "Cl", "Cl"],
    [
      [0, 0, 0],
      [0.5, 0.5, 0],
      [0.5, 0, 0.5],
      [0, 0.5, 0.5],
      [0.5, 0, 0],
      [0, 0.5, 0],
      [0, 0, 0.5],
      [0.5, 0.5, 0.5],
    ],
  );
  return cell.supercell(n, n, n);
}

// child mode: build only the largest supercell and report this process's peak RSS
if (process.argv.includes("--rss-only")) {
  const s = rockSalt(SUPERCELLS[SUPERCELLS.length - 1]);
  const before = process.resourceUsage().maxRSS;
  const g = buildCrystalGraph(s, { cutoff: CUTOFF });
  const mib = (kb: number) => (kb / 1024).toFixed(0);
  console.log(
    `  alone: ${s.nSites} atoms, ${g.nEdges} edges, peak RSS ${mib(process.resourceUsage().maxRSS)} MiB (${mib(before)} MiB before the build)`,
  );
  process.exit(0);
}

const py = runPymatgen();
console.log(`cutoff ${CUTOFF} Å; figures are medians${py ? "; pymatgen = /usr/bin/python3 get_all_neighbors" : ""}`);

if (existsSync(aflowPath)) {
  const cifs = gunzipSync(readFileSync(aflowPath))
    .toString("utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line).cif as string);
  const structures = cifs.map((c) => parseCifStructure(c));
  let edges = 0;
  let empty = 0;
  const graphAll = (list: readonly Structure[]): void => {
    edges = 0;
    empty = 0;
    for (const s of list) {
      // the few AFLOW cells with no edge at 4 Å are built anyway, as pymatgen does
      const g = buildCrystalGraph(s, { cutoff: CUTOFF, isolatedAtoms: "ignore", allowEmpty: true });
      edges += g.nEdges;
      if (g.nEdges === 0) empty++;
    }
  };
  const seconds = time(() => graphAll(structures), 5);
  const n = structures.length;
  console.log(`AFLOW ${n} structures, ${edges} edges (${empty} graphs empty)${py ? `, pymatgen ${py.aflow.edges} edges` : ""}`);
  console.log(`  graph build: ${fmt(n / seconds)} structures/s${ratio(n / seconds, py && py.aflow.structures / py.aflow.graphSeconds)}`);
  if (py) {
    const listRate = py.aflow.structures / py.aflow.neighborListSeconds;
    console.log(`               vs get_neighbor_list (megnet's path): ${fmt(listRate)} structures/s → ratio ${(n / seconds / listRate).toFixed(1)}×`);
  }
  console.log(`               ${fmt(edges / seconds)} edges/s${ratio(edges / seconds, py && py.aflow.edges / py.aflow.graphSeconds)}`);
  const endToEnd = time(() => graphAll(cifs.map((c) => parseCifStructure(c))), 3);
  console.log(
    `  CIF parse + graph: ${fmt(n / endToEnd)} structures/s${ratio(n / endToEnd, py && py.aflow.structures / py.aflow.parseGraphSeconds)}`,
  );
} else console.log(`AFLOW set not found at ${aflowPath}; skipped`);

for (const [k, size] of SUPERCELLS.entries()) {
  const s = rockSalt(size);
  let nEdges = 0;
  const seconds = time(() => {
    nEdges = buildCrystalGraph(s, { cutoff: CUTOFF }).nEdges;
  }, size >= 20 ? 3 : 5);
  const theirs = py?.supercells[k];
  console.log(
    `NaCl ${size}³ supercell, ${s.nSites} atoms, ${nEdges} edges: ${fmt(s.nSites / seconds)} atoms/s (${fmt(seconds * 1000)} ms)` +
      ratio(s.nSites / seconds, theirs && theirs.atoms / theirs.seconds),
  );
}
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (whole benchmark process)`);
const alone = spawnSync(process.execPath, ["--import", "tsx", import.meta.filename, "--rss-only"], { encoding: "utf8" });
console.log(alone.status === 0 ? alone.stdout.trimEnd() : `  RSS child failed: ${alone.stderr.trim()}`);
