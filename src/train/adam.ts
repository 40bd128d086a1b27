/**
 * Adam, written out so that it is deterministic, bit-for-bit resumable and follows
 * `torch.optim.Adam` (single-tensor path, amsgrad off) step for step:
 *
 *   g ← g + λ·p                          (weight decay, L2 form; λ = 0 by default)
 *   m ← m + (1 − β1)·(g − m)             (torch's `lerp_`)
 *   v ← β2·v + (1 − β2)·g²
 *   p ← p − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
 *
 * with one step counter per variable (torch skips a parameter that got no gradient).
 */
import * as tf from "@tensorflow/tfjs-core";
import { TrainingError } from "../core/errors.js";

export interface AdamOptions {
  readonly learningRate: number;
  /** torch defaults: 0.9, 0.999, 1e-8 (matgl passes eps=1e-8 explicitly), weight decay 0. */
  readonly beta1?: number;
  readonly beta2?: number;
  readonly eps?: number;
  readonly weightDecay?: number;
}

/** Serializable optimizer state: per-variable step counts and moments (float32, in variable order). */
export interface AdamState {
  readonly learningRate: number;
  readonly steps: readonly number[];
  readonly shapes: readonly (readonly number[])[];
  readonly m: readonly Float32Array[];
  readonly v: readonly Float32Array[];
}

export class Adam {
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
      throw new TrainingError(`Adam: got ${grads.length} gradients for ${this.variables.length} variables`);
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

  getState(): AdamState {
    return {
      learningRate: this.learningRate,
      steps: [...this.steps],
      shapes: this.variables.map((p) => [...p.shape]),
      m: this.m.map((t) => Float32Array.from(t.dataSync() as Float32Array)),
      v: this.v.map((t) => Float32Array.from(t.dataSync() as Float32Array)),
    };
  }

  setState(state: AdamState): void {
    if (state.steps.length !== this.variables.length) {
      throw new TrainingError(`Adam state has ${state.steps.length} variables, the model ${this.variables.length}`);
    }
    for (let i = 0; i < this.variables.length; i++) {
      const shape = this.variables[i].shape;
      if (state.shapes[i].join(",") !== shape.join(",")) {
        throw new TrainingError(`Adam state variable ${i} has shape [${state.shapes[i]}], the model [${shape}]`);
      }
    }
    tf.tidy(() => {
      for (let i = 0; i < this.variables.length; i++) {
        const shape = this.variables[i].shape;
        this.m[i].assign(tf.tensor(state.m[i], shape, "float32"));
        this.v[i].assign(tf.tensor(state.v[i], shape, "float32"));
        this.steps[i] = state.steps[i];
      }
    });
    this.learningRate = state.learningRate;
  }

  dispose(): void {
    for (const t of [...this.m, ...this.v]) t.dispose();
  }
}
