/**
 * `buildCrystalGraph`: a structure and a cutoff → the immutable MEGNet crystal graph, following
 * megnet-keras-format §2 to the letter (see `search.ts` for the edge rule).
 */
import { GraphError, StructureError } from "../core/errors.js";
import { elementBySymbol, type Element } from "../structure/elements.js";
import { Structure } from "../structure/structure.js";
import { searchCellList } from "./cell-list.js";
import { EdgeBuffer } from "./edge-buffer.js";
import { prepareSites, searchPairs } from "./search.js";
import type { CrystalGraph } from "./types.js";

/** What to do with an atom that has no neighbour within the cutoff (megnet warns and carries on). */
export type IsolatedAtomsPolicy = "ignore" | "warn" | "error";

/** Neighbour-search algorithm. `auto` picks pairs for small cells and a cell list for large ones. */
export type NeighborSearchMethod = "auto" | "pairs" | "cell-list";

export interface BuildGraphOptions {
  /** Neighbour cutoff r in Å; an edge needs d² < r² + 1e-8. */
  readonly cutoff: number;
  /** Default "warn". */
  readonly isolatedAtoms?: IsolatedAtomsPolicy;
  /** Receives warnings (isolated atoms). Default: `console.warn`. */
  readonly onWarning?: (message: string) => void;
  /**
   * Accept a graph without any edge. MEGNet cannot use one ("The cutoff is too small"), so the
   * default (false) throws a `GraphError`.
   */
  readonly allowEmpty?: boolean;
  /** Global state vector; MEGNet's is [0, 0] (the default). */
  readonly state?: ArrayLike<number>;
  readonly method?: NeighborSearchMethod;
  /** Refuse (with a `GraphError`) when the expected edge count exceeds this. Default 2e8. */
  readonly maxEdges?: number;
}

/** A structure as plain arrays (what `Structure` reduces to), for callers that skip `Structure`. */
export interface PeriodicSites {
  /** Lattice vectors as rows (3×3), Å. */
  readonly lattice: ArrayLike<ArrayLike<number>>;
  /** Fractional coordinates, 3 per site (flat). */
  readonly fracCoords: ArrayLike<number>;
  /** Atomic number per site. */
  readonly atomicNumbers: ArrayLike<number>;
}

/** Below this many sites the all-pairs kernel beats the cell list (measured, bench/graph.ts). */
const PAIR_KERNEL_MAX_SITES = 64;
const DEFAULT_MAX_EDGES = 2e8;

/**
 * Build the directed periodic graph of a crystal: one node per site (site order), one edge per
 * (centre i, neighbour j, translation n) with |x_j + n·L − x_i|² < r² + 1e-8, except the
 * zero-distance self pair. Periodic self-images and multiple images of one pair are separate
 * edges; every edge has its reverse. Edges are sorted by src (centre), then dst, then image n
 * (n0, n1, n2 lexicographically); `images` are relative to the caller's (unwrapped) coordinates.
 *
 * @throws StructureError for a disordered structure; GraphError for a bad cutoff, an empty graph
 *   (unless `allowEmpty`), or isolated atoms under the "error" policy.
 */
export function buildCrystalGraph(structure: Structure | PeriodicSites, options: BuildGraphOptions): CrystalGraph {
  const { cutoff } = options;
  if (!(Number.isFinite(cutoff) && cutoff > 0)) {
    throw new GraphError(`cutoff must be a positive number of Å, got ${cutoff}`);
  }
  const input = isStructure(structure) ? fromStructure(structure) : fromArrays(structure);
  const sites = prepareSites(input.matrix, input.frac);
  const n = sites.n;

  // expected edges: N sites × (N/V) density × sphere volume
  const sphere = (4 / 3) * Math.PI * cutoff ** 3;
  const expected = (n * n * sphere) / sites.volume;
  const maxEdges = options.maxEdges ?? DEFAULT_MAX_EDGES;
  if (expected > maxEdges) {
    throw new GraphError(
      `cutoff ${cutoff} Å would give about ${expected.toExponential(2)} edges for ${n} sites (limit ${maxEdges}): use a smaller cutoff or raise maxEdges`,
    );
  }
  const buffer = new EdgeBuffer(Math.min(expected * 1.15 + 16, 1 << 24));
  const method = options.method ?? "auto";
  if (method === "pairs" || (method === "auto" && n <= PAIR_KERNEL_MAX_SITES)) searchPairs(sites, cutoff, buffer);
  else searchCellList(sites, cutoff, buffer);
  const edges = buffer.finish();

  const nEdges = edges.src.length;
  if (nEdges === 0 && !options.allowEmpty) {
    throw new GraphError(
      `no edge within the ${cutoff} Å cutoff: MEGNet cannot use this structure (megnet: "The cutoff is too small"); use a larger cutoff`,
    );
  }
  checkIsolated(edges.src, n, cutoff, nEdges, options);

  const state = Float32Array.from(options.state ?? [0, 0]);
  return Object.freeze({
    nNodes: n,
    nEdges,
    atomicNumbers: input.atomicNumbers,
    src: edges.src,
    dst: edges.dst,
    images: edges.images,
    distances: edges.distances,
    state,
    cutoff,
  });
}

