/**
 * Training-step speed of ParAIsite (MEGNet trunk + 16→450→350→350→1 head) at batch 8 on real
 * AFLOW structures (4 Å graphs, the first labelled records of aflow_agl_icsd_5578), with a
 * MAPE-on-κ loss and the trainer's Adam, as the trainer does (and, for comparison, the former
 * tfjs-kernel Adam in the same process). Prints medians over steps, per backend.
 *
 *   npx tsx bench/train-step.ts [wasm|cpu] [steps]
 */
import { createGunzip } from "node:zlib";
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import * as tf from "@tensorflow/tfjs-core";
import { selectBackend } from "../src/backend/select.js";
import { setWasmKernelsEnabled, wasmKernelsActive } from "../src/backend/wasm-kernels/kernels.js";
import { Compose, Log10Plus1, Standardize } from "../src/core/target-transform.js";
import { batchGraphs } from "../src/graph/batch.js";
import { buildCrystalGraph } from "../src/graph/build.js";
import type { CrystalGraph } from "../src/graph/types.js";
import { parseCifStructure } from "../src/io/cif/parse.js";
import { megnetDefaultConfig } from "../src/models/config.js";
import { disposeInputs, type MEGNetInputs } from "../src/models/inputs.js";
import { ParAIsite } from "../src/models/paraisite.js";
import { Adam } from "../src/train/adam.js";
import { carriedDataset } from "./_files.js";
import { KernelAdam } from "./_kernel-adam.js";

