/** Structure → P1 CIF text in pymatgen `CifWriter`'s layout (so other tools read it the same way). */
import { elementBySymbol } from "../../structure/elements.js";
import type { SpeciesOccupancy, Structure } from "../../structure/structure.js";

export interface WriteCifOptions {
  /** Data block name (default: the reduced formula). */
  readonly blockName?: string;
  /** Decimals for coordinates, lengths and angles (default 8, as pymatgen). */
  readonly decimals?: number;
}

/** A CIF value, quoted when it would otherwise be misread (blank, leading `_#$'";[]`, reserved word, `?`/`.`). */
function cifValue(text: string): string {
  const needsQuotes =
    text === "" ||
    /\s/.test(text) ||
    /^[_#$'";[\]]/.test(text) ||
    /^(data_|loop_|save_|global_|stop_)/i.test(text) ||
    text === "?" ||
    text === ".";
  if (!needsQuotes) return text;
  return text.includes("' ") || text.endsWith("'") ? `"${text}"` : `'${text}'`;
}

function speciesSymbol(sp: SpeciesOccupancy): string {
  if (sp.oxidationState === undefined) return sp.element;
  const magnitude = Math.abs(sp.oxidationState);
  const text = Number.isInteger(magnitude) ? String(magnitude) : String(Number(magnitude.toFixed(4)));
  return `${sp.element}${text}${sp.oxidationState < 0 ? "-" : "+"}`;
}

function formulaSum(structure: Structure): string {
  return Object.entries(structure.composition)
    .sort((a, b) => (elementBySymbol(a[0])?.electronegativity ?? 0) - (elementBySymbol(b[0])?.electronegativity ?? 0))
    .map(([el, n]) => `${el}${Number.isInteger(n) ? n : Number(n.toFixed(6))}`)
    .join(" ");
}

/** P1 CIF of a structure: every site listed, disordered sites as one row per species. */
export function writeCif(structure: Structure, options: WriteCifOptions = {}): string {
  const d = options.decimals ?? 8;
  const f = (x: number): string => (Object.is(x, -0) ? 0 : x).toFixed(d);
  const lat = structure.lattice;
  const reduced = structure.reducedFormula;
  const lines = [
    "# generated using paraisite",
    `data_${(options.blockName ?? reduced).replace(/\s+/g, "_")}`,
    "_symmetry_space_group_name_H-M   'P 1'",
    `_cell_length_a   ${f(lat.a)}`,
    `_cell_length_b   ${f(lat.b)}`,
    `_cell_length_c   ${f(lat.c)}`,
    `_cell_angle_alpha   ${f(lat.alpha)}`,
    `_cell_angle_beta   ${f(lat.beta)}`,
    `_cell_angle_gamma   ${f(lat.gamma)}`,
    "_symmetry_Int_Tables_number   1",
    `_chemical_formula_structural   ${cifValue(reduced)}`,
    `_chemical_formula_sum   ${cifValue(formulaSum(structure))}`,
    `_cell_volume   ${f(lat.volume)}`,
    "loop_",
    " _symmetry_equiv_pos_site_id",
    " _symmetry_equiv_pos_as_xyz",
    "  1  'x, y, z'",
  ];
  const oxidation = new Map<string, number>();
  for (const site of structure.sites) {
    for (const sp of site.species) if (sp.oxidationState !== undefined) oxidation.set(speciesSymbol(sp), sp.oxidationState);
  }
  if (oxidation.size > 0) {
    lines.push("loop_", " _atom_type_symbol", " _atom_type_oxidation_number");
    for (const [symbol, ox] of oxidation) lines.push(`  ${symbol}  ${ox}`);
  }
  lines.push(
    "loop_",
    " _atom_site_type_symbol",
    " _atom_site_label",
    " _atom_site_symmetry_multiplicity",
    " _atom_site_fract_x",
    " _atom_site_fract_y",
    " _atom_site_fract_z",
    " _atom_site_occupancy",
  );
  let counter = 0;
  for (const site of structure.sites) {
    const [x, y, z] = site.frac.map(f);
    for (const sp of site.species) {
      const label = site.label !== undefined && site.species.length === 1 ? site.label : `${sp.element}${counter}`;
      counter++;
      const occupancy = Number(sp.occupancy.toFixed(d));
      lines.push(`  ${speciesSymbol(sp)}  ${cifValue(label)}  1  ${x}  ${y}  ${z}  ${occupancy}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
