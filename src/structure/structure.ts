import { StructureError } from "../core/errors.js";
import type { Vec3 } from "../core/vec3.js";
import { elementBySymbol, type Element } from "./elements.js";
import { formulaOf, reducedFormulaOf } from "./formula.js";
import { Lattice } from "./lattice.js";

/** One species on a site, with its occupancy (1 for an ordered site). */
export interface SpeciesOccupancy {
  readonly element: string;
  readonly occupancy: number;
  /** Formal oxidation state, when the source gave one (e.g. `O2-` → -2). */
  readonly oxidationState?: number;
}

/** A site: one or more species (a disordered site has several or a partial occupancy) at fractional coordinates. */
export interface Site {
  readonly species: readonly SpeciesOccupancy[];
  readonly frac: Vec3;
  readonly label?: string;
}

/** JSON form of a structure (what `toJSON` writes and `Structure.fromJSON` reads). */
export interface StructureJSON {
  readonly lattice: { readonly matrix: readonly (readonly number[])[] };
  readonly sites: readonly {
    readonly species: readonly SpeciesOccupancy[];
    readonly frac: readonly number[];
    readonly label?: string;
  }[];
}

/** Composition: element symbol → amount (occupancy-weighted count). */
export type Composition = Readonly<Record<string, number>>;

const AVOGADRO = 6.02214076e23;

/**
 * A periodic crystal: a lattice and its sites. Immutable; every operation returns a new value.
 * Site order is meaningful (graph nodes follow it).
 */
export class Structure {
  readonly lattice: Lattice;
  readonly sites: readonly Site[];

  constructor(lattice: Lattice, sites: readonly Site[]) {
    if (sites.length === 0) throw new StructureError("a structure needs at least one site");
    for (const [i, site] of sites.entries()) {
      if (site.species.length === 0) throw new StructureError(`site ${i} has no species`);
      if (!site.frac.every(Number.isFinite)) throw new StructureError(`site ${i} has non-finite coordinates`);
      for (const sp of site.species) {
        if (!elementBySymbol(sp.element)) throw new StructureError(`site ${i}: unknown element '${sp.element}'`);
        if (!(sp.occupancy > 0 && sp.occupancy <= 1 + 1e-8)) {
          throw new StructureError(`site ${i}: occupancy of ${sp.element} must be in (0, 1], got ${sp.occupancy}`);
        }
      }
    }
    this.lattice = lattice;
    // deep copy + freeze: callers' arrays can change later without touching this structure
    this.sites = Object.freeze(
      sites.map((s) =>
        Object.freeze({
          ...s,
          frac: Object.freeze([s.frac[0], s.frac[1], s.frac[2]]) as unknown as Vec3,
          species: Object.freeze(s.species.map((sp) => Object.freeze({ ...sp }))),
        }),
      ),
    );
  }

  /** Ordered structure from element symbols and fractional coordinates. */
  static fromSpecies(lattice: Lattice, elements: readonly string[], fracs: readonly Vec3[]): Structure {
    if (elements.length !== fracs.length) throw new StructureError("elements and coordinates differ in length");
    return new Structure(
      lattice,
      elements.map((element, i) => ({ species: [{ element, occupancy: 1 }], frac: fracs[i] })),
    );
  }

  static fromJSON(json: StructureJSON): Structure {
    return new Structure(
      Lattice.fromMatrix(json.lattice.matrix),
      json.sites.map((s) => ({
        species: s.species,
        frac: [s.frac[0], s.frac[1], s.frac[2]] as Vec3,
        ...(s.label !== undefined ? { label: s.label } : {}),
      })),
    );
  }

  get nSites(): number {
    return this.sites.length;
  }

  /** True when every site holds one species at occupancy 1. */
  get isOrdered(): boolean {
    return this.sites.every((s) => s.species.length === 1 && Math.abs(s.species[0].occupancy - 1) < 1e-8);
  }

