/**
 * Batch preparation: a GraphBatch becomes the model's input tensors once (Gaussian expansion,
 * index tensors, mean divisors), so a trainer can pre-pack every batch of an epoch and a
 * forward pass does no host-side work besides the Set2Set softmax shift.
 */
import * as tf from "@tensorflow/tfjs-core";
import { disposeSegmentIndex, type SegmentIndex, segmentIndex } from "../backend/graph-ops.js";
import { GraphError } from "../core/errors.js";
import { GaussianExpansion } from "../graph/gaussian.js";
import type { GraphBatch } from "../graph/types.js";
import type { GraphIndex } from "../nn/megnet-layer.js";
import type { MEGNetConfig } from "./config.js";
import { expandGaussians } from "./gaussian-fast.js";

/** Everything a forward pass reads. Owns tensors: call {@link disposeInputs} when done. */
export interface MEGNetInputs {
  readonly nGraphs: number;
  readonly nAtoms: number;
  readonly nBonds: number;
  /** Atoms per graph (for extensive target scalers). */
  readonly atomsPerGraph: Int32Array;
  /** Atomic number of each atom, as an index into the embedding rows. */
  readonly atomTypes: SegmentIndex;
  /** Gaussian-expanded distances [Nb, nCenters]. */
  readonly bondFeatures: tf.Tensor2D;
  /** State vectors [G, stateDim]. */
  readonly states: tf.Tensor2D;
  readonly index: GraphIndex;
}

const CUTOFF_TOLERANCE = 1e-9;

/** Check a batch against a model config and pack it into tensors. */
export function prepareInputs(batch: GraphBatch, config: MEGNetConfig): MEGNetInputs {
  const { nNodes, nEdges, nGraphs } = batch;
  if (Math.abs(batch.cutoff - config.graph.cutoff) > CUTOFF_TOLERANCE) {
    throw new GraphError(`graph built with cutoff ${batch.cutoff} Å but the model expects ${config.graph.cutoff} Å`);
  }
  if (batch.stateDim !== config.stateDim) {
    throw new GraphError(`graph state has ${batch.stateDim} components but the model expects ${config.stateDim}`);
  }
  for (let i = 0; i < nNodes; i++) {
    const z = batch.atomicNumbers[i];
    if (!(z >= 0 && z < config.nAtomTypes)) {
      throw new GraphError(`atomic number ${z} of atom ${i} outside the model's embedding (0..${config.nAtomTypes - 1})`);
    }
  }
  const expansion = new GaussianExpansion({ centers: config.graph.centers, width: config.graph.width });
  const gauss = expandGaussians(expansion, batch.distances);
  return {
    nGraphs,
    nAtoms: nNodes,
    nBonds: nEdges,
    atomsPerGraph: Int32Array.from(batch.nodesPerGraph),
    atomTypes: segmentIndex(batch.atomicNumbers, config.nAtomTypes),
    bondFeatures: tf.tensor2d(gauss, [nEdges, expansion.size]),
    states: tf.tensor2d(batch.states, [nGraphs, batch.stateDim]),
    index: {
      src: segmentIndex(batch.src, nNodes),
      dst: segmentIndex(batch.dst, nNodes),
      nodeGraph: segmentIndex(batch.nodeGraph, nGraphs),
      edgeGraph: segmentIndex(batch.edgeGraph, nGraphs),
    },
  };
}

export function disposeInputs(inputs: MEGNetInputs): void {
  tf.dispose([inputs.bondFeatures, inputs.states]);
  disposeSegmentIndex(inputs.atomTypes);
  for (const s of Object.values(inputs.index) as SegmentIndex[]) disposeSegmentIndex(s);
}
