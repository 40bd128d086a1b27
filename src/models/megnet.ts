/**
 * MEGNet (megnet's Keras crystal model) on tfjs, batched over graphs: embedding, pre-block
 * feed-forward nets, residual MEGNet blocks, Set2Set readouts of atoms and bonds, readout MLP.
 * Follows docs/megnet-keras-format.md (shared spec) to 1e-5 on the reference values.
 */
import * as tf from "@tensorflow/tfjs-core";
import { createRng } from "../core/prng.js";
import type { GraphBatch } from "../graph/types.js";
import { MLP } from "../nn/dense.js";
import { Embedding } from "../nn/embedding.js";
import { type GraphFeatures, MEGNetBlock, type StageCallback } from "../nn/megnet-layer.js";
import { type InitScheme, ParamStore } from "../nn/params.js";
import { Set2Set } from "../nn/set2set.js";
import { type MEGNetConfig, readoutActivations, set2setProjects, type WeightMap } from "./config.js";
import { disposeInputs, type MEGNetInputs, prepareInputs } from "./inputs.js";
import { megnetTrainingForward, tfTapeIsOn } from "./megnet-train.js";
import { readWeights, type WriteWeightsOptions, writeWeights } from "./weights-io.js";

export interface ForwardOptions {
  /** Training mode (no layer behaves differently today; kept for heads with dropout). */
  readonly training?: boolean;
  /** Receives every intermediate value under the reference dump's stage names. */
  readonly stage?: StageCallback;
  /** Set false to record training on tfjs's own tape (reference path for tests). */
  readonly fused?: boolean;
  /** Variables a training forward differentiates (default: all of the model's). */
  readonly trainable?: readonly tf.Variable[];
}

export interface MEGNetOutput {
  /** Raw network output [G, readoutUnits.at(-1)] (before any target scaler). */
  readonly output: tf.Tensor2D;
  /** Last hidden layer [G, readoutUnits.at(-2)] (16 for megnet): the input of a head. */
  readonly hidden: tf.Tensor2D;
}

export interface MEGNetOptions {
  /** Seed of the weight initialisation. */
  readonly seed?: number;
  /** "keras" (default): Glorot-uniform kernels, zero biases; "torch": torch's defaults (nn/params.ts). */
  readonly init?: InitScheme;
}

export class MEGNet {
  readonly config: MEGNetConfig;
  readonly params: ParamStore;
  private readonly embedding: Embedding;
  private readonly preblock: { readonly atom: MLP; readonly bond: MLP; readonly state: MLP };
  private readonly blocks: readonly MEGNetBlock[];
  private readonly set2setAtom: Set2Set;
  private readonly set2setBond: Set2Set;
  private readonly readout: MLP;

  constructor(config: MEGNetConfig, options: MEGNetOptions = {}) {
    this.config = config;
    this.params = new ParamStore({ scheme: options.init });
    const rng = createRng(options.seed ?? 0);
    const sp2 = "softplus2" as const;
    const pre = config.preblockUnits;
    const width = pre[pre.length - 1];
    this.embedding = new Embedding({ name: "embedding", inputDim: config.nAtomTypes, outputDim: config.embeddingDim }).build(this.params, rng);
    const mlp = (name: string, inputDim: number): MLP => new MLP({ name, inputDim, units: pre, activation: sp2 }).build(this.params, rng);
    this.preblock = {
      atom: mlp("preblock.atom", config.embeddingDim),
      bond: mlp("preblock.bond", config.graph.centers.length),
      state: mlp("preblock.state", config.stateDim),
    };
    const { edge, node, state } = config.megnetUnits;
    this.blocks = Array.from({ length: config.nBlocks }, (_, b) =>
      new MEGNetBlock({
        name: `block${b}`,
        atomDim: width,
        bondDim: width,
        stateDim: width,
        edgeUnits: edge,
        nodeUnits: node,
        stateUnits: state,
        ffUnits: b === 0 ? [] : config.blockFFUnits,
      }).build(this.params, rng),
    );
    const s2s = (kind: string): Set2Set =>
      new Set2Set({ name: `set2set.${kind}`, inputDim: width, ...config.set2set, projection: set2setProjects(config) }).build(this.params, rng);
    this.set2setAtom = s2s("atom");
    this.set2setBond = s2s("bond");
    const readoutIn = 2 * this.set2setAtom.outputDim + state[state.length - 1];
    this.readout = new MLP({ name: "readout", inputDim: readoutIn, units: config.readoutUnits, activation: readoutActivations(config) }).build(
      this.params,
      rng,
    );
  }

  /** A model with the given weights (e.g. from the Keras importer). */
  static fromWeights(config: MEGNetConfig, weights: WeightMap): MEGNet {
    const model = new MEGNet(config);
    model.setWeights(weights);
    return model;
  }

  /** Number of scalars in all weights (167,761 for megnet's formation-energy model). */
  parameterCount(): number {
    return this.params.size();
  }

  get trainableVariables(): tf.Variable[] {
    return this.params.entries().map(([, v]) => v);
  }

