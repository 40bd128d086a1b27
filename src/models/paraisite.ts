/**
 * ParAIsite: a MEGNet trunk up to its 16-wide hidden readout layer, an MLP head
 * (16 → 450 → 350 → 350 → 1, ReLU, linear output; weights `head.{i}`) and the target transform,
 * so `predict` returns κ in W/(m·K) and `predictNormalized` the network output z.
 */
import * as tf from "@tensorflow/tfjs-core";
import { createRng } from "../core/prng.js";
import { Identity, type TargetTransform, type TargetTransformJSON, targetTransformFromJSON } from "../core/target-transform.js";
import type { GraphBatch } from "../graph/types.js";
import { MLP } from "../nn/dense.js";
import { type InitScheme, ParamStore } from "../nn/params.js";
import type { MEGNetConfig, NamedWeight, WeightMap } from "./config.js";
import { disposeInputs, type MEGNetInputs } from "./inputs.js";
import { type ForwardOptions, MEGNet } from "./megnet.js";
import { readWeights, withWeights, writeWeights } from "./weights-io.js";

export const PARAISITE_HEAD_UNITS: readonly number[] = [450, 350, 350, 1];

/**
 * The physical range of a predicted lattice κ at room temperature, W/(m·K): below the lowest
 * labels we train on (AFLOW AGL's 0.0099) and the lowest measured crystals (~0.05), above diamond's
 * ~2000–3000. A prediction outside it says the structure is far outside the model's domain.
 */
export const KAPPA_RANGE = Object.freeze({ min: 1e-3, max: 1e4 });

/** κ clamped into {@link KAPPA_RANGE} (NaN stays NaN). */
export function clampKappa(kappa: number): number {
  return Number.isNaN(kappa) ? kappa : Math.min(KAPPA_RANGE.max, Math.max(KAPPA_RANGE.min, kappa));
}

/** Everything that defines a ParAIsite besides its weights ({@link ParAIsite.toConfig}); plain JSON. */
export interface ParAIsiteConfig {
  readonly trunk: MEGNetConfig;
  readonly headUnits: readonly number[];
  readonly targetTransform: TargetTransformJSON;
}

export interface ParAIsiteOptions {
  /** Architecture of the trunk (megnet's formation-energy config for transfer learning). */
  readonly trunk: MEGNetConfig;
  /** Head layer sizes, last = 1; default 450, 350, 350, 1. */
  readonly headUnits?: readonly number[];
  /** Seed of the initialisation (trunk and head). */
  readonly seed?: number;
  /** Initialisation scheme of trunk and head: "keras" (default, Glorot-uniform kernels, zero biases) or "torch" (torch's defaults). */
  readonly init?: InitScheme;
  /** y (W/(m·K)) ↔ z (network output); default identity. ParAIsite: Log10Plus1 then Standardize. */
  readonly targetTransform?: TargetTransform;
}

export class ParAIsite {
  readonly trunk: MEGNet;
  readonly head: MLP;
  readonly headParams: ParamStore;
  /** κ (W/(m·K)) ↔ z, the network output: `predict` returns T⁻¹(z). */
  readonly targetTransform: TargetTransform;
  readonly headUnits: readonly number[];

  constructor(options: ParAIsiteOptions) {
    const seed = options.seed ?? 0;
    this.trunk = new MEGNet(options.trunk, { seed, init: options.init });
    this.headParams = new ParamStore({ scheme: options.init });
    this.targetTransform = options.targetTransform ?? Identity;
    this.headUnits = options.headUnits ?? PARAISITE_HEAD_UNITS;
    const readout = options.trunk.readoutUnits;
    if (readout.length < 2) throw new RangeError("the trunk needs at least two readout layers (hidden + output)");
    const n = this.headUnits.length;
    // A separate stream from the trunk's, so that head sizes do not change the trunk's init.
    this.head = new MLP({
      name: "head",
      inputDim: readout[readout.length - 2],
      units: this.headUnits,
      activation: this.headUnits.map((_, i) => (i === n - 1 ? "linear" : "relu")),
    }).build(this.headParams, createRng(seed ^ 0x5eed));
  }

  /**
   * The model `config` describes (the inverse of {@link toConfig}), with `weights` when given
   * (every weight, validated; without them a seed-0 initialisation).
   */
  static fromConfig(config: ParAIsiteConfig, weights?: WeightMap): ParAIsite {
    const model = new ParAIsite({ trunk: config.trunk, headUnits: config.headUnits, targetTransform: targetTransformFromJSON(config.targetTransform) });
    return weights === undefined ? model : withWeights(model, weights);
  }

