/**
 * Set2Set readout (spec §5.4), per graph. Variant "megnet-keras" reproduces megnet's layer:
 * hard-sigmoid gates and a cell state reset to zero every step (so the forget gate is inert);
 * "standard" is a sigmoid LSTM carrying its cell. The LSTM input is the previous q* = [h | r].
 * This layer holds the weights and the member projection; the recurrence itself is
 * `LayerOps.set2set`, computed on the host (backend/set2set-host.ts) on every path.
 */
import * as tf from "@tensorflow/tfjs-core";
import { AUTODIFF_OPS } from "../backend/autodiff-ops.js";
import type { SegmentIndex } from "../backend/graph-ops.js";
import type { LayerOps, Set2SetOpSpec } from "../backend/layer-ops.js";
import { set2setTrace } from "../backend/set2set-op.js";
import type { Rng } from "../core/prng.js";
import { Dense } from "./dense.js";
import { initialValues, type ParamStore } from "./params.js";

export interface Set2SetConfig {
  /** Prefix: weights `<name>.x_to_m` and `<name>.recurrent` (gate columns i, f, g, o). */
  readonly name: string;
  readonly inputDim: number;
  readonly nHidden: number;
  readonly steps: number;
  /** Same values as the model config's `Set2SetVariant`. */
  readonly variant: "megnet-keras" | "standard";
  /**
   * Project the members to `nHidden` first (`x_to_m`, megnet's layer; default) or attend over the
   * inputs themselves (dgl's Set2Set: `nHidden` must equal `inputDim`).
   */
  readonly projection?: boolean;
}

/** Values of one step, for stage-by-stage checks. */
export interface Set2SetStep {
  readonly h: tf.Tensor2D;
  readonly attention: tf.Tensor1D;
  readonly r: tf.Tensor2D;
  readonly qStar: tf.Tensor2D;
}

export class Set2Set {
  readonly config: Set2SetConfig;
  /** The member projection, absent without `projection`. */
  readonly toMembers?: Dense;
  readonly recurrent: Dense;

  constructor(config: Set2SetConfig) {
    this.config = config;
    const n = config.nHidden;
    if (config.projection === false) {
      if (n !== config.inputDim) throw new RangeError(`${config.name}: a Set2Set without projection needs nHidden = inputDim (${config.inputDim}), got ${n}`);
    } else {
      this.toMembers = new Dense({ name: `${config.name}.x_to_m`, inputDim: config.inputDim, units: n, activation: "linear" });
    }
    this.recurrent = new Dense({ name: `${config.name}.recurrent`, inputDim: 2 * n, units: 4 * n, activation: "linear" });
  }

  /**
   * Scheme "keras": Keras LSTM-style init, Glorot kernels, zero biases except the forget block at 1.
   * Scheme "torch": `nn.LSTM(hidden n)`, every weight U(±1/√n); the one bias here stands for torch's
   * b_ih + b_hh, so it is drawn as the sum of two U(±1/√n). `x_to_m` is a torch `nn.Linear`. Without
   * projection (dgl's Set2Set) the LSTM's recurrent input h is the q half of q* = [q | r], so the
   * kernel rows acting on q stand for W_ih + W_hh and are drawn as a sum of two uniforms as well.
   */
  build(params: ParamStore, rng: Rng): this {
    this.toMembers?.build(params, rng);
    this.recurrent.build(params, rng);
    const bias = params.get(`${this.config.name}.recurrent.bias`);
    const n = this.config.nHidden;
    if (params.scheme === "torch") {
      const lstm = { uniformBound: 1 / Math.sqrt(n) };
      const kernel = params.get(`${this.config.name}.recurrent.kernel`);
      const shape: [number, number] = [2 * n, 4 * n];
      const values = initialValues(shape, lstm, rng);
      if (this.toMembers === undefined) {
        const recurrentPart = initialValues([n, 4 * n], lstm, rng);
        for (let i = 0; i < recurrentPart.length; i++) values[i] += recurrentPart[i];
      }
      kernel.assign(tf.tensor2d(values, shape));
      const bIh = initialValues([4 * n], lstm, rng);
      const bHh = initialValues([4 * n], lstm, rng);
      bias.assign(tf.tensor1d(bIh.map((v, i) => v + bHh[i])));
      return this;
    }
    const b = new Float32Array(4 * n);
    b.fill(1, n, 2 * n);
    bias.assign(tf.tensor1d(b));
    return this;
  }

  get outputDim(): number {
    return 2 * this.config.nHidden;
  }

  private get spec(): Set2SetOpSpec {
    return { steps: this.config.steps, keras: this.config.variant === "megnet-keras" };
  }

  /**
   * X [N, inputDim] members, `graphOf` their graph → `value` [G, 2·nHidden] = [h_T | r_T] and the
   * projected members `m`. `onStep` receives every step's values (computed once more on the host).
   */
  call(x: tf.Tensor2D, graphOf: SegmentIndex, onStep?: (step: Set2SetStep) => void, ops: LayerOps = AUTODIFF_OPS): { value: tf.Tensor2D; m: tf.Tensor2D } {
    const m = this.toMembers === undefined ? x : this.toMembers.call(x, undefined, ops);
    const kernel = this.recurrent.kernel;
    const bias = this.recurrent.bias as tf.Tensor1D;
    const value = ops.set2set(m, kernel, bias, graphOf, this.spec);
    if (onStep !== undefined) {
      const n = this.config.nHidden;
      const g = graphOf.nSegments;
      for (const step of set2setTrace(m, kernel, bias, graphOf, this.spec)) {
        onStep({
          h: tf.tensor2d(step.h, [g, n]),
          attention: tf.tensor1d(step.attention),
          r: tf.tensor2d(step.r, [g, n]),
          qStar: tf.tensor2d(step.qStar, [g, 2 * n]),
        });
      }
    }
    return { value, m };
  }
}
