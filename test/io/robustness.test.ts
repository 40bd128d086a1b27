import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CifError } from "../../src/core/errors.js";
import { parseCif, parseCifStructure } from "../../src/io/index.js";
import { parseCifNumber, parseSpeciesSymbol } from "../../src/io/cif/values.js";
import { fixturesDir } from "../helpers/paths.js";

const garnet = readFileSync(resolve(fixturesDir(), "cif/pymatgen/garnet.cif"), "utf8");
const cell = "_cell_length_a 4\n_cell_length_b 4\n_cell_length_c 4\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n";

describe("robustness: never a crash, never a hang", () => {
  it("returns a result (no exception) for arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const r = parseCif(text);
        expect(r.error === null || r.error instanceof CifError).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("returns a structure or a located CifError for every mutation of a real file", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: garnet.length - 1 }),
        fc.integer({ min: 1, max: 40 }),
        fc.string({ maxLength: 6 }),
        (at, cut, insert) => {
          const text = garnet.slice(0, at) + insert + garnet.slice(at + cut);
          const r = parseCif(text, { file: "garnet.cif" });
          for (const b of r.blocks) {
            if (!b.ok) {
              expect(b.error).toBeInstanceOf(CifError);
              expect(b.error.file).toBe("garnet.cif");
              expect(b.error.line).toBeGreaterThan(0);
            } else expect(b.structure.nSites).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("numbers", () => {
  it("reads uncertainties, exponents and exact fractions, and rejects the rest", () => {
    expect(parseCifNumber("5.4307(2)")).toBe(5.4307);
    expect(parseCifNumber("0.25(3")).toBe(0.25);
    expect(parseCifNumber("-.5")).toBe(-0.5);
    expect(parseCifNumber("1e-3")).toBe(0.001);
    expect(parseCifNumber("1/3")).toBe(1 / 3);
    for (const bad of ["", "0x10", "Infinity", "1/0", "abc", "1.2.3", "5.43(2a)"]) expect(parseCifNumber(bad)).toBeNaN();
  });
});

describe("species symbols", () => {
  it("reads elements and charges from type symbols and labels", () => {
    expect(parseSpeciesSymbol("Fe1")).toEqual({ element: "Fe" });
    expect(parseSpeciesSymbol("O2-")).toEqual({ element: "O", oxidationState: -2 });
    expect(parseSpeciesSymbol("Fe3+")).toEqual({ element: "Fe", oxidationState: 3 });
    expect(parseSpeciesSymbol("Na+")).toEqual({ element: "Na", oxidationState: 1 });
    expect(parseSpeciesSymbol("CA1")).toEqual({ element: "Ca" });
    expect(parseSpeciesSymbol("C12")).toEqual({ element: "C" });
    expect(parseSpeciesSymbol("Ow3")).toEqual({ element: "O" });
    expect(parseSpeciesSymbol("Xx1")).toBeUndefined();
    expect(parseSpeciesSymbol("D1")).toEqual({ element: "H" });
    expect(parseSpeciesSymbol("Dy1")).toEqual({ element: "Dy" });
  });
});

describe("more real-world deviations", () => {
  it("reads a zero-volume cell as an error", () => {
    const r = parseCif(`data_z\n${cell.replace(/_cell_angle_(\w+) 90/g, "_cell_angle_$1 120")}loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nNa1 0 0 0\n`);
    const b = r.blocks[0];
    expect(b.ok).toBe(false);
    if (!b.ok) expect(b.error.reason).toMatch(/impossible cell angles|zero volume/);
  });

  it("reports a misaligned atom-site loop with its counts", () => {
    const text = `data_m\n${cell}loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nNa1 0 0 0\nCl1 0.5 0.5\n`;
    const b = parseCif(text, { file: "m.cif" }).blocks[0];
    if (b.ok) throw new Error("expected an error");
    expect(b.error.message).toBe("m.cif:8:1: loop at line 8 has 7 values for 4 tags (row at line 14 has 3)");
    // skip mode keeps the good row
    expect(parseCifStructure(text, { onBadRow: "skip" }).nSites).toBe(1);
  });

  it("reads labels with charges, mmCIF dotted tags and a one-line P1 operation", () => {
    const text = `data_d\n${cell.replace(/_cell_/g, "_cell.")}_symmetry_equiv_pos_as_xyz 'x,y,z'\nloop_\n_atom_site.label\n_atom_site.fract_x\n_atom_site.fract_y\n_atom_site.fract_z\nO2- 0 0 0\nMg2+ 0.5 0.5 0.5\n`;
    const s = parseCifStructure(text);
    expect(s.sites.map((x) => x.species[0])).toEqual([
      { element: "O", occupancy: 1, oxidationState: -2 },
      { element: "Mg", occupancy: 1, oxidationState: 2 },
    ]);
  });

  it("falls back to the space-group name when listed operations are unreadable, else fails", () => {
    const body = `${cell}loop_\n_symmetry_equiv_pos_as_xyz\n'x,y,z'\n'-x,-y,w'\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nNa1 0.1 0.2 0.3\n`;
    const named = parseCif(`data_a\n_symmetry_space_group_name_H-M 'P -1'\n${body}`).blocks[0];
    if (!named.ok) throw named.error;
    expect(named.structure.nSites).toBe(2);
    expect(named.warnings[0].message).toMatch(/symmetry operations unreadable .* generated from/);
    const bare = parseCif(`data_b\n${body}`, { file: "b.cif" }).blocks[0];
    if (bare.ok) throw new Error("expected an error");
    expect(bare.error.message).toBe("b.cif:11:1: '-x,-y,w' is not a symmetry operation (unexpected 'w' in 'w') in block 'b'");
  });

  it("reports an unterminated quote rather than a missing value", () => {
    const b = parseCif(`data_q\n_title 'never closed\n${cell}`).blocks[0];
    if (b.ok) throw new Error("expected an error");
    expect(b.error.reason).toBe("unterminated quoted string at line 2");
  });

  it("reads Pauling File mixtures ('0.8Nb + 0.2Zr') and deuterium as hydrogen, with warnings", () => {
    const text = `data_p\n${cell}loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n_atom_site_occupancy\nNb,Zr '0.8Nb + 0.2Zr' 0 0 0 1\nD1 D 0.5 0.5 0.5 1\n`;
    const b = parseCif(text).blocks[0];
    if (!b.ok) throw b.error;
    expect(b.structure.sites[0].species).toEqual([
      { element: "Nb", occupancy: 0.8 },
      { element: "Zr", occupancy: 0.2 },
    ]);
    expect(b.structure.sites[1].species[0].element).toBe("H");
    expect(b.warnings.map((w) => w.message)).toContain("'D' read as hydrogen (deuterium/tritium)");
  });

  it("picks rhombohedral axes for an R group when the cell is rhombohedral (pymatgen takes hexagonal)", () => {
    // corundum-like R-3c test: rhombohedral cell, only the H-M name given
    const rh = "_cell_length_a 5.13\n_cell_length_b 5.13\n_cell_length_c 5.13\n_cell_angle_alpha 55.3\n_cell_angle_beta 55.3\n_cell_angle_gamma 55.3\n";
    const s = parseCifStructure(`data_r\n${rh}_symmetry_space_group_name_H-M 'R -3 c'\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nAl1 0.352 0.352 0.352\nO1 0.556 -0.056 0.25\n`);
    expect(s.composition).toEqual({ Al: 4, O: 6 });
  });
});

describe("hostile input", () => {
  // a quadratic regular expression would take minutes here; the timeout turns that into a failure
  it("parses very long words in linear time", { timeout: 20_000 }, () => {
    const long = `${"1".repeat(200_000)}x`;
    const text = `data_h\n_cell_length_a ${long}\n_cell_length_b 1\n_cell_length_c 1\nloop_\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n${"0".repeat(200_000)}+ 0 0 0\n`;
    const b = parseCif(text).blocks[0];
    expect(b.ok).toBe(false);
  });
});