  /** Everything that defines this model besides its weights, as plain JSON-able data. */
  toConfig(): ParAIsiteConfig {
    return { trunk: this.trunk.toConfig(), headUnits: [...this.headUnits], targetTransform: this.targetTransform.toJSON() };
  }

  /** Trunk weights (without the unused final readout layer) followed by the head's. */
  get trainableVariables(): tf.Variable[] {
    const last = `readout.${this.trunk.config.readoutUnits.length - 1}.`;
    const trunk = this.trunk.params.entries().filter(([name]) => !name.startsWith(last));
    return [...trunk, ...this.headParams.entries()].map(([, v]) => v);
  }

  parameterCount(): number {
    return this.trainableVariables.reduce((n, v) => n + v.size, 0);
  }

  /** Pack a batch into input tensors (dispose with `disposeInputs`). */
  prepare(batch: GraphBatch): MEGNetInputs {
    return this.trunk.prepare(batch);
  }

  /** Differentiable: normalized outputs z [G, 1]. */
  forward(inputs: MEGNetInputs, options: ForwardOptions = {}): tf.Tensor2D {
    const trunkTrainable = new Set(this.trainableVariables);
    const trainable = this.trunk.trainableVariables.filter((v) => trunkTrainable.has(v));
    return this.head.call(this.trunk.forward(inputs, { trainable, ...options }).hidden);
  }

  /**
   * The trunk's output that feeds the head (16 numbers per graph for megnet trunks), one row of
   * {@link embeddingWidth} numbers per graph: the learned representation, used to measure how far
   * a structure is from the training data.
   */
  embed(batch: GraphBatch | MEGNetInputs): Float32Array {
    const own = !("index" in batch);
    const inputs = own ? this.prepare(batch as GraphBatch) : (batch as MEGNetInputs);
    try {
      const hidden = tf.tidy(() => this.trunk.forward(inputs).hidden);
      const values = Float32Array.from(hidden.dataSync());
      hidden.dispose();
      return values;
    } finally {
      if (own) disposeInputs(inputs);
    }
  }

  /** Width of {@link embed}'s rows. */
  get embeddingWidth(): number {
    const readout = this.trunk.config.readoutUnits;
    return readout[readout.length - 2];
  }

  /** Network outputs z, one per graph. */
  predictNormalized(batch: GraphBatch | MEGNetInputs): Float64Array {
    const own = !("index" in batch);
    const inputs = own ? this.prepare(batch as GraphBatch) : (batch as MEGNetInputs);
    try {
      const z = tf.tidy(() => this.forward(inputs));
      const values = Float64Array.from(z.dataSync());
      z.dispose();
      return values;
    } finally {
      if (own) disposeInputs(inputs);
    }
  }

  /**
   * κ in W/(m·K), one per graph, inside {@link KAPPA_RANGE}: a transform whose inverse can leave
   * it (log10(κ + 1) gives κ < 0 for low outputs) is clamped, so no prediction is negative or
   * infinite. A NaN output (a broken model) stays NaN for the caller to report.
   */
  predict(batch: GraphBatch | MEGNetInputs): Float64Array {
    return this.predictNormalized(batch).map((z) => clampKappa(this.targetTransform.inverse(z)));
  }

  /** All weights: trunk (canonical MEGNet names) and head (`head.{i}`). */
  getWeights(): WeightMap {
    const out = new Map<string, NamedWeight>(readWeights(this.trunk.params));
    for (const [k, v] of readWeights(this.headParams)) out.set(k, v);
    return out;
  }

  /**
   * Set trunk and head weights. A pretrained MEGNet map (no `head.*`) loads the trunk only when
   * `trunkOnly` is set (transfer learning); otherwise every weight must be present.
   */
  setWeights(weights: WeightMap, options: { readonly trunkOnly?: boolean } = {}): void {
    const trunk = new Map<string, NamedWeight>();
    const head = new Map<string, NamedWeight>();
    for (const [k, v] of weights) (k.startsWith("head.") ? head : trunk).set(k, v);
    // validate both before assigning either
    if (!options.trunkOnly) writeWeights(this.headParams, head, { dryRun: true });
    writeWeights(this.trunk.params, trunk);
    if (!options.trunkOnly) writeWeights(this.headParams, head);
  }

  dispose(): void {
    this.trunk.dispose();
    this.headParams.dispose();
  }
}
