import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { CifError, StructureError } from "../../src/core/errors.js";
import { detectStructureFormat, parseCifStructure, parsePoscar, readStructureFile, writePoscar } from "../../src/io/index.js";
import { fixturesDir } from "../helpers/paths.js";

const dir = resolve(fixturesDir(), "cif/poscar");
const goldens: {
  files: Record<string, { species: string[]; frac: number[][]; matrix: number[][]; error: null }>;
} = JSON.parse(readFileSync(resolve(fixturesDir(), "cif/poscar-goldens.json"), "utf8"));

describe("POSCAR vs pymatgen 2022.11.7 Poscar.from_file", () => {
  for (const [name, gold] of Object.entries(goldens.files)) {
    it(name, () => {
      const s = readStructureFile(resolve(dir, name));
      expect(s.sites.map((x) => x.species[0].element)).toEqual(gold.species);
      for (let i = 0; i < 3; i++) {
        for (let k = 0; k < 3; k++) expect(Math.abs(s.lattice.matrix[i][k] - gold.matrix[i][k])).toBeLessThan(1e-8);
      }
      for (const [i, site] of s.sites.entries()) {
        for (let k = 0; k < 3; k++) expect(Math.abs(site.frac[k] - gold.frac[i][k])).toBeLessThan(1e-8);
      }
    });
  }
});

describe("POSCAR reader and writer", () => {
  const nacl = "NaCl\n1.0\n5.64 0 0\n0 5.64 0\n0 0 5.64\nNa Cl\n1 1\nDirect\n0 0 0\n0.5 0.5 0.5\n";

  it("reads Cartesian coordinates with the scale factor", () => {
    const s = parsePoscar("x\n2.0\n2 0 0\n0 2 0\n0 0 2\nSi\n1\nCartesian\n1 2 3\n");
    expect(s.lattice.a).toBe(4);
    expect(s.sites[0].frac).toEqual([0.5, 1, 1.5]);
  });

  it("reports what is wrong and where", () => {
    expect(() => parsePoscar(nacl.replace("Na Cl", "Na Xx"))).toThrow(/unknown element 'Xx'/);
    expect(() => parsePoscar(nacl.replace("0.5 0.5 0.5\n", ""), { file: "P" })).toThrow(
      /P:10: POSCAR ends early: coordinates of atom 2 of 2 expected/,
    );
    expect(() => parsePoscar(nacl.replace("Direct", "Sideways"))).toThrow(CifError);
    expect(() => parsePoscar("")).toThrow(/empty input/);
    expect(() => parsePoscar(nacl.replace("1 1", "1 1 1"))).toThrow(/2 species names but 3 counts/);
  });

  it("refuses to write a disordered structure", () => {
    const s = parseCifStructure(
      "data_d\n_cell_length_a 4\n_cell_length_b 4\n_cell_length_c 4\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n_atom_site_occupancy\nFe1 0 0 0 0.5\n",
    );
    expect(() => writePoscar(s)).toThrow(StructureError);
  });

  it("writes species in runs and reads its own output", () => {
    const s = parsePoscar(nacl);
    const text = writePoscar(s, { comment: "rock salt" });
    expect(text.split("\n").slice(5, 8)).toEqual(["Na Cl", "1 1", "direct"]);
    expect(parsePoscar(text).toJSON()).toEqual(s.toJSON());
  });

  it("detects the format by name, then by content", () => {
    expect(detectStructureFormat("x/POSCAR.Li2O", "")).toBe("poscar");
    expect(detectStructureFormat("a.cif", "")).toBe("cif");
    expect(detectStructureFormat("structure.txt", "data_x\n")).toBe("cif");
    expect(detectStructureFormat("structure.txt", nacl)).toBe("poscar");
    expect(() => readStructureFile(resolve(dir, "missing"))).toThrow(/cannot read file/);
  });
});
