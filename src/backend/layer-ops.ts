/**
 * The operations the model's layers are written against, once. Two implementations: tfjs's
 * autodiff (`AUTODIFF_OPS`: custom-gradient ops on tfjs's tape, for inference and any gradient)
 * and the manual tape (`ManualTape`: the fast training path). A layer calls only these, so a
 * change to a layer reaches both paths.
 */
import type * as tf from "@tensorflow/tfjs-core";
import type { DenseActivation } from "./activation-ops.js";
import type { SegmentIndex } from "./graph-ops.js";

/** Set2Set settings after the member projection (see backend/set2set-host.ts). */
export interface Set2SetOpSpec {
  readonly steps: number;
  /** megnet-keras: hard-sigmoid gates, cell reset every step; otherwise a standard LSTM. */
  readonly keras: boolean;
}

export interface LayerOps {
  /** y = act(x·W + b + addend); `b` and `addend` optional. */
  dense(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D | undefined, activation: DenseActivation, addend?: tf.Tensor2D): tf.Tensor2D;
  /** Rows [start, start + n) of a matrix (blocks of a kernel). */
  rows(w: tf.Tensor2D, start: number, n: number): tf.Tensor2D;
  concatColumns(xs: readonly tf.Tensor2D[]): tf.Tensor2D;
  /** Σ_i x_i[ids_i]: row gathers, summed. */
  gatherSum(terms: readonly (readonly [tf.Tensor2D, SegmentIndex])[]): tf.Tensor2D;
  /** Per-segment mean (0 for empty segments). */
  segmentMean(x: tf.Tensor2D, index: SegmentIndex): tf.Tensor2D;
  add(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D;
  /** Set2Set of the members m [N, n] per segment → [G, 2n] = [h_T | r_T]. */
  set2set(m: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D, graphOf: SegmentIndex, spec: Set2SetOpSpec): tf.Tensor2D;
}
