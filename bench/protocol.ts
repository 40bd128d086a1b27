/**
 * Wall time of the paper's full protocol on this machine, estimated from measured epochs: trains
 * FETG15 (Togo15) and FEAF (AFLOW, 2628 training structures) for a few real epochs each through
 * `runExperiment` (the exact training path, checkpoints included), takes the median epoch time,
 * and extrapolates to 6 models × 9 runs × 300 epochs (4 Togo15 models, 2 AFLOW models).
 *
 * Each model is measured on one thread and with `threads: 2` (data-parallel: a worker computes
 * half of every batch's gradient on the second core).
 *
 *   npx tsx bench/protocol.ts [epochs=8]   (8: the median is robust to the VM's noise and the first epoch's JIT warm-up)
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runExperiment } from "../src/experiment/index.js";
import { formatDuration } from "../src/train/progress.js";

const epochs = Number(process.argv[2] ?? 8);

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Median seconds per epoch (training + validation + checkpoints) of one run of `model`. */
async function epochSeconds(model: string, threads: number): Promise<number> {
  const outDir = mkdtempSync(join(tmpdir(), "paraisite-protocol-"));
  try {
    const started = performance.now();
    await runExperiment({ outDir, models: [model], runs: 1, epochs, progress: false, threads });
    const wall = (performance.now() - started) / 1000;
    const history = readFileSync(join(outDir, model, "run1", "history.csv"), "utf8").trim().split("\n").slice(1);
    const seconds = history.map((line) => Number(line.split(",").at(-1)));
    console.log(`${model}, ${threads} thread${threads > 1 ? "s" : ""}: ${epochs} epochs, ${seconds.map((s) => s.toFixed(2)).join(" / ")} s per epoch (whole run incl. data loading ${wall.toFixed(1)} s)`);
    return median(seconds);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

const togo = await epochSeconds("FETG15", 1);
const aflow = await epochSeconds("FEAF", 1);
const togo2 = await epochSeconds("FETG15", 2);
const aflow2 = await epochSeconds("FEAF", 2);
const runs = 9;
const perEpoch = 300;
const togoModels = 4 * runs * perEpoch * togo;
const aflowModels = 2 * runs * perEpoch * aflow;
console.log(`\nmedian epoch, one thread: Togo15 ${togo.toFixed(2)} s, AFLOW ${aflow.toFixed(2)} s`);
console.log(`median epoch, two threads (data-parallel): Togo15 ${togo2.toFixed(2)} s, AFLOW ${aflow2.toFixed(2)} s (target ≤ 8 s)`);
console.log(`full protocol (6 models × 9 runs × 300 epochs):`);
console.log(`  4 Togo15 models: ${formatDuration(togoModels)}; 2 AFLOW models: ${formatDuration(aflowModels)} (one thread each)`);
console.log(`  one process, one thread: ${formatDuration(togoModels + aflowModels)}`);
console.log(`  one process, two threads: ${formatDuration(4 * runs * perEpoch * togo2 + 2 * runs * perEpoch * aflow2)}`);
console.log(`  two processes (one core each, AFLOW models split): ${formatDuration(Math.max(aflowModels / 2 + togoModels / 2, aflowModels / 2))}`);
