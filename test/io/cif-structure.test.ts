import { describe, expect, it } from "vitest";
import { CifError } from "../../src/core/errors.js";
import { parseCif, parseCifStructure, writeCif } from "../../src/io/index.js";
import { Structure } from "../../src/structure/structure.js";

const cell = (a = 5.64, b = a, c = a, al = 90, be = 90, ga = 90) =>
  `_cell_length_a ${a}\n_cell_length_b ${b}\n_cell_length_c ${c}\n_cell_angle_alpha ${al}\n_cell_angle_beta ${be}\n_cell_angle_gamma ${ga}\n`;

const P1_NACL = `data_NaCl
${cell()}_symmetry_space_group_name_H-M 'P 1'
loop_
 _symmetry_equiv_pos_site_id
 _symmetry_equiv_pos_as_xyz
  1  'x, y, z'
loop_
 _atom_site_type_symbol
 _atom_site_label
 _atom_site_symmetry_multiplicity
 _atom_site_fract_x
 _atom_site_fract_y
 _atom_site_fract_z
 _atom_site_occupancy
  Na  Na0  1  0.00000000  0.00000000  0.00000000  1
  Na  Na1  1  0.50000000  0.50000000  0.00000000  1
  Na  Na2  1  0.50000000  0.00000000  0.50000000  1
  Na  Na3  1  0.00000000  0.50000000  0.50000000  1
  Cl  Cl4  1  0.50000000  0.00000000  0.00000000  1
  Cl  Cl5  1  0.00000000  0.50000000  0.00000000  1
  Cl  Cl6  1  0.00000000  0.00000000  0.50000000  1
  Cl  Cl7  1  0.50000000  0.50000000  0.50000000  1
`;

function errorOf(text: string, options = {}): CifError {
  const r = parseCif(text, { file: "t.cif", ...options });
  if (r.error) return r.error;
  const b = r.blocks[0];
  if (b.ok) throw new Error("expected an error");
  return b.error;
}

describe("parseCif: P1 files (pymatgen CifWriter layout)", () => {
  it("reads a P1 rock-salt cell in file order", () => {
    const s = parseCifStructure(P1_NACL);
    expect(s.nSites).toBe(8);
    expect(s.formula).toBe("Na4Cl4");
    expect(s.reducedFormula).toBe("NaCl");
    expect(s.lattice.volume).toBeCloseTo(5.64 ** 3, 9);
    expect(s.sites[4]).toMatchObject({ species: [{ element: "Cl", occupancy: 1 }], frac: [0.5, 0, 0], label: "Cl4" });
    expect(s.isOrdered).toBe(true);
  });

  it("gives the same structure with CRLF, BOM and no final newline", () => {
    const a = parseCifStructure(P1_NACL).toJSON();
    const b = parseCifStructure(`\uFEFF${P1_NACL.replace(/\n/g, "\r\n").trimEnd()}`).toJSON();
    expect(b).toEqual(a);
  });

  it("reads numbers with standard uncertainties", () => {
    const s = parseCifStructure(`data_si\n${cell(5.4307)}`.replace("5.4307\n", "5.4307(2)\n") + "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nSi1 0.125(3) 0.125 0.125\n");
    expect(s.lattice.a).toBeCloseTo(5.4307, 12);
    expect(s.sites[0].frac[0]).toBe(0.125);
  });
});

describe("writeCif", () => {
  it("quotes labels that would be misread and keeps them through a round trip", () => {
    const s = parseCifStructure(P1_NACL);
    const labelled = new Structure(
      s.lattice,
      s.sites.map((site, i) => ({ ...site, label: ["Na 1", "_x", "O'Neil", "it' s", "data_a", "?", "#c", "Cl7"][i] })),
    );
    const text = writeCif(labelled, { blockName: "my block" });
    expect(text).toContain("data_my_block\n");
    expect(text).toContain("  Na  'Na 1'  1  ");
    expect(text).toContain("  Na  \"it' s\"  1  ");
    const back = parseCifStructure(text);
    expect(back.sites.map((x) => x.label)).toEqual(labelled.sites.map((x) => x.label));
  });
});

