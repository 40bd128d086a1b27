/**
 * Invariance checkers for crystal-graph builders. Each returns a list of human-readable problems
 * (empty when the property holds), so they work under any test runner or property-based tool.
 */
import type { Structure } from "../structure/structure.js";
import type { Vec3 } from "../core/vec3.js";
import { bruteForceEdges } from "./brute-force.js";
import { type BuildGraphOptions, buildCrystalGraph } from "./build.js";
import { DISTANCE_TOLERANCE } from "./search.js";
import type { CrystalGraph } from "./types.js";

/** The builder options used by the checkers: never warn, never refuse an empty graph. */
export type CheckOptions = Pick<BuildGraphOptions, "cutoff" | "method">;

/** Distances compared across different but equivalent inputs agree to this (Å). */
const DISTANCE_MATCH = 1e-9;
/** Report at most this many problems per check. */
const MAX_PROBLEMS = 5;

const build = (structure: Structure, options: CheckOptions): CrystalGraph =>
  buildCrystalGraph(structure, { ...options, isolatedAtoms: "ignore", allowEmpty: true });

const edgeKey = (g: CrystalGraph, k: number): string =>
  `${g.src[k]},${g.dst[k]},${g.images[3 * k]},${g.images[3 * k + 1]},${g.images[3 * k + 2]}`;

/** Every edge (i, j, n) has its reverse (j, i, −n) at the same distance. */
export function checkReverseEdges(graph: CrystalGraph): string[] {
  const byKey = new Map<string, number>();
  for (let k = 0; k < graph.nEdges; k++) byKey.set(edgeKey(graph, k), graph.distances[k]);
  const problems: string[] = [];
  for (let k = 0; k < graph.nEdges && problems.length < MAX_PROBLEMS; k++) {
    const n = graph.images.subarray(3 * k, 3 * k + 3);
    const back = byKey.get(`${graph.dst[k]},${graph.src[k]},${-n[0]},${-n[1]},${-n[2]}`);
    if (back === undefined) problems.push(`edge ${edgeKey(graph, k)} has no reverse`);
    else if (Math.abs(back - graph.distances[k]) > DISTANCE_MATCH) {
      problems.push(`edge ${edgeKey(graph, k)}: d = ${graph.distances[k]}, reverse d = ${back}`);
    }
  }
  if (byKey.size !== graph.nEdges) problems.push(`${graph.nEdges - byKey.size} duplicate edge(s)`);
  return problems;
}

/** Distances within the cutoff (d² < r² + 1e-8), no zero self pair, edges sorted by src. */
export function checkCutoffAndOrder(graph: CrystalGraph): string[] {
  const problems: string[] = [];
  const r2 = graph.cutoff * graph.cutoff + DISTANCE_TOLERANCE;
  for (let k = 0; k < graph.nEdges && problems.length < MAX_PROBLEMS; k++) {
    const d = graph.distances[k];
    if (!(d * d < r2 * (1 + 1e-12))) problems.push(`edge ${edgeKey(graph, k)}: d = ${d} beyond ${graph.cutoff} Å`);
    if (graph.src[k] === graph.dst[k] && d <= 1e-8) problems.push(`edge ${edgeKey(graph, k)} is a zero self pair`);
    if (k > 0 && graph.src[k] < graph.src[k - 1]) problems.push(`edge ${k} breaks the src order`);
  }
  return problems;
}

/** Sorted (Z_centre, Z_neighbour, d) triples: the graph up to node labelling. */
export function edgeTriples(graph: CrystalGraph): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (let k = 0; k < graph.nEdges; k++) {
    out.push([graph.atomicNumbers[graph.src[k]], graph.atomicNumbers[graph.dst[k]], graph.distances[k]]);
  }
  return out.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
}

function compareTriples(label: string, a: CrystalGraph, b: CrystalGraph): string[] {
  if (a.nEdges !== b.nEdges) return [`${label}: ${a.nEdges} edges before, ${b.nEdges} after`];
  const ta = edgeTriples(a);
  const tb = edgeTriples(b);
  const problems: string[] = [];
  for (let k = 0; k < ta.length && problems.length < MAX_PROBLEMS; k++) {
    const [x, y] = [ta[k], tb[k]];
    if (x[0] !== y[0] || x[1] !== y[1] || Math.abs(x[2] - y[2]) > DISTANCE_MATCH) {
      problems.push(`${label}: triple ${k} is (${x.join(", ")}) before, (${y.join(", ")}) after`);
    }
  }
  return problems;
}

