/** Property tests of the graph builder, written with the reusable kit in src/graph/testing.ts. */
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildCrystalGraph } from "../../src/graph/index.js";
import { Lattice, Structure } from "../../src/structure/index.js";
import {
  checkAgainstBruteForce,
  checkCutoffAndOrder,
  checkCutoffMonotonic,
  checkPermutationInvariance,
  checkReverseEdges,
  checkSupercell,
  checkTranslationInvariance,
  cutoffArbitrary,
  latticeArbitrary,
  permutedStructureArbitrary,
  shiftArbitrary,
  structureArbitrary,
} from "../../src/graph/testing.js";

const methods = fc.constantFrom("pairs" as const, "cell-list" as const);
const RUNS = { numRuns: 150, seed: 20261128 };

/** Turn a checker's diagnostics into a property failure that shows them. */
const holds = (problems: string[]): boolean => {
  if (problems.length > 0) throw new Error(problems.join("\n"));
  return true;
};

describe("graph properties on random (incl. skewed) cells", () => {
  it("matches a brute-force O(N²·images) search exactly, with either kernel", () => {
    fc.assert(
      fc.property(structureArbitrary(), cutoffArbitrary(), methods, (s, cutoff, method) =>
        holds(checkAgainstBruteForce(s, { cutoff, method })),
      ),
      RUNS,
    );
  });

  it("pairs every edge with its reverse at the same distance, and keeps d within the cutoff", () => {
    fc.assert(
      fc.property(structureArbitrary(), cutoffArbitrary(), methods, (s, cutoff, method) => {
        const g = buildCrystalGraph(s, { cutoff, method, isolatedAtoms: "ignore", allowEmpty: true });
        return holds([...checkReverseEdges(g), ...checkCutoffAndOrder(g)]);
      }),
      RUNS,
    );
  });

  it("is invariant under a common translation of all sites", () => {
    fc.assert(
      fc.property(structureArbitrary(), shiftArbitrary(), cutoffArbitrary(), (s, shift, cutoff) =>
        holds(checkTranslationInvariance(s, shift, { cutoff })),
      ),
      RUNS,
    );
  });

  it("is invariant under a permutation of the sites", () => {
    fc.assert(
      fc.property(permutedStructureArbitrary(), cutoffArbitrary(), ({ structure, order }, cutoff) =>
        holds(checkPermutationInvariance(structure, order, { cutoff })),
      ),
      RUNS,
    );
  });

  it("gives an a×b×c supercell a·b·c times the edges with the same per-site neighbours", () => {
    const size = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 }));
    fc.assert(
      fc.property(structureArbitrary({ maxSites: 4 }), size, cutoffArbitrary(1, 4.5), methods, (s, [a, b, c], cutoff, method) =>
        holds(checkSupercell(s, [a, b, c], { cutoff, method })),
      ),
      { ...RUNS, numRuns: 80 },
    );
  });

  it("only adds edges when the cutoff grows", () => {
    fc.assert(
      fc.property(structureArbitrary(), cutoffArbitrary(1, 4), fc.double({ min: 0, max: 2, noNaN: true }), (s, r, dr) =>
        holds(checkCutoffMonotonic(s, r, r + dr)),
      ),
      RUNS,
    );
  });

  it("the lattice arbitrary really produces skewed cells (angles < 35°, axes < 2 Å)", () => {
    const samples = fc.sample(latticeArbitrary(), { numRuns: 400, seed: 7 });
    const minAngle = (l: (typeof samples)[number]) => Math.min(l.alpha, l.beta, l.gamma, 180 - Math.max(l.alpha, l.beta, l.gamma));
    expect(samples.some((l) => minAngle(l) < 35)).toBe(true);
    expect(samples.some((l) => Math.min(l.a, l.b, l.c) < 2)).toBe(true);
  });
});

describe("the checkers report broken graphs", () => {
  it("flags a missing reverse edge, a distance beyond the cutoff and a broken src order", () => {
    const s = Structure.fromSpecies(Lattice.fromParameters(3, 3, 3, 90, 90, 90), ["Po"], [[0, 0, 0]]);
    const g = buildCrystalGraph(s, { cutoff: 3 });
    const broken = { ...g, nEdges: g.nEdges - 1, src: g.src.slice(1), dst: g.dst.slice(1), images: g.images.slice(3), distances: g.distances.slice(1) };
    expect(checkReverseEdges(broken)).toEqual([expect.stringMatching(/has no reverse/)]);
    const far = { ...g, distances: g.distances.map((d, k) => (k === 2 ? 3.1 : d)) };
    expect(checkCutoffAndOrder(far)).toEqual([expect.stringMatching(/beyond 3 Å/)]);
    const unordered = { ...g, src: Int32Array.from([0, 0, 1, 0, 0, 0]) };
    expect(checkCutoffAndOrder(unordered)).toEqual([expect.stringMatching(/breaks the src order/)]);
  });
});