describe("parseCif: symmetry expansion", () => {
  const fm3m = (ops: string) => `data_nacl\n${cell()}${ops}
loop_
_atom_site_label
_atom_site_fract_x
_atom_site_fract_y
_atom_site_fract_z
Na1 0 0 0
Cl1 0.5 0.5 0.5
`;

  it("generates Fm-3m from the H-M name with a warning (no listed operations)", () => {
    const r = parseCif(fm3m("_symmetry_space_group_name_H-M 'F m -3 m'"));
    const b = r.blocks[0];
    if (!b.ok) throw b.error;
    expect(b.structure.formula).toBe("Na4Cl4");
    expect(b.warnings.map((w) => w.message).join()).toMatch(/generated from/);
  });

  it("generates the same cell from the IT number and from the Hall symbol", () => {
    const byNumber = parseCifStructure(fm3m("_space_group_IT_number 225"));
    const byHall = parseCifStructure(fm3m("_space_group_name_Hall '-F 4 2 3'"));
    expect(byNumber.toJSON()).toEqual(byHall.toJSON());
    expect(byNumber.nSites).toBe(8);
  });

  it("assumes P1 with a warning when no symmetry is given (pymatgen builds projections instead)", () => {
    // pymatgen 2022.11.7 on this block: Na3 at (0.1,0,0), (0.2,0,0), (0.3,0,0) from ops 'x, 0, 0', 'y, 0, 0', 'z, 0, 0'
    const one = parseCifStructure(fm3m("").replace("Na1 0 0 0\nCl1 0.5 0.5 0.5", "Na1 0.1 0.2 0.3"));
    expect(one.nSites).toBe(1);
    expect(one.sites[0].frac).toEqual([0.1, 0.2, 0.3]);
    const r = parseCif(fm3m(""));
    const b = r.blocks[0];
    if (!b.ok) throw b.error;
    expect(b.structure.nSites).toBe(2);
    expect(b.warnings[0].message).toMatch(/assuming P1/);
  });

  it("makes one disordered site from two labels at one position", () => {
    const text = `data_d\n${cell(4)}loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n_atom_site_occupancy\nFe1 Fe2+ 0 0 0 0.5\nCo1 Co 0 0 0 0.5\nO1 O2- 0.5 0.5 0.5 1\n`;
    const s = parseCifStructure(text);
    expect(s.nSites).toBe(2);
    expect(s.isOrdered).toBe(false);
    expect(s.sites[0].species).toEqual([
      { element: "Fe", occupancy: 0.5, oxidationState: 2 },
      { element: "Co", occupancy: 0.5 },
    ]);
    expect(s.sites[1].species[0].oxidationState).toBe(-2);
    expect(s.composition).toEqual({ Fe: 0.5, Co: 0.5, O: 1 });
  });

  it("renormalises an occupancy sum slightly above 1 and rejects one clearly above", () => {
    const text = (o: string) =>
      `data_d\n${cell(4)}loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n_atom_site_occupancy\nFe1 0 0 0 0.51\nCo1 0 0 0 ${o}\n`;
    const r = parseCif(text("0.5"));
    const b = r.blocks[0];
    if (!b.ok) throw b.error;
    expect(b.structure.sites[0].species[0].occupancy).toBeCloseTo(0.51 / 1.01, 12);
    expect(b.warnings.some((w) => /scaled to 1/.test(w.message))).toBe(true);
    expect(errorOf(text("0.9")).message).toBe("t.cif:14:1: occupancies at (0.0000, 0.0000, 0.0000) sum to 1.41 > 1 (sites Fe1, Co1; tolerance 0.05)");
  });
});

