/**
 * {@link LayerOps} on tfjs's own tape: each op one custom-gradient node (or a tfjs op whose
 * gradient backend/gradients.ts registers). Used for inference (no tape: plain kernels) and for
 * any gradient the manual tape does not record (frozen trunks, `fused: false`, stage dumps).
 */
import * as tf from "@tensorflow/tfjs-core";
import { denseOp } from "./dense-op.js";
import { gatherRows, gatherSum, segmentMean } from "./graph-ops.js";
import type { LayerOps } from "./layer-ops.js";
import { set2setOp } from "./set2set-op.js";

export const AUTODIFF_OPS: LayerOps = {
  dense: denseOp,
  rows: (w, start, n) => tf.slice(w, [start, 0], [n, w.shape[1]]),
  concatColumns: (xs) => tf.concat(xs as tf.Tensor2D[], 1),
  // one term: a plain row gather (the same values, one input fewer)
  gatherSum: (terms) => (terms.length === 1 ? gatherRows(terms[0][0], terms[0][1]) : gatherSum(terms)),
  segmentMean,
  add: (a, b) => tf.add(a, b),
  set2set: set2setOp,
};