  /** Canonical weight names in layer order. */
  weightNames(): string[] {
    return this.params.names();
  }

  getWeights(): WeightMap {
    return readWeights(this.params);
  }

  /** Assign weights by canonical name; throws WeightsError listing every mismatch. */
  setWeights(weights: WeightMap, options?: WriteWeightsOptions): void {
    writeWeights(this.params, weights, options);
  }

  /** Pack a batch into input tensors once (dispose with `disposeInputs`). */
  prepare(batch: GraphBatch): MEGNetInputs {
    return prepareInputs(batch, this.config);
  }

  /**
   * Differentiable forward pass (use inside tf.tidy / tf.variableGrads). With `training` and a
   * gradient being recorded, it runs on the manual tape (megnet-train.ts): same values, fewer
   * kernels; `trainable` then lists the variables to differentiate (default: all).
   */
  forward(inputs: MEGNetInputs, options: ForwardOptions = {}): MEGNetOutput {
    const trainable = options.trainable ?? this.trainableVariables;
    // a frozen trunk (no trainable variable) needs no tape of its own
    if (options.training && options.stage === undefined && options.fused !== false && trainable.length > 0 && tfTapeIsOn()) {
      const variables = new Map(this.params.entries());
      const joined = megnetTrainingForward(variables, trainable, this.config, inputs);
      const width = this.config.readoutUnits[this.config.readoutUnits.length - 2];
      const g = inputs.nGraphs;
      return {
        hidden: tf.slice(joined, [0, 0], [g, width]),
        output: tf.slice(joined, [0, width], [g, joined.shape[1] - width]),
      };
    }
    const stage = options.stage;
    const index = inputs.index;
    const atoms0 = this.embedding.call(inputs.atomTypes);
    stage?.("atom_embedding", atoms0);
    const pre = (kind: "atom" | "bond" | "state", x: tf.Tensor2D): tf.Tensor2D =>
      this.preblock[kind].call(x, (i, y) => stage?.(`preblock_${kind}_dense${i}`, y));
    let x: GraphFeatures = { atoms: pre("atom", atoms0), bonds: pre("bond", inputs.bondFeatures), state: pre("state", inputs.states) };
    this.blocks.forEach((block, b) => {
      x = block.call(x, index, (name, v) => stage?.(name.startsWith("ff_") ? `block${b}_${name}` : `block${b}_megnet_layer.${name}`, v));
      stage?.(`block${b}_out_atom`, x.atoms);
      stage?.(`block${b}_out_bond`, x.bonds);
      stage?.(`block${b}_out_state`, x.state);
    });
    const readSet = (kind: "atom" | "bond", s2s: Set2Set, members: tf.Tensor2D, graphOf: typeof index.nodeGraph): tf.Tensor2D => {
      let t = 0;
      const { value, m } = s2s.call(members, graphOf, (step) => {
        stage?.(`set2set_${kind}.steps.${t}.h`, step.h);
        stage?.(`set2set_${kind}.steps.${t}.attention`, step.attention);
        stage?.(`set2set_${kind}.steps.${t}.r`, step.r);
        stage?.(`set2set_${kind}.steps.${t}.q_star`, step.qStar);
        t++;
      });
      stage?.(`set2set_${kind}.m`, m);
      stage?.(`set2set_${kind}`, value);
      return value;
    };
    const pooled = tf.concat(
      [readSet("atom", this.set2setAtom, x.atoms, index.nodeGraph), readSet("bond", this.set2setBond, x.bonds, index.edgeGraph), x.state],
      1,
    );
    stage?.("readout_concat", pooled);
    const layers = this.readout.layers;
    let hidden = pooled;
    layers.slice(0, -1).forEach((layer, i) => {
      hidden = layer.call(hidden);
      stage?.(`readout_dense${i}`, hidden);
    });
    const output = layers[layers.length - 1].call(hidden);
    stage?.(`readout_dense${layers.length - 1}`, output);
    return { output, hidden };
  }

  /** Raw outputs, one per graph (first output column), without the target scaler. */
  predictRaw(inputs: MEGNetInputs): Float64Array {
    const out = tf.tidy(() => this.forward(inputs).output);
    const values = out.dataSync();
    const width = out.shape[1];
    out.dispose();
    return Float64Array.from({ length: inputs.nGraphs }, (_, g) => values[g * width]);
  }

  /**
   * Predictions per graph in the model's unit, with the sidecar scaler applied:
   * pred = n·(y·std + mean), n = 1 if intensive else the graph's atom count.
   */
  predict(batch: GraphBatch | MEGNetInputs): Float64Array {
    const own = !("index" in batch);
    const inputs = own ? this.prepare(batch as GraphBatch) : (batch as MEGNetInputs);
    try {
      const raw = this.predictRaw(inputs);
      const scaler = this.config.targetScaler;
      if (scaler === undefined) return raw;
      return raw.map((y, g) => (scaler.isIntensive ? 1 : inputs.atomsPerGraph[g]) * (y * scaler.std + scaler.mean));
    } finally {
      if (own) disposeInputs(inputs);
    }
  }

  dispose(): void {
    this.params.dispose();
  }
}
