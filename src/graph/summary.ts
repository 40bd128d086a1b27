/** Small read-only views of a graph: coordination numbers, centre segments, and the CLI summary. */
import type { Structure } from "../structure/structure.js";
import { buildCrystalGraph } from "./build.js";
import type { CrystalGraph } from "./types.js";

/** What `paraisite inspect --cutoff` prints for a structure's graph. */
export interface GraphSummary {
  readonly cutoff: number;
  readonly nEdges: number;
  /** Edges per centre, in the structure's site order. */
  readonly perSiteCn: number[];
  /** All edge lengths (Å), sorted ascending. */
  readonly distances: number[];
}

/** Number of edges leaving each node (its coordination number at the graph's cutoff). */
export function perSiteCoordination(graph: Pick<CrystalGraph, "nNodes" | "nEdges" | "src">): Int32Array {
  const cn = new Int32Array(graph.nNodes);
  for (let k = 0; k < graph.nEdges; k++) cn[graph.src[k]]++;
  return cn;
}

/**
 * CSR row pointer of the centre-sorted edge list: edges of node i are `offsets[i] ..< offsets[i+1]`.
 * Relies on edges being sorted by `src`, as `buildCrystalGraph` and `batchGraphs` guarantee.
 */
export function centreOffsets(graph: Pick<CrystalGraph, "nNodes" | "nEdges" | "src">): Int32Array {
  const offsets = new Int32Array(graph.nNodes + 1);
  for (let k = 0; k < graph.nEdges; k++) offsets[graph.src[k] + 1]++;
  for (let i = 0; i < graph.nNodes; i++) offsets[i + 1] += offsets[i];
  return offsets;
}

/** `{cutoff, nEdges, perSiteCn, distances}` with distances sorted ascending (JSON-ready). */
export function graphSummary(graph: CrystalGraph): GraphSummary {
  return {
    cutoff: graph.cutoff,
    nEdges: graph.nEdges,
    perSiteCn: Array.from(perSiteCoordination(graph)),
    distances: Array.from(Float64Array.from(graph.distances).sort()),
  };
}

/**
 * The `inspect --cutoff` entry of one structure: its graph summary at `cutoff`, or `undefined`
 * for a disordered structure (no graph). Empty graphs and isolated atoms are reported, not refused.
 */
export function structureGraphSummary(structure: Structure, cutoff: number): GraphSummary | undefined {
  if (!structure.isOrdered) return undefined;
  return graphSummary(buildCrystalGraph(structure, { cutoff, allowEmpty: true, isolatedAtoms: "ignore" }));
}
