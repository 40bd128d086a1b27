/**
 * The crystal graph: one immutable value of typed arrays, in the spirit of jraph's GraphsTuple.
 * A single crystal and a batch of crystals share the same shape; a batch adds per-node and
 * per-edge graph indices so that every aggregation can be a segment op.
 */

/** Directed periodic graph of one crystal. Edge k goes from centre `src[k]` to neighbour `dst[k]`. */
export interface CrystalGraph {
  readonly nNodes: number;
  readonly nEdges: number;
  /** Atomic number per node (site order of the structure). */
  readonly atomicNumbers: Int32Array;
  /**
   * Centre atom of each edge (megnet's index1). Edges are sorted by `src` ascending, so each
   * centre's edges are contiguous; within a centre `buildCrystalGraph` orders them by `dst`, then
   * by image (n0, n1, n2) lexicographically.
   */
  readonly src: Int32Array;
  /** Neighbour atom of each edge (megnet's index2). */
  readonly dst: Int32Array;
  /**
   * Lattice translation n of each edge, 3 integers per edge: neighbour position = x_dst + n·L, with
   * x the site's coordinates as given in the structure (not wrapped into the cell).
   */
  readonly images: Int32Array;
  /** Edge lengths in Å, computed in float64. */
  readonly distances: Float64Array;
  /** Global state vector (MEGNet uses [0, 0]). */
  readonly state: Float32Array;
  /** Neighbour cutoff used to build the graph, Å. */
  readonly cutoff: number;
}

/** Several graphs concatenated, node and edge indices offset, with graph membership per node/edge. */
export interface GraphBatch extends Omit<CrystalGraph, "state"> {
  readonly nGraphs: number;
  /** Graph index of each node. */
  readonly nodeGraph: Int32Array;
  /** Graph index of each edge. */
  readonly edgeGraph: Int32Array;
  /** Number of nodes in each graph. */
  readonly nodesPerGraph: Int32Array;
  /** Number of edges in each graph. */
  readonly edgesPerGraph: Int32Array;
  /** Per-graph state vectors, row-major [nGraphs, stateDim]. */
  readonly states: Float32Array;
  readonly stateDim: number;
}
