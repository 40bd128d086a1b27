/**
 * The trainer's Adam as it was before the host loop (torch semantics, ~10 tfjs kernels per
 * variable), kept for bench/train-step.ts to measure both in one process.
 */
import * as tf from "@tensorflow/tfjs-core";
import type { AdamOptions } from "../src/train/adam.js";

export class KernelAdam {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  /** Settable: the scheduler writes the learning rate here before each epoch. */
  learningRate: number;
  private readonly variables: readonly tf.Variable[];
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  private readonly steps: number[];

  constructor(variables: readonly tf.Variable[], options: AdamOptions) {
    this.variables = variables;
    this.learningRate = options.learningRate;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0;
    // tidy frees the zero tensors the variables are initialised from.
    this.m = variables.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
    this.v = variables.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
    this.steps = variables.map(() => 0);
  }

  /** One update. `grads[i]` belongs to `variables[i]`; `undefined` skips that variable (as torch). */
  apply(grads: readonly (tf.Tensor | undefined)[]): void {
    if (grads.length !== this.variables.length) {
      throw new Error(`Adam: got ${grads.length} gradients for ${this.variables.length} variables`);
    }
    tf.tidy(() => {
      for (let i = 0; i < this.variables.length; i++) {
        const raw = grads[i];
        if (raw === undefined) continue;
        const p = this.variables[i];
        const g = this.weightDecay !== 0 ? tf.add(raw, tf.mul(p, this.weightDecay)) : raw;
        const step = ++this.steps[i];
        // Scalars in float64, as torch computes them in Python before the float32 kernels.
        const stepSize = this.learningRate / (1 - this.beta1 ** step);
        const biasCorrection2Sqrt = Math.sqrt(1 - this.beta2 ** step);
        const m = tf.add(this.m[i], tf.mul(tf.sub(g, this.m[i]), 1 - this.beta1));
        const v = tf.add(tf.mul(this.v[i], this.beta2), tf.mul(tf.mul(g, g), 1 - this.beta2));
        const denom = tf.add(tf.div(tf.sqrt(v), biasCorrection2Sqrt), this.eps);
        this.m[i].assign(m);
        this.v[i].assign(v);
        p.assign(tf.sub(p, tf.mul(tf.div(m, denom), stepSize)));
      }
    });
  }

  dispose(): void {
    for (const t of [...this.m, ...this.v]) t.dispose();
  }
}