describe("parseCif: errors a person can act on", () => {
  const base = `data_x\n${cell()}loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nNa1 0 0 0\n`;

  it("names the missing cell length and block", () => {
    const e = errorOf(base.replace("_cell_length_b 5.64\n", ""));
    expect(e).toBeInstanceOf(CifError);
    expect(e.reason).toBe("_cell_length_b missing in block 'x'");
    expect(e.file).toBe("t.cif");
  });

  it("rejects non-positive lengths, impossible angles and unknown elements with their line", () => {
    expect(errorOf(base.replace("_cell_length_c 5.64", "_cell_length_c -1")).message).toBe(
      "t.cif:4:16: _cell_length_c must be positive, got -1",
    );
    expect(errorOf(base.replace("_cell_angle_gamma 90", "_cell_angle_gamma 200")).reason).toMatch(/between 0 and 180/);
    expect(errorOf(base.replace(/_cell_angle_(\w+) 90/g, "_cell_angle_$1 120")).reason).toMatch(/impossible cell angles|zero volume/);
    expect(errorOf(base.replace("Na1 0 0 0", "Xx1 0 0 0")).message).toBe("t.cif:13:1: unknown element 'Xx' at line 13");
  });

  it("rejects missing fractional coordinates", () => {
    expect(errorOf(base.replace("_atom_site_fract_z\n", "").replace("Na1 0 0 0", "Na1 0 0")).reason).toBe(
      "_atom_site_fract_z missing in block 'x'",
    );
    expect(errorOf(base.replace("Na1 0 0 0", "Na1 0 ? 0")).reason).toBe("missing fractional coordinate y for site Na1 at line 13");
  });

  it("skips bad rows with warnings when asked", () => {
    const text = base.replace("Na1 0 0 0", "Na1 0 0 0\nXx2 0.5 0.5 0.5\nCl1 0.5 0.5 0.5");
    const r = parseCif(text, { onBadRow: "skip" });
    const b = r.blocks[0];
    if (!b.ok) throw b.error;
    expect(b.structure.formula).toBe("Na1Cl1");
    expect(b.warnings.map((w) => w.message)).toContain("unknown element 'Xx' at line 14 (row skipped)");
  });

  it("reports empty, binary and block-less input at file level", () => {
    expect(parseCif("").error?.reason).toMatch(/empty input/);
    expect(parseCif("  \n\n").error?.reason).toMatch(/empty input/);
    expect(parseCif("\u0000\u0001\u0002binary").error?.reason).toMatch(/binary/);
    expect(parseCif("_cell_length_a 1\n").error?.reason).toMatch(/no data_ block/);
    const utf16 = Buffer.from(`\uFEFF${P1_NACL}`, "utf16le").toString("utf8");
    expect(parseCif(utf16).error?.reason).toMatch(/UTF-16/);
  });

  it("keeps the good blocks when one block is broken", () => {
    const r = parseCif(`${base.replace("data_x", "data_bad").replace("_cell_length_a 5.64\n", "")}${base.replace("data_x", "data_good")}`);
    expect(r.blocks.map((b) => [b.name, b.ok])).toEqual([
      ["bad", false],
      ["good", true],
    ]);
  });

  it("parseCifStructure passes over blocks without a structure and picks blocks by name", () => {
    const publication = "data_global\n_publ_section_title 'A paper'\n";
    expect(parseCifStructure(publication + base).formula).toBe("Na1");
    expect(parseCifStructure(base + base.replace("data_x", "data_y").replace("Na1", "Cl1"), { block: "y" }).formula).toBe("Cl1");
    expect(() => parseCifStructure(base, { block: "zz" })).toThrow("no data block named 'zz'");
    // a broken structural block is an error, not skipped in favour of a later one
    const broken = base.replace("_cell_length_a 5.64\n", "");
    expect(() => parseCifStructure(broken + base.replace("data_x", "data_y"))).toThrow(/_cell_length_a missing in block 'x'/);
  });
});
