/** fast-check arbitraries for crystal graphs: lattices (including skewed ones) and ordered structures. */
import * as fc from "fast-check";
import type { Vec3 } from "../core/vec3.js";
import { Lattice } from "../structure/lattice.js";
import { Structure } from "../structure/structure.js";

export interface LatticeArbitraryOptions {
  /** Shortest cell length, Å (default 2). */
  readonly minLength?: number;
  /** Longest cell length, Å (default 7). */
  readonly maxLength?: number;
  /** Include skewed cells: acute/obtuse angles down to 20°, one short axis, random matrices (default true). */
  readonly skewed?: boolean;
}

const length = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

/** True when three cell angles (degrees) describe a real cell with some volume to spare. */
function validAngles(alpha: number, beta: number, gamma: number): boolean {
  const [ca, cb, cg] = [alpha, beta, gamma].map((x) => Math.cos((x * Math.PI) / 180));
  // squared volume of the unit-edge cell
  const v2 = 1 - ca * ca - cb * cb - cg * cg + 2 * ca * cb * cg;
  return v2 > 0.02;
}

/** Lattice from lengths and angles in `[minAngle, 180 − minAngle]`. */
function parameterLattice(minLen: number, maxLen: number, minAngle: number): fc.Arbitrary<Lattice> {
  const angle = fc.double({ min: minAngle, max: 180 - minAngle, noNaN: true, noDefaultInfinity: true });
  return fc
    .tuple(length(minLen, maxLen), length(minLen, maxLen), length(minLen, maxLen), angle, angle, angle)
    .filter(([, , , al, be, ga]) => validAngles(al, be, ga))
    .map(([a, b, c, al, be, ga]) => Lattice.fromParameters(a, b, c, al, be, ga));
}

/** Arbitrary lattice matrix (random orientation and shear), not too flat. */
function matrixLattice(minLen: number, maxLen: number): fc.Arbitrary<Lattice> {
  const entry = fc.double({ min: -maxLen, max: maxLen, noNaN: true, noDefaultInfinity: true });
  const row = fc.tuple(entry, entry, entry);
  return fc
    .tuple(row, row, row)
    .filter((rows) => {
      const lengths = rows.map((r) => Math.hypot(...r));
      if (lengths.some((l) => l < minLen || l > maxLen * 1.8)) return false;
      const [a, b, c] = rows;
      const volume = Math.abs(
        a[0] * (b[1] * c[2] - b[2] * c[1]) - a[1] * (b[0] * c[2] - b[2] * c[0]) + a[2] * (b[0] * c[1] - b[1] * c[0]),
      );
      return volume > 0.15 * lengths[0] * lengths[1] * lengths[2];
    })
    .map((rows) => Lattice.fromMatrix(rows));
}

/**
 * Lattices for property tests: ordinary cells, and (unless `skewed: false`) very skewed ones —
 * angles down to 20°, one axis as short as 1 Å next to long ones, arbitrary orientation.
 */
export function latticeArbitrary(options: LatticeArbitraryOptions = {}): fc.Arbitrary<Lattice> {
  const minLen = options.minLength ?? 2;
  const maxLen = options.maxLength ?? 7;
  const ordinary = parameterLattice(minLen, maxLen, 60);
  if (options.skewed === false) return ordinary;
  const shortAxis = fc
    .tuple(length(1, 1.8), parameterLattice(minLen, maxLen, 25))
    .map(([short, lat]) => Lattice.fromParameters(short, lat.b, lat.c, lat.alpha, lat.beta, lat.gamma));
  return fc.oneof(ordinary, parameterLattice(minLen, maxLen, 20), shortAxis, matrixLattice(minLen, maxLen));
}

export interface StructureArbitraryOptions {
  readonly lattice?: fc.Arbitrary<Lattice>;
  /** Default 1. */
  readonly minSites?: number;
  /** Default 6. */
  readonly maxSites?: number;
  /** Element symbols to draw from (default a few light and heavy ones). */
  readonly elements?: readonly string[];
  /** Fractional coordinates are drawn from [−spread, 1 + spread) to exercise wrapping (default 0.5). */
  readonly spread?: number;
}

const DEFAULT_ELEMENTS = ["H", "Li", "O", "Na", "Si", "Cl", "Cs", "Pb"];

/** Ordered structures with random sites (unwrapped coordinates included) on random lattices. */
export function structureArbitrary(options: StructureArbitraryOptions = {}): fc.Arbitrary<Structure> {
  const spread = options.spread ?? 0.5;
  const coord = fc.double({ min: -spread, max: 1 + spread, noNaN: true, noDefaultInfinity: true, maxExcluded: true });
  const site = fc.tuple(fc.constantFrom(...(options.elements ?? DEFAULT_ELEMENTS)), fc.tuple(coord, coord, coord));
  return fc
    .tuple(
      options.lattice ?? latticeArbitrary(),
      fc.array(site, { minLength: options.minSites ?? 1, maxLength: options.maxSites ?? 6 }),
    )
    .map(([lattice, sites]) =>
      Structure.fromSpecies(
        lattice,
        sites.map(([el]) => el),
        sites.map(([, f]) => f as Vec3),
      ),
    );
}

/** A cutoff in Å (default 1–6). */
export function cutoffArbitrary(min = 1, max = 6): fc.Arbitrary<number> {
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** A fractional translation vector with components in [−2, 2]. */
export function shiftArbitrary(): fc.Arbitrary<Vec3> {
  const c = fc.double({ min: -2, max: 2, noNaN: true, noDefaultInfinity: true });
  return fc.tuple(c, c, c);
}

/** A structure together with a permutation of its sites. */
export function permutedStructureArbitrary(
  options: StructureArbitraryOptions = {},
): fc.Arbitrary<{ structure: Structure; order: number[] }> {
  return structureArbitrary(options).chain((structure) =>
    fc
      .shuffledSubarray(
        Array.from({ length: structure.nSites }, (_, i) => i),
        { minLength: structure.nSites, maxLength: structure.nSites },
      )
      .map((order) => ({ structure, order })),
  );
}
