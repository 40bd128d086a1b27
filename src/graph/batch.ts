/** Concatenate graphs into one batch with node/edge offsets and graph indices for segment ops. */
import { GraphError } from "../core/errors.js";
import type { CrystalGraph, GraphBatch } from "./types.js";

/**
 * Concatenate graphs: node indices of graph g are shifted by the nodes of graphs 0..g−1, so `src`
 * stays sorted ascending (each centre's edges are contiguous across the whole batch).
 * All graphs must share the cutoff and the state dimension.
 */
export function batchGraphs(graphs: readonly CrystalGraph[]): GraphBatch {
  if (graphs.length === 0) throw new GraphError("cannot batch zero graphs");
  const { cutoff } = graphs[0];
  const stateDim = graphs[0].state.length;
  let nNodes = 0;
  let nEdges = 0;
  for (const [g, graph] of graphs.entries()) {
    if (graph.cutoff !== cutoff) {
      throw new GraphError(`graph ${g} was built with cutoff ${graph.cutoff} Å, graph 0 with ${cutoff} Å`);
    }
    if (graph.state.length !== stateDim) {
      throw new GraphError(`graph ${g} has a state of dimension ${graph.state.length}, graph 0 of ${stateDim}`);
    }
    nNodes += graph.nNodes;
    nEdges += graph.nEdges;
  }
  const atomicNumbers = new Int32Array(nNodes);
  const src = new Int32Array(nEdges);
  const dst = new Int32Array(nEdges);
  const images = new Int32Array(3 * nEdges);
  const distances = new Float64Array(nEdges);
  const nodeGraph = new Int32Array(nNodes);
  const edgeGraph = new Int32Array(nEdges);
  const nodesPerGraph = new Int32Array(graphs.length);
  const edgesPerGraph = new Int32Array(graphs.length);
  const states = new Float32Array(graphs.length * stateDim);
  let nodeOffset = 0;
  let edgeOffset = 0;
  for (const [g, graph] of graphs.entries()) {
    atomicNumbers.set(graph.atomicNumbers, nodeOffset);
    nodeGraph.fill(g, nodeOffset, nodeOffset + graph.nNodes);
    for (let k = 0; k < graph.nEdges; k++) {
      src[edgeOffset + k] = graph.src[k] + nodeOffset;
      dst[edgeOffset + k] = graph.dst[k] + nodeOffset;
    }
    images.set(graph.images, 3 * edgeOffset);
    distances.set(graph.distances, edgeOffset);
    edgeGraph.fill(g, edgeOffset, edgeOffset + graph.nEdges);
    nodesPerGraph[g] = graph.nNodes;
    edgesPerGraph[g] = graph.nEdges;
    states.set(graph.state, g * stateDim);
    nodeOffset += graph.nNodes;
    edgeOffset += graph.nEdges;
  }
  return Object.freeze({
    nGraphs: graphs.length,
    nNodes,
    nEdges,
    atomicNumbers,
    src,
    dst,
    images,
    distances,
    cutoff,
    nodeGraph,
    edgeGraph,
    nodesPerGraph,
    edgesPerGraph,
    states,
    stateDim,
  });
}
