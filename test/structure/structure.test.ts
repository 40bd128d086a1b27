import { describe, expect, it } from "vitest";
import { StructureError } from "../../src/core/errors.js";
import { Lattice } from "../../src/structure/lattice.js";
import { Structure } from "../../src/structure/structure.js";

const lattice = Lattice.fromParameters(3, 4, 5, 80, 95, 100);

describe("Structure model", () => {
  it("round-trips through JSON with labels, oxidation states and partial occupancies", () => {
    const s = new Structure(lattice, [
      { species: [{ element: "Fe", occupancy: 0.5, oxidationState: 2 }, { element: "Co", occupancy: 0.25 }], frac: [0, 0, 0], label: "M1" },
      { species: [{ element: "O", occupancy: 1, oxidationState: -2 }], frac: [0.5, 0.25, 0.125] },
    ]);
    const back = Structure.fromJSON(JSON.parse(JSON.stringify(s)));
    expect(back.toJSON()).toEqual(s.toJSON());
    expect(back.sites[0].label).toBe("M1");
    expect(back.isOrdered).toBe(false);
    expect(back.composition).toEqual({ Fe: 0.5, Co: 0.25, O: 1 });
    expect(back.nAtoms).toBeCloseTo(1.75, 12);
    expect(back.nElements).toBe(3);
    expect(() => back.atomicNumbers()).toThrow(StructureError);
  });

  it("is deeply immutable and independent of the caller's arrays", () => {
    const frac: [number, number, number] = [0.1, 0.2, 0.3];
    const species = [{ element: "Na", occupancy: 1 }];
    const s = new Structure(lattice, [{ species, frac }]);
    frac[0] = 0.9;
    species[0].element = "Cl";
    expect(s.sites[0].frac[0]).toBe(0.1);
    expect(s.sites[0].species[0].element).toBe("Na");
    expect(Object.isFrozen(s.sites[0].frac)).toBe(true);
    expect(Object.isFrozen(s.sites[0].species[0])).toBe(true);
  });

  it("matches pymatgen's reciprocal lattice", () => {
    // pymatgen Lattice.from_parameters(3, 4, 5, 80, 95, 100).reciprocal_lattice.matrix
    const expected = [
      [2.10239535143592, 0.34421500951642214, 0.0],
      [0.0, 1.6162651230934164, 0.0],
      [0.10994149704217293, -0.20652900570985344, 1.2566370614359172],
    ];
    lattice.reciprocal.matrix.forEach((row, i) => {
      row.forEach((x, k) => {
        expect(x).toBeCloseTo(expected[i][k], 10);
      });
    });
  });

  it("rejects bad sites with StructureError", () => {
    expect(() => new Structure(lattice, [])).toThrow(/at least one site/);
    expect(() => Structure.fromSpecies(lattice, ["Xx"], [[0, 0, 0]])).toThrow(/unknown element 'Xx'/);
    expect(() => new Structure(lattice, [{ species: [{ element: "Na", occupancy: 1.5 }], frac: [0, 0, 0] }])).toThrow(/occupancy/);
    expect(() => Structure.fromSpecies(lattice, ["Na"], [[Number.NaN, 0, 0]])).toThrow(/non-finite/);
  });
});
