/**
 * Inference throughput: megnet's formation-energy model (mp-2018.6.1, 4 Å) and a 9-model
 * ParAIsite ensemble on real AFLOW structures, batched, per backend. Graphs are built once
 * (not timed); timing covers batch packing (Gaussian expansion, index tensors) + forward.
 *
 *   npx tsx bench/model.ts [wasm|cpu] [structures]      (WORKERS=n: worker threads of the pool lines, default 2)
 */
import * as tf from "@tensorflow/tfjs-core";
import { selectBackend } from "../src/backend/select.js";
import { setWasmFusedMultiplyAdd, setWasmKernelsEnabled, wasmKernelsFused } from "../src/backend/wasm-kernels/kernels.js";
import { batchGraphs } from "../src/graph/batch.js";
import type { CrystalGraph, GraphBatch } from "../src/graph/types.js";
import type { MEGNetConfig } from "../src/models/config.js";
import { disposeInputs } from "../src/models/inputs.js";
import { MEGNet } from "../src/models/megnet.js";
import { ParAIsite } from "../src/models/paraisite.js";
import { InferencePool } from "../src/models/worker-pool.js";
import { loadPretrainedMEGNet } from "../src/registry/pretrained.js";
import { aflowGraphs } from "./train-step.js";


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

/**
 * Structures per second through an inference pool (whole batches spread over its workers): after
 * two warm-up passes (the workers' JIT), each measurement repeats passes for at least a second, so
 * that the last batches' imbalance between workers does not dominate.
 */
async function poolThroughput(pool: InferencePool, graphs: CrystalGraph[], batchSize: number, repeats: number): Promise<number> {
  const batches: GraphBatch[] = [];
  for (let i = 0; i < graphs.length; i += batchSize) batches.push(batchGraphs(graphs.slice(i, i + batchSize)));
  for (let w = 0; w < 2; w++) await pool.predictBatches(batches);
  const rates: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t = performance.now();
    let done = 0;
    while (done === 0 || performance.now() - t < 1000) {
      await pool.predictBatches(batches);
      done += graphs.length;
    }
    rates.push(done / ((performance.now() - t) / 1000));
  }
  return median(rates);
}

async function main(): Promise<void> {
  const backend = (process.argv[2] ?? "wasm") as "wasm" | "cpu";
  const count = Number(process.argv[3] ?? (backend === "cpu" ? 64 : 512));
  const repeats = 3;
  const choice = await selectBackend({ backend });
  const { graphs } = await aflowGraphs(count, 4);
  const edges = graphs.reduce((n, g) => n + g.nEdges, 0);
  console.log(`backend ${choice.backend}; ${graphs.length} AFLOW structures at 4 Å, ${(edges / graphs.length).toFixed(0)} edges/structure`);

  const { config, weights: w } = await loadPretrainedMEGNet("megnet/mp-2018.6.1/formation_energy");
  const megnet = MEGNet.fromWeights(config, w);
  const trunk: MEGNetConfig = config;
  const ensemble = Array.from({ length: 9 }, (_, seed) => new ParAIsite({ trunk, seed }));
  // wasm: tfjs kernels only, paraisite's kernels (plain SIMD), then with fused multiply-add
  const variants = backend === "wasm" ? ["tfjs", "plain", "fused"] : ["tfjs"];
  for (const variant of variants) {
    setWasmKernelsEnabled(variant !== "tfjs");
    setWasmFusedMultiplyAdd(variant === "fused");
    const label =
      backend !== "wasm" ? "" : variant === "tfjs" ? " [tfjs kernels only]" : variant === "plain" ? " [paraisite wasm kernels, no FMA]" : " [paraisite wasm kernels + FMA]";
    for (const batchSize of process.env.SKIP_MEGNET ? [] : [32, 128]) {
      const rate = throughput((gs) => megnet.predict(batchGraphs(gs)), graphs, batchSize, repeats);
      console.log(`MEGNet formation energy, batch ${String(batchSize).padStart(3)}: ${rate.toFixed(0)} structures/s (median of ${repeats})${label}`);
    }

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
      console.log(`ParAIsite 9-model ensemble (inputs packed once), batch ${batchSize}: ${rate.toFixed(0)} structures/s${label}`);
    }
  }
  // the workers use the default kernels (fused when this Node can run relaxed SIMD)
  setWasmFusedMultiplyAdd(process.env.PARAISITE_WASM_FMA !== "0");
  const workers = Number(process.env.WORKERS ?? 2);
  const megnetPool = await InferencePool.start([megnet], { workers });
  const megnetRate = await poolThroughput(megnetPool, graphs, 128, repeats);
  await megnetPool.dispose();
  console.log(`MEGNet formation energy, ${workers} worker threads (InferencePool), batch 128: ${megnetRate.toFixed(0)} structures/s${choice.backend === "wasm" && wasmKernelsFused() ? " (FMA)" : ""} (target ≥ 2,000)`);
  const ensemblePool = await InferencePool.start(ensemble, { workers });
  const ensembleRate = await poolThroughput(ensemblePool, graphs, 128, repeats);
  await ensemblePool.dispose();
  console.log(`ParAIsite 9-model ensemble, ${workers} worker threads (InferencePool), batch 128: ${ensembleRate.toFixed(0)} structures/s${choice.backend === "wasm" && wasmKernelsFused() ? " (FMA)" : ""} (target ≥ 250)`);
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; live tensors ${tf.memory().numTensors}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