/** Moving every site by the same fractional vector leaves the (Zi, Zj, d) multiset unchanged. */
export function checkTranslationInvariance(structure: Structure, shift: Vec3, options: CheckOptions): string[] {
  return compareTriples(`translation by [${shift.join(", ")}]`, build(structure, options), build(structure.translated(shift), options));
}

/** Reordering the sites leaves the (Zi, Zj, d) multiset unchanged. `order[k]` is the old index of new site k. */
export function checkPermutationInvariance(structure: Structure, order: readonly number[], options: CheckOptions): string[] {
  return compareTriples(`permutation [${order.join(", ")}]`, build(structure, options), build(structure.permuted(order), options));
}

/** Per-site sorted (Z_neighbour, d) lists. */
function neighbourLists(graph: CrystalGraph): [number, number][][] {
  const lists: [number, number][][] = Array.from({ length: graph.nNodes }, () => []);
  for (let k = 0; k < graph.nEdges; k++) {
    lists[graph.src[k]].push([graph.atomicNumbers[graph.dst[k]], graph.distances[k]]);
  }
  for (const l of lists) l.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return lists;
}

/**
 * An a×b×c supercell has a·b·c times the edges, and each supercell site has the same
 * (Z_neighbour, d) multiset as the site it copies (`Structure.supercell` keeps copies together).
 */
export function checkSupercell(structure: Structure, size: Vec3, options: CheckOptions): string[] {
  const [na, nb, nc] = size;
  const copies = na * nb * nc;
  const g = build(structure, options);
  const big = build(structure.supercell(na, nb, nc), options);
  const label = `${na}×${nb}×${nc} supercell`;
  if (big.nEdges !== copies * g.nEdges) return [`${label}: ${big.nEdges} edges, expected ${copies} × ${g.nEdges}`];
  const small = neighbourLists(g);
  const large = neighbourLists(big);
  const problems: string[] = [];
  for (let s = 0; s < large.length && problems.length < MAX_PROBLEMS; s++) {
    const want = small[Math.floor(s / copies)];
    const got = large[s];
    const same =
      want.length === got.length &&
      want.every((w, k) => w[0] === got[k][0] && Math.abs(w[1] - got[k][1]) <= DISTANCE_MATCH);
    if (!same) problems.push(`${label}: site ${s} has ${got.length} neighbours, its original ${want.length} (or distances differ)`);
  }
  return problems;
}

/** Every edge at the smaller cutoff is an edge at the larger one, with the same distance. */
export function checkCutoffMonotonic(structure: Structure, smaller: number, larger: number, options: Omit<CheckOptions, "cutoff"> = {}): string[] {
  const a = build(structure, { ...options, cutoff: smaller });
  const b = build(structure, { ...options, cutoff: larger });
  const byKey = new Map<string, number>();
  for (let k = 0; k < b.nEdges; k++) byKey.set(edgeKey(b, k), b.distances[k]);
  const problems: string[] = [];
  for (let k = 0; k < a.nEdges && problems.length < MAX_PROBLEMS; k++) {
    const d = byKey.get(edgeKey(a, k));
    if (d === undefined || Math.abs(d - a.distances[k]) > DISTANCE_MATCH) {
      problems.push(`edge ${edgeKey(a, k)} at ${smaller} Å is missing at ${larger} Å`);
    }
  }
  return problems;
}

/** Same edges (src, dst, n), in the same order, and distances as the naive O(N²·images) search. */
export function checkAgainstBruteForce(structure: Structure, options: CheckOptions): string[] {
  const g = build(structure, options);
  const m = structure.lattice.matrix;
  const ref = bruteForceEdges(m, structure.sites.flatMap((s) => [...s.frac]), options.cutoff);
  if (ref.src.length !== g.nEdges) return [`${g.nEdges} edges, brute force finds ${ref.src.length}`];
  const problems: string[] = [];
  for (let k = 0; k < g.nEdges && problems.length < MAX_PROBLEMS; k++) {
    const refKey = `${ref.src[k]},${ref.dst[k]},${ref.images[k].join(",")}`;
    if (edgeKey(g, k) !== refKey) problems.push(`edge ${k} is ${edgeKey(g, k)}, brute force ${refKey}`);
    else if (Math.abs(g.distances[k] - ref.distances[k]) > DISTANCE_MATCH) {
      problems.push(`edge ${refKey}: d = ${g.distances[k]}, brute force ${ref.distances[k]}`);
    }
  }
  return problems;
}
