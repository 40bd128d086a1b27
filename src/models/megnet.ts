/**
 * MEGNet (megnet's Keras crystal model) on tfjs, batched over graphs: embedding, pre-block
 * feed-forward nets, residual MEGNet blocks, Set2Set readouts of atoms and bonds, readout MLP.
 * Follows docs/megnet-keras-format.md (shared spec) to 1e-5 on the reference values.
 */
import * as tf from "@tensorflow/tfjs-core";
import { AUTODIFF_OPS } from "../backend/autodiff-ops.js";
import { isRecordingGradients } from "../backend/custom-op.js";
import type { SegmentIndex } from "../backend/graph-ops.js";
import type { LayerOps } from "../backend/layer-ops.js";
import { recordOnTape } from "../backend/tape-op.js";
import { createRng } from "../core/prng.js";
import { Identity, Standardize, type TargetTransform } from "../core/target-transform.js";
import type { GraphBatch } from "../graph/types.js";
import { MLP } from "../nn/dense.js";
import { Embedding } from "../nn/embedding.js";
import { type GraphFeatures, MEGNetBlock, type StageCallback } from "../nn/megnet-layer.js";
import { type InitScheme, ParamStore } from "../nn/params.js";
import { Set2Set, type Set2SetStep } from "../nn/set2set.js";
import { type MEGNetConfig, readoutActivations, set2setProjects, type WeightMap } from "./config.js";
import { disposeInputs, type MEGNetInputs, prepareInputs } from "./inputs.js";
import { readWeights, withWeights, type WriteWeightsOptions, writeWeights } from "./weights-io.js";

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
    return withWeights(new MEGNet(config), weights);
  }

  /**
   * The model `config` describes (the inverse of {@link toConfig}), with `weights` when given
   * (every weight, validated; without them a seed-0 initialisation).
   */
  static fromConfig(config: MEGNetConfig, weights?: WeightMap): MEGNet {
    return weights === undefined ? new MEGNet(config) : MEGNet.fromWeights(config, weights);
  }

  /** Everything that defines this model besides its weights, as plain JSON-able data. */
  toConfig(): MEGNetConfig {
    return this.config;
  }

  /**
   * Output → physical value per graph before the atom count of extensive targets: the sidecar
   * scaler y·std + mean of a pretrained megnet model, or the identity.
   */
  get targetTransform(): TargetTransform {
    const scaler = this.config.targetScaler;
    return scaler === undefined ? Identity : new Standardize(scaler.mean, scaler.std);
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
   * gradient being recorded, it runs on the manual tape (backend/tape-op.ts): same code and values,
   * fewer kernels; `trainable` then lists the variables to differentiate (default: all).
   */
  forward(inputs: MEGNetInputs, options: ForwardOptions = {}): MEGNetOutput {
    const trainable = options.trainable ?? this.trainableVariables;
    // a frozen trunk (no trainable variable) needs no tape of its own
    if (options.training && options.stage === undefined && options.fused !== false && trainable.length > 0 && isRecordingGradients()) {
      const [hidden, output] = recordOnTape(trainable, (ops) => {
        const out = this.run(ops, inputs);
        return [out.hidden, out.output];
      });
      return { hidden, output };
    }
    return this.run(AUTODIFF_OPS, inputs, options.stage);
  }

  /** The network on `ops`, reporting every intermediate to `stage` under the reference dump's names. */
  private run(ops: LayerOps, inputs: MEGNetInputs, stage?: StageCallback): MEGNetOutput {
    const index = inputs.index;
    const atoms0 = this.embedding.call(inputs.atomTypes, ops);
    stage?.("atom_embedding", atoms0);
    const pre = (kind: "atom" | "bond" | "state", x: tf.Tensor2D): tf.Tensor2D =>
      this.preblock[kind].call(x, (i, y) => stage?.(`preblock_${kind}_dense${i}`, y), ops);
    let x: GraphFeatures = { atoms: pre("atom", atoms0), bonds: pre("bond", inputs.bondFeatures), state: pre("state", inputs.states) };
    this.blocks.forEach((block, b) => {
      const blockStage = (name: string, v: tf.Tensor) => stage?.(name.startsWith("ff_") ? `block${b}_${name}` : `block${b}_megnet_layer.${name}`, v);
      x = block.call(x, index, blockStage, ops);
      stage?.(`block${b}_out_atom`, x.atoms);
      stage?.(`block${b}_out_bond`, x.bonds);
      stage?.(`block${b}_out_state`, x.state);
    });
    const readSet = (kind: "atom" | "bond", s2s: Set2Set, members: tf.Tensor2D, graphOf: SegmentIndex): tf.Tensor2D => {
      let t = 0;
      const onStep =
        stage &&
        ((step: Set2SetStep) => {
          stage(`set2set_${kind}.steps.${t}.h`, step.h);
          stage(`set2set_${kind}.steps.${t}.attention`, step.attention);
          stage(`set2set_${kind}.steps.${t}.r`, step.r);
          stage(`set2set_${kind}.steps.${t}.q_star`, step.qStar);
          t++;
        });
      const { value, m } = s2s.call(members, graphOf, onStep, ops);
      stage?.(`set2set_${kind}.m`, m);
      stage?.(`set2set_${kind}`, value);
      return value;
    };
    const atoms = readSet("atom", this.set2setAtom, x.atoms, index.nodeGraph);
    const bonds = readSet("bond", this.set2setBond, x.bonds, index.edgeGraph);
    const pooled = ops.concatColumns([atoms, bonds, x.state]);
    stage?.("readout_concat", pooled);
    const layers = this.readout.layers;
    let hidden = pooled;
    let output = pooled;
    this.readout.call(
      pooled,
      (i, y) => {
        stage?.(`readout_dense${i}`, y);
        if (i === layers.length - 2) hidden = y;
        output = y;
      },
      ops,
    );
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
   * Predictions per graph in the model's unit: n·T⁻¹(y) with the {@link targetTransform} T,
   * n = 1 for intensive targets (and without a scaler), else the graph's atom count.
   */
  predict(batch: GraphBatch | MEGNetInputs): Float64Array {
    const own = !("index" in batch);
    const inputs = own ? this.prepare(batch as GraphBatch) : (batch as MEGNetInputs);
    try {
      const raw = this.predictRaw(inputs);
      const scaler = this.config.targetScaler;
      if (scaler === undefined) return raw;
      const transform = this.targetTransform;
      return raw.map((y, g) => (scaler.isIntensive ? 1 : inputs.atomsPerGraph[g]) * transform.inverse(y));
    } finally {
      if (own) disposeInputs(inputs);
    }
  }

  dispose(): void {
    this.params.dispose();
  }
}
