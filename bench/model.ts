/**
 * Inference throughput: megnet's formation-energy model (mp-2018.6.1, 4 Å) and a 9-model
 * ParAIsite ensemble on real AFLOW structures, batched, per backend. Graphs are built once
 * (not timed); timing covers batch packing (Gaussian expansion, index tensors) + forward.
 *
 *   npx tsx bench/model.ts [wasm|cpu] [structures]
 */
import { resolve } from "node:path";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs-core";
import { selectBackend } from "../src/backend/select.js";
import { batchGraphs } from "../src/graph/batch.js";
import type { CrystalGraph } from "../src/graph/types.js";
import type { MEGNetConfig } from "../src/models/config.js";
import { disposeInputs } from "../src/models/inputs.js";
import { MEGNet } from "../src/models/megnet.js";
import { ParAIsite } from "../src/models/paraisite.js";
import { loadKerasMEGNet } from "../src/weights/keras.js";
import { aflowGraphs } from "./train-step.js";

const weights = process.env.PARAISITE_WEIGHTS_DIR ?? resolve(import.meta.dirname, "../../shared/weights");

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Structures per second over `repeats` passes through all graphs in batches of `batchSize`. */
function throughput(predict: (graphs: CrystalGraph[]) => void, graphs: CrystalGraph[], batchSize: number, repeats: number): number {
  const rates: number[] = [];
  predict(graphs.slice(0, batchSize));
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    for (let i = 0; i < graphs.length; i += batchSize) predict(graphs.slice(i, i + batchSize));
    rates.push(graphs.length / ((performance.now() - t) / 1000));
  }
  return median(rates);
}

/** Worker: predict its share of the structures with its own wasm backend, report the time. */
async function workerMain(): Promise<void> {
  const { count, part, parts, batchSize } = workerData as { count: number; part: number; parts: number; batchSize: number };
  await selectBackend({ backend: "wasm" });
  const { graphs: all } = await aflowGraphs(count, 4);
  const graphs = all.filter((_, i) => i % parts === part);
  const { config, weights: w } = await loadKerasMEGNet(resolve(weights, "megnet/mp-2018.6.1/formation_energy.hdf5"));
  const megnet = MEGNet.fromWeights(config, w);
  megnet.predict(batchGraphs(graphs.slice(0, batchSize)));
  parentPort?.postMessage("ready");
  await new Promise<void>((done) => parentPort?.once("message", () => done()));
  const t = performance.now();
  for (let i = 0; i < graphs.length; i += batchSize) megnet.predict(batchGraphs(graphs.slice(i, i + batchSize)));
  parentPort?.postMessage(performance.now() - t);
}

/** Two worker threads, each with its own wasm backend, splitting the structures. */
async function twoWorkers(count: number, batchSize: number): Promise<number> {
  const parts = 2;
  const workers = Array.from(
    { length: parts },
    (_, part) =>
      // workers do not inherit tsx's loader: register it, then import this file
      new Worker(`import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); });`, {
        eval: true,
        workerData: { count, part, parts, batchSize },
      }),
  );
  await Promise.all(workers.map((wk) => new Promise((ok) => wk.once("message", ok))));
  const start = performance.now();
  const done = workers.map((wk) => new Promise((ok) => wk.once("message", ok)));
  for (const wk of workers) wk.postMessage("go");
  await Promise.all(done);
  const rate = count / ((performance.now() - start) / 1000);
  await Promise.all(workers.map((wk) => wk.terminate()));
  return rate;
}

async function main(): Promise<void> {
  const backend = (process.argv[2] ?? "wasm") as "wasm" | "cpu";
  const count = Number(process.argv[3] ?? (backend === "cpu" ? 64 : 512));
  const repeats = 3;
  const choice = await selectBackend({ backend });
  const { graphs } = await aflowGraphs(count, 4);
  const edges = graphs.reduce((n, g) => n + g.nEdges, 0);
  console.log(`backend ${choice.backend}; ${graphs.length} AFLOW structures at 4 Å, ${(edges / graphs.length).toFixed(0)} edges/structure`);

  const { config, weights: w } = await loadKerasMEGNet(resolve(weights, "megnet/mp-2018.6.1/formation_energy.hdf5"));
  const megnet = MEGNet.fromWeights(config, w);
  for (const batchSize of process.env.SKIP_MEGNET ? [] : [32, 128]) {
    const rate = throughput((gs) => megnet.predict(batchGraphs(gs)), graphs, batchSize, repeats);
    console.log(`MEGNet formation energy, batch ${String(batchSize).padStart(3)}: ${rate.toFixed(0)} structures/s (median of ${repeats})`);
  }

  console.log(`after MEGNet: live tensors ${tf.memory().numTensors}, wasm/cpu bytes ${(tf.memory().numBytes / 2 ** 20).toFixed(0)} MB`);
  const trunk: MEGNetConfig = config;
  const ensemble = Array.from({ length: 9 }, (_, seed) => new ParAIsite({ trunk, seed }));
  for (const batchSize of [128]) {
    const rate = throughput(
      (gs) => {
        const inputs = ensemble[0].prepare(batchGraphs(gs));
        for (const m of ensemble) m.predict(inputs);
        disposeInputs(inputs);
      },
      graphs,
      batchSize,
      repeats,
    );
    console.log(`ParAIsite 9-model ensemble (inputs packed once), batch ${batchSize}: ${rate.toFixed(0)} structures/s`);
  }
  if (backend === "wasm") {
    const rate = await twoWorkers(graphs.length, 128);
    console.log(`MEGNet formation energy, 2 worker threads (own wasm each), batch 128: ${rate.toFixed(0)} structures/s`);
  }
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; live tensors ${tf.memory().numTensors}`);
}

if (isMainThread) await main();
else await workerMain();
