/**
 * Data-layer speed and memory: JSONL streaming (gzip), CIF parsing through loadDataset, graph
 * building at 4 Å with the per-process and on-disk caches, splits, the per-row CSV writer, and peak memory
 * while streaming a large synthetic file (the MP scan file concatenated N times as gzip members).
 * Prints medians over several runs. The MP scan file is not in the repository: PARAISITE_DATA_DIR
 * must name the folder holding it (checked at the start, before the timings).
 *
 *   PARAISITE_DATA_DIR=/path/to/data npx tsx bench/data.ts [copies=20]
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  clearGraphCache,
  datasetGraphs,
  filterByGraphs,
  graphFilePath,
  loadDataset,
  openCsvWriter,
  randomSplits,
  readJsonLines,
  readStructureInputs,
} from "../src/data/index.js";
import { carriedDataset, outsideDataFile } from "./_files.js";

const scanPath = outsideDataFile("bench/data.ts", "mp_structures_paraisite_scan.jsonl.gz");
const copies = Number(process.argv[2] ?? 20);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function timed<T>(runs: number, f: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const times: number[] = [];
  let value: T | undefined;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    value = await f();
    times.push(performance.now() - t);
  }
  return { ms: median(times), value: value as T };
}

const fmt = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(2));

const aflowPath = await carriedDataset("aflow-agl");
const stream = await timed(5, async () => {
  let n = 0;
  for await (const _ of readJsonLines(aflowPath)) n++;
  return n;
});
console.log(`readJsonLines aflow (gz, ${stream.value} records): ${fmt(stream.ms)} ms, ${((stream.value / stream.ms) * 1000).toFixed(0)} records/s`);

const togo = await timed(5, () => loadDataset("togo15"));
console.log(`loadDataset togo15 (95 CIFs): ${fmt(togo.ms)} ms`);

const aflow = await timed(3, () => loadDataset("aflow-agl"));
console.log(`loadDataset aflow-agl paper (5578 records, 3286 parsed): ${fmt(aflow.ms)} ms`);

// What loadDataset(…, { cutoff: 4 }) does after parsing: build every graph, skip edgeless ones.
const filtered = await timed(3, () => {
  clearGraphCache();
  return filterByGraphs(aflow.value, 4);
});
const graphList = datasetGraphs(filtered.value, 4);
const edges = graphList.reduce((a, g) => a + g.nEdges, 0);
console.log(
  `graphs of aflow paper at 4 Å (${graphList.length} graphs, ${edges} edges, ${filtered.value.skipped.length} skipped): ${fmt(filtered.ms)} ms`,
);
const cached = await timed(5, () => datasetGraphs(filtered.value, 4));
console.log(`datasetGraphs again (cache hit): ${fmt(cached.ms)} ms`);

const diskDir = mkdtempSync(join(tmpdir(), "paraisite-bench-graphs-"));
try {
  clearGraphCache();
  const write = await timed(1, () => filterByGraphs(aflow.value, 4, { cacheDir: diskDir }));
  const file = graphFilePath(aflow.value, 4, diskDir);
  const read = await timed(5, () => {
    clearGraphCache();
    return filterByGraphs(aflow.value, 4, { cacheDir: diskDir });
  });
  console.log(
    `on-disk graph cache, aflow paper at 4 Å: build + write ${fmt(write.ms)} ms, read ${fmt(read.ms)} ms, ${(statSync(file).size / 2 ** 20).toFixed(1)} MiB`,
  );
} finally {
  rmSync(diskDir, { recursive: true, force: true });
}

const splits = await timed(5, () => randomSplits(5578));
console.log(`randomSplits(5578), 9 runs: ${fmt(splits.ms)} ms`);

const dir = mkdtempSync(join(tmpdir(), "paraisite-bench-data-"));
try {
  const rows = 20000;
  const csv = await timed(3, () => {
    const w = openCsvWriter(join(dir, "out.csv"), ["id", "kappa_mean", "kappa_std", "note"], { append: false });
    for (let i = 0; i < rows; i++) w.writeRow([`mp-${i}`, i * 0.125, 1 / (i + 1), "a,b"]);
    w.close();
  });
  console.log(`CSV writer, one write per row: ${((rows / csv.ms) * 1000).toFixed(0)} rows/s`);

  // Large input: N gzip members of the scan file back to back (a valid gzip stream).
  const big = join(dir, "big.jsonl.gz");
  const member = readFileSync(scanPath);
  writeFileSync(big, Buffer.concat(Array.from({ length: copies }, () => member)));
  global.gc?.();
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  let count = 0;
  let failed = 0;
  const t = performance.now();
  for await (const input of readStructureInputs(big)) {
    if (input.error) failed++;
    if (++count % 500 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  const ms = performance.now() - t;
  console.log(
    `readStructureInputs on ${count} records (${copies} × scan file, ${(member.length * copies / 2 ** 20).toFixed(1)} MiB gz): ${fmt(ms)} ms, ${((count / ms) * 1000).toFixed(0)} structures/s, ${failed} errors, peak RSS +${((peak - rss0) / 2 ** 20).toFixed(0)} MiB`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
