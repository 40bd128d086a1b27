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
 *
 * The update runs in one host loop per variable with the moments kept as host Float32Arrays:
 * the same update as ~10 tfjs kernels per variable (~15 ms per ParAIsite step on wasm) costs
 * one read of the gradient and the weights and one upload of the new weights. Every operation
 * is rounded to float32 with `Math.fround`, in the order of torch's float32 kernels, so the bits
 * are those of torch (and of the former kernel version): for +, −, ×, ÷ and √, rounding the
 * exact float64 result to float32 is the correctly rounded float32 result (53 ≥ 2·24 + 2).
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

const f32 = Math.fround;

export class Adam {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  /** Settable: the scheduler writes the learning rate here before each epoch. */
  learningRate: number;
  private readonly variables: readonly tf.Variable[];
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  private readonly steps: number[];

  constructor(variables: readonly tf.Variable[], options: AdamOptions) {
    this.variables = variables;
    this.learningRate = options.learningRate;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0;
    this.m = variables.map((p) => new Float32Array(p.size));
    this.v = variables.map((p) => new Float32Array(p.size));
    this.steps = variables.map(() => 0);
  }

  /** One update. `grads[i]` belongs to `variables[i]`; `undefined` skips that variable (as torch). */
  apply(grads: readonly (tf.Tensor | undefined)[]): void {
    if (grads.length !== this.variables.length) {
      throw new TrainingError(`Adam: got ${grads.length} gradients for ${this.variables.length} variables`);
    }
    // The scalars as torch's float32 kernels see them (Python floats rounded to float32).
    const oneMinusBeta1 = f32(1 - this.beta1);
    const beta2 = f32(this.beta2);
    const oneMinusBeta2 = f32(1 - this.beta2);
    const eps = f32(this.eps);
    const decay = f32(this.weightDecay);
    for (let i = 0; i < this.variables.length; i++) {
      const grad = grads[i];
      if (grad === undefined) continue;
      const p = this.variables[i];
      if (grad.size !== p.size) throw new TrainingError(`Adam: gradient ${i} has ${grad.size} values, its variable ${p.size}`);
      const step = ++this.steps[i];
      // Scalars in float64, as torch computes them in Python before the float32 kernels.
      const stepSize = f32(this.learningRate / (1 - this.beta1 ** step));
      const biasCorrection2Sqrt = f32(Math.sqrt(1 - this.beta2 ** step));
      const g = grad.dataSync() as Float32Array;
      // dataSync may return the backend's own buffer: write into a copy.
      const w = Float32Array.from(p.dataSync() as Float32Array);
      const m = this.m[i];
      const v = this.v[i];
      for (let k = 0; k < w.length; k++) {
        const gk = decay !== 0 ? f32(g[k] + f32(w[k] * decay)) : g[k];
        const mk = f32(m[k] + f32(f32(gk - m[k]) * oneMinusBeta1));
        const vk = f32(f32(v[k] * beta2) + f32(f32(gk * gk) * oneMinusBeta2));
        m[k] = mk;
        v[k] = vk;
        const denom = f32(f32(f32(Math.sqrt(vk)) / biasCorrection2Sqrt) + eps);
        w[k] = f32(w[k] - f32(f32(mk / denom) * stepSize));
      }
      const updated = tf.tensor(w, p.shape, "float32");
      p.assign(updated);
      updated.dispose();
    }
  }

  getState(): AdamState {
    return {
      learningRate: this.learningRate,
      steps: [...this.steps],
      shapes: this.variables.map((p) => [...p.shape]),
      m: this.m.map((a) => a.slice()),
      v: this.v.map((a) => a.slice()),
    };
  }

  setState(state: AdamState): void {
    if (state.steps.length !== this.variables.length) {
      throw new TrainingError(`Adam state has ${state.steps.length} variables, the model ${this.variables.length}`);
    }
    for (let i = 0; i < this.variables.length; i++) {
      const p = this.variables[i];
      if (state.shapes[i].join(",") !== p.shape.join(",")) {
        throw new TrainingError(`Adam state variable ${i} has shape [${state.shapes[i]}], the model [${p.shape}]`);
      }
      if (state.m[i].length !== p.size || state.v[i].length !== p.size) {
        throw new TrainingError(`Adam state variable ${i} has ${state.m[i].length}/${state.v[i].length} moments, the model ${p.size}`);
      }
    }
    for (let i = 0; i < this.variables.length; i++) {
      this.m[i].set(state.m[i]);
      this.v[i].set(state.v[i]);
      this.steps[i] = state.steps[i];
    }
    this.learningRate = state.learningRate;
  }

  /** Nothing on the backend to free any more (the moments are host arrays); kept for callers. */
  dispose(): void {}
}