/** The first `count` labelled AFLOW structures, taking every `stride`-th one (to spread over the set). */
export async function aflowGraphs(count: number, cutoff = 4, stride = 1): Promise<{ graphs: CrystalGraph[]; kappa: number[] }> {
  const lines = createInterface({ input: createReadStream(await carriedDataset("aflow-agl")).pipe(createGunzip()) });
  const graphs: CrystalGraph[] = [];
  const kappa: number[] = [];
  let seen = 0;
  for await (const line of lines) {
    const rec = JSON.parse(line) as { cif: string; ltc_w_mk: number | null };
    if (rec.ltc_w_mk === null) continue;
    if (seen++ % stride !== 0) continue;
    try {
      graphs.push(buildCrystalGraph(parseCifStructure(rec.cif), { cutoff, isolatedAtoms: "ignore" }));
      kappa.push(rec.ltc_w_mk);
    } catch {
      continue;
    }
    if (graphs.length >= count) break;
  }
  lines.close();
  return { graphs, kappa };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const backend = (process.argv[2] ?? "wasm") as "wasm" | "cpu";
  const steps = Number(process.argv[3] ?? (backend === "cpu" ? 4 : 30));
  const batchSize = 8;
  const choice = await selectBackend({ backend });
  // every 27th labelled record: 96 structures spread over the whole set
  const { graphs, kappa } = await aflowGraphs(batchSize * 12, 4, 27);
  const transform = new Compose([Log10Plus1, Standardize.fit(kappa.map((k) => Math.log10(k + 1)))]);
  const config = megnetDefaultConfig({ cutoff: 4, centers: Array.from({ length: 100 }, (_, k) => (5 * k) / 99), width: 0.5 }, 3);
  const model = new ParAIsite({ trunk: config, seed: 1, targetTransform: transform });
  const batches: { inputs: MEGNetInputs; target: tf.Tensor2D }[] = [];
  let edges = 0;
  for (let i = 0; i + batchSize <= graphs.length; i += batchSize) {
    const inputs = model.prepare(batchGraphs(graphs.slice(i, i + batchSize)));
    edges += inputs.nBonds;
    batches.push({ inputs, target: tf.tensor2d(kappa.slice(i, i + batchSize), [batchSize, 1]) });
  }
  const vars = model.trainableVariables;
  const mean = (model.targetTransform as Compose).steps[1] as Standardize;
  // The trainer's Adam (host loop) and its former tfjs-kernel version, on twin weight copies.
  const hostAdam = new Adam(vars, { learningRate: 1e-3 });
  const kernelAdam = new KernelAdam(vars, { learningRate: 1e-3 });
  // As the trainer does: gradients of a MAPE-on-κ loss, then the optimizer, in one tidy.
  const step = (b: (typeof batches)[number], apply: (grads: (tf.Tensor | undefined)[]) => void): number =>
    tf.tidy(() => {
      const { value, grads: g } = tf.variableGrads(() => {
        // κ = 10^(z·std + mean) − 1; MAPE on κ
        const z = model.forward(b.inputs, { training: true });
        const k = tf.sub(tf.pow(10, tf.add(tf.mul(z, mean.std), mean.mean)), 1);
        return tf.mean(tf.abs(tf.div(tf.sub(k, b.target), b.target))) as tf.Scalar;
      }, vars);
      const loss = value.dataSync()[0];
      apply(vars.map((p) => g[p.name]));
      return loss;
    });
  const hostApply: number[] = [];
  const kernelApply: number[] = [];
  const timed = (apply: (g: (tf.Tensor | undefined)[]) => void, into: number[]) => (g: (tf.Tensor | undefined)[]) => {
    const t = performance.now();
    apply(g);
    into.push(performance.now() - t);
  };
  const hostStep = (b: (typeof batches)[number]): number => step(b, timed((g) => hostAdam.apply(g), hostApply));
  const kernelStep = (b: (typeof batches)[number]): number => step(b, timed((g) => kernelAdam.apply(g), kernelApply));
  const grads = (b: (typeof batches)[number]): void => {
    const { value, grads: g } = tf.variableGrads(() => tf.mean(model.forward(b.inputs, { training: true })) as tf.Scalar, vars);
    value.dataSync();
    tf.dispose([value, ...Object.values(g)]);
  };
  const measure = (label: string): void => {
    hostStep(batches[0]);
    kernelStep(batches[0]);
    hostApply.length = 0;
    kernelApply.length = 0;
    const times: number[] = [];
    const gradTimes: number[] = [];
    const fwdTimes: number[] = [];
    const hostTimes: number[] = [];
    for (let s = 0; s < steps; s++) {
      const b = batches[s % batches.length];
      let t = performance.now();
      tf.tidy(() => model.forward(b.inputs).dataSync());
      fwdTimes.push(performance.now() - t);
      t = performance.now();
      grads(b);
      gradTimes.push(performance.now() - t);
      t = performance.now();
      kernelStep(b);
      times.push(performance.now() - t);
      t = performance.now();
      hostStep(b);
      hostTimes.push(performance.now() - t);
    }
    const before = tf.memory().numTensors;
    hostStep(batches[0]);
    const leak = tf.memory().numTensors - before;
    console.log(`— ${label}`);
    console.log(`backend ${choice.backend}; batch ${batchSize}; mean edges/batch ${(edges / batches.length).toFixed(0)}; params ${model.parameterCount()}`);
    console.log(`forward           median ${median(fwdTimes).toFixed(1)} ms`);
    console.log(`forward+backward  median ${median(gradTimes).toFixed(1)} ms`);
    const epoch = (ms: number): string => `${((ms * 329) / 1000).toFixed(1)} s per 329-step epoch`;
    console.log(`step, Adam as tfjs kernels (before) median ${median(times).toFixed(1)} ms  (→ ${epoch(median(times))})`);
    console.log(`step, trainer Adam                  median ${median(hostTimes).toFixed(1)} ms  (→ ${epoch(median(hostTimes))})`);
    const where = wasmKernelsActive() ? "wasm kernel" : "host loop";
    console.log(`optimizer update alone: tfjs kernels ${median(kernelApply).toFixed(1)} ms, trainer Adam (${where}) ${median(hostApply).toFixed(1)} ms`);
    console.log(`tensors leaked per step: ${leak}; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  };
  // the custom wasm kernels off, then on (same process, same batches)
  if (choice.backend === "wasm") {
    setWasmKernelsEnabled(false);
    measure("tfjs kernels only");
    setWasmKernelsEnabled(true);
  }
  measure(choice.backend === "wasm" ? "with paraisite's wasm SIMD kernels" : "");
  kernelAdam.dispose();
  for (const b of batches) disposeInputs(b.inputs);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
