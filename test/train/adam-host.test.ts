/**
 * The trainer's Adam (host loop on cpu, wasm SIMD kernel on wasm) against the same torch update
 * written as float32 tfjs kernels (the former implementation): identical bits on cpu and wasm,
 * over many values of mixed magnitude, several steps, weight decay, a skipped variable, a
 * save/restore in the middle, and (on wasm) switching between the kernel and the host loop.
 */
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { selectBackend } from "../../src/backend/select.js";
import { setWasmKernelsEnabled } from "../../src/backend/wasm-kernels/kernels.js";
import { createRng } from "../../src/core/prng.js";
import { Adam } from "../../src/train/adam.js";
import { reference } from "./reference.js";

/** torch.optim.Adam's update as tfjs float32 kernels (one variable). */
function kernelStep(p: tf.Variable, m: tf.Variable, v: tf.Variable, raw: tf.Tensor, step: number, lr: number, weightDecay: number): void {
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  tf.tidy(() => {
    const g = weightDecay !== 0 ? tf.add(raw, tf.mul(p, weightDecay)) : raw;
    const stepSize = lr / (1 - b1 ** step);
    const bc2 = Math.sqrt(1 - b2 ** step);
    const mNew = tf.add(m, tf.mul(tf.sub(g, m), 1 - b1));
    const vNew = tf.add(tf.mul(v, b2), tf.mul(tf.mul(g, g), 1 - b2));
    const denom = tf.add(tf.div(tf.sqrt(vNew), bc2), eps);
    m.assign(mNew);
    v.assign(vNew);
    p.assign(tf.sub(p, tf.mul(tf.div(mNew, denom), stepSize)));
  });
}

function values(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  // magnitudes from 1e-6 to 1e2, both signs, and a few exact zeros
  return Float32Array.from({ length: n }, (_, k) => (k % 97 === 0 ? 0 : (rng.next() * 2 - 1) * 10 ** (rng.next() * 8 - 6)));
}

describe.each(["cpu", "wasm"] as const)("host Adam on %s", (backend) => {
  it.each([0, 0.01])("matches the float32 kernel update bit for bit (weight decay %s)", async (weightDecay) => {
    await selectBackend({ backend });
    const n = 3000;
    const p = tf.variable(tf.tensor2d(values(n, 1), [60, 50]));
    const q = tf.variable(tf.tensor1d(values(7, 2)));
    const pRef = tf.variable(p.clone());
    const mRef = tf.variable(tf.zerosLike(p));
    const vRef = tf.variable(tf.zerosLike(p));
    let adam = new Adam([p, q], { learningRate: 1e-3, weightDecay });
    for (let step = 1; step <= 6; step++) {
      if (step === 4) {
        // resume from saved state: the trajectory must not notice
        const state = adam.getState();
        adam.dispose();
        adam = new Adam([p, q], { learningRate: 5, weightDecay });
        adam.setState(state);
      }
      // on wasm: kernel, kernel, host loop, kernel… (the moments move between heap and host)
      if (backend === "wasm") setWasmKernelsEnabled(step !== 3 && step !== 5);
      const lr = 1e-3 * (1 - step / 10);
      adam.learningRate = lr;
      const g = tf.tensor2d(values(n, 10 + step), [60, 50]);
      adam.apply([g, undefined]);
      kernelStep(pRef, mRef, vRef, g, step, lr, weightDecay);
      g.dispose();
      expect(p.dataSync()).toEqual(pRef.dataSync());
    }
    const state = adam.getState();
    expect(state.steps).toEqual([6, 0]);
    expect(state.m[0]).toEqual(mRef.dataSync());
    expect(state.v[0]).toEqual(vRef.dataSync());
    expect(state.m[1]).toEqual(new Float32Array(7));
    adam.dispose();
    setWasmKernelsEnabled(true);
    tf.dispose([p, q, pRef, mRef, vRef]);
  });

  it("reproduces the numpy float32 trajectory of torch's update bit for bit", async () => {
    await selectBackend({ backend });
    const { lr, c, p0, trajectory } = reference.adam;
    const p = tf.variable(tf.tensor1d(p0));
    const target = tf.tensor1d(c);
    const adam = new Adam([p], { learningRate: lr });
    for (const expected of trajectory) {
      const g = tf.tidy(() => tf.mul(tf.sub(p, target), 2));
      adam.apply([g]);
      g.dispose();
      expect(Array.from(p.dataSync())).toEqual(Array.from(Float32Array.from(expected)));
    }
    expect(adam.getState().steps).toEqual([5]);
    adam.dispose();
    tf.dispose([p, target]);
  });

  it("leaves no tensor behind", async () => {
    await selectBackend({ backend });
    const p = tf.variable(tf.tensor1d([1, 2, 3]));
    const adam = new Adam([p], { learningRate: 0.1 });
    const g = tf.tensor1d([0.1, -0.2, 0.3]);
    adam.apply([g]); // may move the moments to the wasm heap (2 tensors)
    const before = tf.memory().numTensors;
    adam.apply([g]);
    adam.apply([g]);
    expect(tf.memory().numTensors).toBe(before);
    adam.dispose();
    expect(tf.memory().numTensors).toBe(before - (backend === "wasm" ? 2 : 0));
    expect(() => adam.apply([tf.tensor1d([1])])).toThrow(/gradient 0/);
    tf.dispose([p, g]);
  });
});
