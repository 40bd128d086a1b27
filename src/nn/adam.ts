/**
 * Adam with the update of tf.train.adam (Kingma & Ba with TF's bias correction: m̂ = m/(1−β1^t),
 * v̂ = v/(1−β2^t), w ← w − lr·m̂/(√v̂ + ε), ε = 1e-7 as tfjs's backend epsilon), computed on the host
 * in one loop per variable. tf.train.adam launches ~12 kernels per variable (~1,100 per step for
 * ParAIsite's 92 weights), which cost more than the training step's backward pass on wasm; here
 * a step is one read and one write per variable. Deterministic (fixed loop order, float64 math).
 */
import * as tf from "@tensorflow/tfjs-core";

export interface HostAdamOptions {
  readonly learningRate?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

/** Serializable optimizer state (for checkpoints / resume). */
export interface HostAdamState {
  readonly step: number;
  readonly m: readonly Float32Array[];
  readonly v: readonly Float32Array[];
}

export class HostAdam {
  readonly variables: readonly tf.Variable[];
  learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private m: Float32Array[];
  private v: Float32Array[];
  private t = 0;

  constructor(variables: readonly tf.Variable[], options: HostAdamOptions = {}) {
    this.variables = variables;
    this.learningRate = options.learningRate ?? 1e-3;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-7;
    this.m = variables.map((x) => new Float32Array(x.size));
    this.v = variables.map((x) => new Float32Array(x.size));
  }

  get step(): number {
    return this.t;
  }

  /** One update from gradients keyed by variable name (tf.variableGrads' `grads`); missing = skipped. */
  applyGradients(grads: Readonly<Record<string, tf.Tensor>>): void {
    this.t += 1;
    const { beta1, beta2, epsilon } = this;
    const c1 = 1 - beta1 ** this.t;
    const c2 = 1 - beta2 ** this.t;
    this.variables.forEach((variable, i) => {
      const g = grads[variable.name];
      if (g === undefined) return;
      const gd = g.dataSync() as Float32Array;
      const w = Float32Array.from(variable.dataSync() as Float32Array);
      const m = this.m[i];
      const v = this.v[i];
      for (let k = 0; k < w.length; k++) {
        const mk = beta1 * m[k] + (1 - beta1) * gd[k];
        const vk = beta2 * v[k] + (1 - beta2) * gd[k] * gd[k];
        m[k] = mk;
        v[k] = vk;
        w[k] -= (this.learningRate * (mk / c1)) / (Math.sqrt(vk / c2) + epsilon);
      }
      variable.assign(tf.tensor(w, variable.shape));
    });
  }

  getState(): HostAdamState {
    return { step: this.t, m: this.m.map((a) => a.slice()), v: this.v.map((a) => a.slice()) };
  }

  setState(state: HostAdamState): void {
    if (state.m.length !== this.variables.length || state.m.some((a, i) => a.length !== this.variables[i].size)) {
      throw new RangeError("Adam state does not match the variables");
    }
    this.t = state.step;
    this.m = state.m.map((a) => a.slice());
    this.v = state.v.map((a) => a.slice());
  }
}