  /** Atomic numbers per site. Throws for a disordered structure. */
  atomicNumbers(): Int32Array {
    if (!this.isOrdered) {
      throw new StructureError(
        "structure is disordered (partial occupancies): order it first, e.g. take the majority species per site or enumerate orderings (pymatgen OrderDisorderedStructureTransformation)",
      );
    }
    return Int32Array.from(this.sites, (s) => (elementBySymbol(s.species[0].element) as Element).z);
  }

  /** Cartesian coordinates per site (Å). */
  cartesianCoords(): Vec3[] {
    return this.sites.map((s) => this.lattice.fracToCart(s.frac));
  }

  /** Element → occupancy-weighted amount, in order of first appearance. */
  get composition(): Composition {
    const out: Record<string, number> = {};
    for (const site of this.sites) {
      for (const sp of site.species) out[sp.element] = (out[sp.element] ?? 0) + sp.occupancy;
    }
    return out;
  }

  /** Number of atoms (sum of occupancies). */
  get nAtoms(): number {
    return Object.values(this.composition).reduce((a, b) => a + b, 0);
  }

  /** Formula as pymatgen's `formula` without spaces: "Li4Fe4P4O16", "Cu2.8Te2" (electronegativity order). */
  get formula(): string {
    return formulaOf(this.composition);
  }

  /** Reduced formula, exactly pymatgen's `reduced_formula` ("LiFePO4", "Li4MnFe3(PO4)4", "N2", "TePb"). */
  get reducedFormula(): string {
    return reducedFormulaOf(this.composition);
  }

  /** Number of distinct elements. */
  get nElements(): number {
    return Object.keys(this.composition).length;
  }

  /** Density in g/cm³. */
  get density(): number {
    let mass = 0;
    for (const [el, amount] of Object.entries(this.composition)) mass += (elementBySymbol(el) as Element).mass * amount;
    return mass / AVOGADRO / (this.lattice.volume * 1e-24);
  }

  /** Atoms per Å³. */
  get atomicDensity(): number {
    return this.nAtoms / this.lattice.volume;
  }

  /** A copy with sites reordered: `order[k]` is the old index of new site k. */
  permuted(order: readonly number[]): Structure {
    if (order.length !== this.nSites || new Set(order).size !== this.nSites) {
      throw new StructureError("permutation must list every site index once");
    }
    return new Structure(this.lattice, order.map((i) => this.sites[i]));
  }

  /** An na×nb×nc supercell; sites ordered by original site, then by image. */
  supercell(na: number, nb: number, nc: number): Structure {
    const m = this.lattice.matrix;
    const lattice = Lattice.fromMatrix([m[0].map((x) => x * na), m[1].map((x) => x * nb), m[2].map((x) => x * nc)]);
    const sites: Site[] = [];
    for (const site of this.sites) {
      for (let i = 0; i < na; i++) {
        for (let j = 0; j < nb; j++) {
          for (let k = 0; k < nc; k++) {
            sites.push({ ...site, frac: [(site.frac[0] + i) / na, (site.frac[1] + j) / nb, (site.frac[2] + k) / nc] });
          }
        }
      }
    }
    return new Structure(lattice, sites);
  }

  /** A copy with every site moved by the same fractional vector. */
  translated(shift: Vec3): Structure {
    return new Structure(
      this.lattice,
      this.sites.map((s) => ({ ...s, frac: [s.frac[0] + shift[0], s.frac[1] + shift[1], s.frac[2] + shift[2]] as Vec3 })),
    );
  }

  toJSON(): StructureJSON {
    return {
      lattice: this.lattice.toJSON(),
      sites: this.sites.map((s) => ({
        species: s.species.map((sp) => ({ ...sp })),
        frac: [...s.frac],
        ...(s.label !== undefined ? { label: s.label } : {}),
      })),
    };
  }
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Divide amounts by their greatest common divisor when they are (near) integers. */
export function reduceComposition(comp: Composition): Composition {
  const amounts = Object.values(comp);
  if (!amounts.every((x) => Math.abs(x - Math.round(x)) < 1e-6)) return comp;
  const g = amounts.map((x) => Math.round(x)).reduce(gcd);
  const out: Record<string, number> = {};
  for (const [el, x] of Object.entries(comp)) out[el] = Math.round(x) / g;
  return out;
}
