/** HostAdam follows tf.train.adam's update and is resumable from its state. */
import * as tf from "@tensorflow/tfjs-core";
import { beforeAll, describe, expect, it } from "vitest";
import { HostAdam } from "../../src/nn/adam.js";
import { maxAbsDiff, useBackend } from "../models/helpers.js";

describe("HostAdam", () => {
  beforeAll(() => useBackend("wasm"));

  it("matches tf.train.adam over several steps and resumes from getState", () => {
    const init = [tf.tensor2d([[0.5, -1], [2, 0.1]]), tf.tensor1d([0.3, -0.2])];
    const loss = (vs: tf.Variable[]) => () =>
      tf.add(tf.sum(tf.square(tf.sub(vs[0], 1))), tf.sum(tf.mul(tf.tanh(vs[1]), 3))) as tf.Scalar;
    const a = init.map((t) => tf.variable(t.clone()));
    const b = init.map((t) => tf.variable(t.clone()));
    const c = init.map((t) => tf.variable(t.clone()));
    const reference = tf.train.adam(0.05);
    const ours = new HostAdam(b, { learningRate: 0.05 });
    let resumed: HostAdam | undefined;
    for (let step = 0; step < 5; step++) {
      reference.minimize(loss(a), false, a);
      const { value, grads } = tf.variableGrads(loss(b), b);
      ours.applyGradients(grads);
      tf.dispose([value, ...Object.values(grads)]);
      if (step === 2) {
        for (const [i, v] of c.entries()) v.assign(b[i]);
        resumed = new HostAdam(c, { learningRate: 0.05 });
        resumed.setState(ours.getState());
      } else if (resumed !== undefined) {
        const r = tf.variableGrads(loss(c), c);
        resumed.applyGradients(r.grads);
        tf.dispose([r.value, ...Object.values(r.grads)]);
      }
    }
    expect(ours.step).toBe(5);
    for (const [i, v] of a.entries()) {
      // float64 host arithmetic vs tfjs float32 ops: agree to ~1e-6 after 5 steps of lr 0.05
      expect(maxAbsDiff(v.dataSync(), b[i].dataSync())).toBeLessThan(1e-5);
      expect(Array.from(c[i].dataSync())).toEqual(Array.from(b[i].dataSync()));
    }
    expect(maxAbsDiff(a[0].dataSync(), init[0].dataSync())).toBeGreaterThan(0.1);
  });
});
