import { describe, expect, it } from "vitest";
import { Lattice } from "../../src/structure/lattice.js";
import { Structure } from "../../src/structure/structure.js";

describe("Lattice", () => {
  it("builds pymatgen's matrix from parameters (Li2O rhombohedral cell)", () => {
    // pymatgen: Lattice.from_parameters(3.291, 3.291, 3.291, 60, 60, 60).matrix
    const lat = Lattice.fromParameters(3.291, 3.291, 3.291, 60, 60, 60);
    expect(lat.volume).toBeCloseTo(3.291 ** 3 / Math.SQRT2, 10);
    expect(lat.a).toBeCloseTo(3.291, 12);
    expect(lat.alpha).toBeCloseTo(60, 10);
    const f = [0.25, 0.5, 0.75] as const;
    const back = lat.cartToFrac(lat.fracToCart(f));
    for (const [i, x] of back.entries()) expect(x).toBeCloseTo(f[i], 12);
  });

  it("rejects impossible cells", () => {
    expect(() => Lattice.fromParameters(1, 1, -1, 90, 90, 90)).toThrow(/cell length c must be positive/);
    expect(() => Lattice.fromParameters(1, 1, 1, 10, 10, 120)).toThrow(/impossible cell angles/);
  });
});

describe("Structure", () => {
  it("computes composition, formulas and density of rock-salt NaCl", () => {
    const lat = Lattice.fromParameters(5.64, 5.64, 5.64, 90, 90, 90);
    const na: [number, number, number][] = [[0, 0, 0], [0.5, 0.5, 0], [0.5, 0, 0.5], [0, 0.5, 0.5]];
    const cl = na.map(([x, y, z]) => [(x + 0.5) % 1, y, z] as [number, number, number]);
    const s = Structure.fromSpecies(lat, [...na.map(() => "Na"), ...cl.map(() => "Cl")], [...na, ...cl]);
    expect(s.composition).toEqual({ Na: 4, Cl: 4 });
    expect(s.formula).toBe("Na4Cl4");
    expect(s.reducedFormula).toBe("NaCl");
    expect(s.density).toBeCloseTo(2.1637274938, 8) // pymatgen Structure.density;
    expect(s.supercell(2, 1, 1).nSites).toBe(16);
  });
});
