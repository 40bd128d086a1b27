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
 * On tfjs-wasm the same operations run as one wasm SIMD kernel per variable (IEEE single
 * precision, the same order, hence the same bits) with the moments kept on the wasm heap.
 */
import * as tf from "@tensorflow/tfjs-core";
import { adamWasmUpdate, wasmKernelsActive } from "../backend/wasm-kernels/kernels.js";
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

/** Where the moments live: host arrays, or tensors on the wasm heap updated in place by the kernel. */
type Moments =
  | { readonly where: "host"; readonly m: Float32Array[]; readonly v: Float32Array[] }
  | { readonly where: "wasm"; readonly m: tf.Tensor[]; readonly v: tf.Tensor[] };

export class Adam {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  /** Settable: the scheduler writes the learning rate here before each epoch. */
  learningRate: number;
  private readonly variables: readonly tf.Variable[];
  private moments: Moments;
  private readonly steps: number[];

  constructor(variables: readonly tf.Variable[], options: AdamOptions) {
    this.variables = variables;
    this.learningRate = options.learningRate;
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0;
    this.moments = { where: "host", m: variables.map((p) => new Float32Array(p.size)), v: variables.map((p) => new Float32Array(p.size)) };
    this.steps = variables.map(() => 0);
  }

  /** One update. `grads[i]` belongs to `variables[i]`; `undefined` skips that variable (as torch). */
  apply(grads: readonly (tf.Tensor | undefined)[]): void {
    if (grads.length !== this.variables.length) {
      throw new TrainingError(`Adam: got ${grads.length} gradients for ${this.variables.length} variables`);
    }
    const useKernel = wasmKernelsActive();
    const moments = useKernel ? this.onWasm() : this.onHost();
    for (let i = 0; i < this.variables.length; i++) {
      const grad = grads[i];
      if (grad === undefined) continue;
      const p = this.variables[i];
      if (grad.size !== p.size) throw new TrainingError(`Adam: gradient ${i} has ${grad.size} values, its variable ${p.size}`);
      const step = ++this.steps[i];
      // Scalars in float64, as torch computes them in Python before the float32 kernels.
      const stepSize = this.learningRate / (1 - this.beta1 ** step);
      const biasCorrection2Sqrt = Math.sqrt(1 - this.beta2 ** step);
      if (moments.where === "wasm") {
        const updated = adamWasmUpdate(p, grad, moments.m[i], moments.v[i], {
          oneMinusBeta1: 1 - this.beta1,
          beta2: this.beta2,
          oneMinusBeta2: 1 - this.beta2,
          eps: this.eps,
          weightDecay: this.weightDecay,
          stepSize,
          biasCorrection2Sqrt,
        });
        p.assign(updated);
        updated.dispose();
      } else {
        this.hostStep(p, grad, moments.m[i], moments.v[i], stepSize, biasCorrection2Sqrt);
      }
    }
  }

  /** One variable's update in a host loop, every operation rounded to float32. */
  private hostStep(p: tf.Variable, grad: tf.Tensor, m: Float32Array, v: Float32Array, stepSizeF64: number, bc2F64: number): void {
    // The scalars as torch's float32 kernels see them (Python floats rounded to float32).
    const oneMinusBeta1 = f32(1 - this.beta1);
    const beta2 = f32(this.beta2);
    const oneMinusBeta2 = f32(1 - this.beta2);
    const eps = f32(this.eps);
    const decay = f32(this.weightDecay);
    const stepSize = f32(stepSizeF64);
    const biasCorrection2Sqrt = f32(bc2F64);
    const g = grad.dataSync() as Float32Array;
    // dataSync may return the backend's own buffer: write into a copy.
    const w = Float32Array.from(p.dataSync() as Float32Array);
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

  /** The moments as host arrays (downloaded from the wasm heap if they were there). */
  private onHost(): Extract<Moments, { where: "host" }> {
    const current = this.moments;
    if (current.where === "host") return current;
    const host: Moments = {
      where: "host",
      m: current.m.map((t) => Float32Array.from(t.dataSync() as Float32Array)),
      v: current.v.map((t) => Float32Array.from(t.dataSync() as Float32Array)),
    };
    tf.dispose([...current.m, ...current.v]);
    this.moments = host;
    return host;
  }

  /** The moments as wasm tensors of their own (kept across tidy scopes; updated in place). */
  private onWasm(): Extract<Moments, { where: "wasm" }> {
    const current = this.moments;
    if (current.where === "wasm") return current;
    const upload = (a: Float32Array, i: number): tf.Tensor => tf.keep(tf.tensor(a, this.variables[i].shape, "float32"));
    const device: Moments = { where: "wasm", m: current.m.map(upload), v: current.v.map(upload) };
    this.moments = device;
    return device;
  }

  getState(): AdamState {
    return {
      learningRate: this.learningRate,
      steps: [...this.steps],
      shapes: this.variables.map((p) => [...p.shape]),
      m: this.onHostCopy("m"),
      v: this.onHostCopy("v"),
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
    this.disposeDevice();
    this.moments = { where: "host", m: state.m.map((a) => Float32Array.from(a)), v: state.v.map((a) => Float32Array.from(a)) };
    for (let i = 0; i < this.variables.length; i++) this.steps[i] = state.steps[i];
    this.learningRate = state.learningRate;
  }

  /** Free the moments held on the wasm heap (host arrays need nothing). */
  dispose(): void {
    this.disposeDevice();
    this.moments = { where: "host", m: [], v: [] };
  }

  private onHostCopy(which: "m" | "v"): Float32Array[] {
    const current = this.moments;
    if (current.where === "host") return current[which].map((a) => a.slice());
    return current[which].map((t) => Float32Array.from(t.dataSync() as Float32Array));
  }

  private disposeDevice(): void {
    const current = this.moments;
    if (current.where === "wasm") tf.dispose([...current.m, ...current.v]);
  }
}