/** Structural check rather than `instanceof`, so a Structure from a second copy of the package (ESM + CJS) works. */
function isStructure(x: Structure | PeriodicSites): x is Structure {
  return x instanceof Structure || ("sites" in x && "lattice" in x && !("fracCoords" in x));
}

interface FlatInput {
  readonly matrix: Float64Array;
  readonly frac: Float64Array;
  readonly atomicNumbers: Int32Array;
}

function fromStructure(structure: Structure): FlatInput {
  const { sites } = structure;
  const n = sites.length;
  const frac = new Float64Array(3 * n);
  const atomicNumbers = new Int32Array(n);
  const disordered: number[] = [];
  for (let i = 0; i < n; i++) {
    const site = sites[i];
    const sp = site.species;
    if (sp.length !== 1 || Math.abs(sp[0].occupancy - 1) >= 1e-8) disordered.push(i);
    else atomicNumbers[i] = (elementBySymbol(sp[0].element) as Element).z;
    frac[3 * i] = site.frac[0];
    frac[3 * i + 1] = site.frac[1];
    frac[3 * i + 2] = site.frac[2];
  }
  if (disordered.length > 0) {
    const shown = disordered.slice(0, 5).join(", ") + (disordered.length > 5 ? ", …" : "");
    throw new StructureError(
      `cannot build a crystal graph of a disordered structure (partial or mixed occupancy on site(s) ${shown}): ` +
        "order it first, e.g. keep the majority species on each site, or enumerate orderings in a supercell " +
        "(pymatgen OrderDisorderedStructureTransformation, or supercell programs such as mcsqs/supercell)",
    );
  }
  const m = structure.lattice.matrix;
  return { matrix: Float64Array.of(...m[0], ...m[1], ...m[2]), frac, atomicNumbers };
}

function fromArrays(input: PeriodicSites): FlatInput {
  const n = input.atomicNumbers.length;
  if (n === 0) throw new StructureError("a structure needs at least one site");
  if (input.fracCoords.length !== 3 * n) {
    throw new StructureError(`fracCoords has ${input.fracCoords.length} numbers, expected 3 × ${n} sites`);
  }
  const rows = [0, 1, 2].map((k) => input.lattice[k]);
  const matrix = new Float64Array(9);
  for (let k = 0; k < 3; k++) {
    for (let l = 0; l < 3; l++) matrix[3 * k + l] = Number(rows[k]?.[l]);
  }
  if (!matrix.every(Number.isFinite)) throw new StructureError("lattice matrix must be 3x3 with finite entries");
  const [a0, a1, a2, b0, b1, b2, c0, c1, c2] = matrix;
  const volume = Math.abs(a0 * (b1 * c2 - b2 * c1) + a1 * (b2 * c0 - b0 * c2) + a2 * (b0 * c1 - b1 * c0));
  if (!(volume > 1e-8)) throw new StructureError(`lattice has zero volume (${volume})`);
  const frac = Float64Array.from(input.fracCoords);
  if (!frac.every(Number.isFinite)) throw new StructureError("fractional coordinates must be finite");
  const atomicNumbers = Int32Array.from(input.atomicNumbers);
  for (const [i, z] of atomicNumbers.entries()) {
    if (!(z >= 1 && z <= 118) || z !== input.atomicNumbers[i]) {
      throw new StructureError(`site ${i}: atomic number must be an integer 1–118, got ${input.atomicNumbers[i]}`);
    }
  }
  return { matrix, frac, atomicNumbers };
}

function checkIsolated(src: Int32Array, n: number, cutoff: number, nEdges: number, options: BuildGraphOptions): void {
  const policy = options.isolatedAtoms ?? "warn";
  if (policy === "ignore" || nEdges === 0) return;
  const hasEdge = new Uint8Array(n);
  for (let k = 0; k < nEdges; k++) hasEdge[src[k]] = 1;
  const isolated: number[] = [];
  for (let i = 0; i < n; i++) if (hasEdge[i] === 0) isolated.push(i);
  if (isolated.length === 0) return;
  const shown = isolated.slice(0, 10).join(", ") + (isolated.length > 10 ? ", …" : "");
  const message = `${isolated.length} isolated atom(s) with no neighbour within ${cutoff} Å (site ${shown})`;
  if (policy === "error") throw new GraphError(message);
  (options.onWarning ?? console.warn)(message);
}
