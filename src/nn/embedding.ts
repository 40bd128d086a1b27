/** Atom embedding: row Z of an [nTypes, dim] matrix (row index = Z itself; megnet leaves row 0 unused). */
import type * as tf from "@tensorflow/tfjs-core";
import { AUTODIFF_OPS } from "../backend/autodiff-ops.js";
import type { SegmentIndex } from "../backend/graph-ops.js";
import type { LayerOps } from "../backend/layer-ops.js";
import type { Rng } from "../core/prng.js";
import type { ParamStore } from "./params.js";

export interface EmbeddingConfig {
  readonly name: string;
  readonly inputDim: number;
  readonly outputDim: number;
}

export class Embedding {
  readonly config: EmbeddingConfig;
  private table?: tf.Variable;

  constructor(config: EmbeddingConfig) {
    this.config = config;
  }

  /** Weight `<name>` [inputDim, outputDim]: U(−0.05, 0.05) like Keras, or N(0, 1) like torch's `nn.Embedding`. */
  build(params: ParamStore, rng: Rng): this {
    const init = params.scheme === "torch" ? "standard-normal" : "uniform-0.05";
    this.table = params.add(this.config.name, [this.config.inputDim, this.config.outputDim], init, rng);
    return this;
  }

  /** `types` indexes rows (its nSegments must equal inputDim, for the gradient's scatter). */
  call(types: SegmentIndex, ops: LayerOps = AUTODIFF_OPS): tf.Tensor2D {
    if (this.table === undefined) throw new Error(`layer ${this.config.name} not built`);
    return ops.gatherSum([[this.table as tf.Tensor2D, types]]);
  }
}
