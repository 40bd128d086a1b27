/**
 * Dense layer and multi-layer perceptron, tfjs-layers style: constructed from a config, `build`
 * creates the weights, `call` runs on the given {@link LayerOps} (tfjs autodiff by default).
 */
import type * as tf from "@tensorflow/tfjs-core";
import { AUTODIFF_OPS } from "../backend/autodiff-ops.js";
import type { LayerOps } from "../backend/layer-ops.js";
import type { Rng } from "../core/prng.js";
import type { Activation } from "./activations.js";
import type { Initializer, ParamStore } from "./params.js";

export interface DenseConfig {
  /** Canonical weight name prefix, e.g. `block1.phi_e.0`. */
  readonly name: string;
  readonly inputDim: number;
  readonly units: number;
  readonly activation: Activation;
  readonly useBias?: boolean;
}

/**
 * y = act(x·W + b); weights `<name>.kernel` [in, out] and `<name>.bias`: Glorot uniform and zeros
 * (store scheme "keras"), or both U(±1/√in) like torch's `nn.Linear` ("torch").
 */
export class Dense {
  readonly config: DenseConfig;
  private kernelVar?: tf.Variable;
  private biasVar?: tf.Variable;

  constructor(config: DenseConfig) {
    this.config = config;
  }

  build(params: ParamStore, rng: Rng): this {
    const { name, inputDim, units } = this.config;
    const torch = params.scheme === "torch";
    const linear: Initializer = { uniformBound: 1 / Math.sqrt(inputDim) };
    this.kernelVar = params.add(`${name}.kernel`, [inputDim, units], torch ? linear : "glorot-uniform", rng);
    if (this.config.useBias !== false) this.biasVar = params.add(`${name}.bias`, [units], torch ? linear : "zeros", rng);
    return this;
  }

  get kernel(): tf.Tensor2D {
    if (this.kernelVar === undefined) throw new Error(`layer ${this.config.name} not built`);
    return this.kernelVar as tf.Tensor2D;
  }

  get bias(): tf.Tensor1D | undefined {
    return this.biasVar as tf.Tensor1D | undefined;
  }

  /** `addend` [N, units] is added before the activation (used for pre-projected inputs). */
  call(x: tf.Tensor2D, addend?: tf.Tensor2D, ops: LayerOps = AUTODIFF_OPS): tf.Tensor2D {
    return ops.dense(x, this.kernel, this.bias, this.config.activation, addend);
  }
}

export interface MLPConfig {
  readonly name: string;
  readonly inputDim: number;
  readonly units: readonly number[];
  /** One activation for every layer, or one per layer. */
  readonly activation: Activation | readonly Activation[];
  /** Make the last layer linear regardless of `activation` (megnet's φ MLPs). */
  readonly linearOutput?: boolean;
}

/** Stack of Dense layers named `<name>.{i}`. */
export class MLP {
  readonly config: MLPConfig;
  readonly layers: readonly Dense[];

  constructor(config: MLPConfig) {
    this.config = config;
    const n = config.units.length;
    this.layers = config.units.map((units, i) => {
      const perLayer = typeof config.activation === "string" ? config.activation : config.activation[i];
      const activation: Activation = config.linearOutput && i === n - 1 ? "linear" : perLayer;
      return new Dense({ name: `${config.name}.${i}`, inputDim: i === 0 ? config.inputDim : config.units[i - 1], units, activation });
    });
  }

  build(params: ParamStore, rng: Rng): this {
    for (const layer of this.layers) layer.build(params, rng);
    return this;
  }

  get outputDim(): number {
    return this.config.units[this.config.units.length - 1];
  }

  /** Run the layers; `onLayer` sees each layer's output (for stage-by-stage checks). */
  call(x: tf.Tensor2D, onLayer?: (i: number, y: tf.Tensor2D) => void, ops: LayerOps = AUTODIFF_OPS): tf.Tensor2D {
    let y = x;
    this.layers.forEach((layer, i) => {
      y = layer.call(y, undefined, ops);
      onLayer?.(i, y);
    });
    return y;
  }
}
