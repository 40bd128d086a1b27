/**
 * One CIF data block → a Structure: cell, atom sites, symmetry expansion, merging of images
 * and of sites that share a position (→ disordered sites), occupancy checks.
 */
import { CifError, StructureError } from "../../core/errors.js";
import type { Vec3 } from "../../core/vec3.js";
import { Lattice } from "../../structure/lattice.js";
import { type Site, type SpeciesOccupancy, Structure } from "../../structure/structure.js";
import type { CifBlock } from "./blocks.js";
import { PositionIndex } from "./position-index.js";
import { pymatgenSiteOrder } from "./site-order.js";
import { applyOp, wrap01 } from "./symmetry/operation.js";
import { resolveSymmetry } from "./symmetry/resolve.js";
import type { Token } from "./tokenizer.js";
import type { BadRowPolicy, CifWarning } from "./types.js";
import { isNull, leadingLetters, parseCifNumber, parseMixture, parseSpeciesSymbol } from "./values.js";

export interface BlockContext {
  readonly file?: string;
  readonly onBadRow: BadRowPolicy;
  readonly siteTolerance: number;
  readonly occupancyTolerance: number;
  readonly siteOrder: "file" | "pymatgen";
}

/** Alternative spellings: CIF 1.1 underscore form first, then the DDL2/mmCIF dotted one. */
function tagValue(block: CifBlock, tag: string): Token | undefined {
  return block.value(tag) ?? block.value(tag.replace(/^(_cell|_atom_site)_/, "$1."));
}
function tagColumn(block: CifBlock, tag: string): readonly Token[] | undefined {
  return block.values(tag) ?? block.values(tag.replace(/^(_cell|_atom_site)_/, "$1."));
}

interface WorkingSite {
  species: SpeciesOccupancy[];
  readonly frac: Vec3;
  readonly label?: string;
  readonly labels: string[];
  readonly line: number;
}

/** Build the structure of one block, or throw a located {@link CifError}. Warnings are appended to `warnings`. */
export function blockToStructure(block: CifBlock, ctx: BlockContext, warnings: CifWarning[]): Structure {
  const fail = (reason: string, at?: { line: number; column: number }): never => {
    throw new CifError(reason, { file: ctx.file, line: at?.line ?? block.line, column: at?.column });
  };
  const warn = (message: string, at?: { line?: number; column?: number }): void => {
    warnings.push({ message, file: ctx.file, block: block.name, line: at?.line, column: at?.column });
  };
  const where = `block '${block.name}'`;

  const lattice = readLattice(block, where, fail, warn);

  if (block.values("_cell_wave_vector_x") || block.values("_cell_wave_vector_seq_id")) {
    fail(`incommensurate (modulated) structures are not supported (${where})`);
  }

  const sym = resolveSymmetry(block, lattice);
  if ("error" in sym) return fail(`${sym.error} in ${where}`, sym.at);
  for (const w of sym.warnings) warn(w.message, w);

  const xs = tagColumn(block, "_atom_site_fract_x");
  const ys = tagColumn(block, "_atom_site_fract_y");
  const zs = tagColumn(block, "_atom_site_fract_z");
  if (!xs || !ys || !zs) {
    const missing = !xs ? "_atom_site_fract_x" : !ys ? "_atom_site_fract_y" : "_atom_site_fract_z";
    const cart = tagColumn(block, "_atom_site_cartn_x") ? " (only Cartesian _atom_site_Cartn_* given)" : "";
    return fail(`${missing} missing in ${where}${cart}`);
  }
  const labels = tagColumn(block, "_atom_site_label");
  const symbols = tagColumn(block, "_atom_site_type_symbol");
  const occupancies = tagColumn(block, "_atom_site_occupancy");
  const nRows = xs.length;
  for (const [tag, col] of [
    ["_atom_site_fract_y", ys],
    ["_atom_site_fract_z", zs],
    ["_atom_site_label", labels],
    ["_atom_site_type_symbol", symbols],
    ["_atom_site_occupancy", occupancies],
  ] as const) {
    if (col && col.length !== nRows) fail(`${tag} has ${col.length} values but _atom_site_fract_x has ${nRows} (${where})`);
  }
  if (!labels && !symbols) fail(`neither _atom_site_type_symbol nor _atom_site_label given in ${where}`);
  const oxidationByType = readOxidationStates(block);
  const hydrogens = tagColumn(block, "_atom_site_attached_hydrogens");
  const implicitH = hydrogens?.find((t) => !isNull(t) && parseCifNumber(t.text) > 0);
  if (implicitH) warn("structure has implicit hydrogens (_atom_site_attached_hydrogens): they are not added", implicitH);

  const tol = ctx.siteTolerance;
  const sites: WorkingSite[] = [];
  const index = new PositionIndex(tol);
  const images: Vec3[] = [];
  let dotWarned = false;
  let thirdsWarned = false;
  let deuteriumWarned = false;
  let implicitWarned = implicitH !== undefined;

  for (let r = 0; r < nRows; r++) {
    const rowToken = xs[r];
    const label = labels ? labels[r].text : undefined;
    const name = label ?? symbols?.[r].text ?? `row ${r + 1}`;
    // throws in "error" mode; in "skip" mode warns, and the caller moves on to the next row
    const skipRow = (reason: string, at: Token): void => {
      if (ctx.onBadRow !== "skip") fail(reason, at);
      warn(`${reason} (row skipped)`, at);
    };

    // species
    const symToken = symbols && !isNull(symbols[r]) ? symbols[r] : labels?.[r];
    if (!symToken || isNull(symToken)) {
      skipRow(`site ${name} at line ${rowToken.line} has no element symbol or label`, rowToken);
      continue;
    }
    // Pauling File / Springer Materials mixtures: type symbol "0.8Nb + 0.2Zr"
    const mixture = symToken === symbols?.[r] ? parseMixture(symToken.text) : undefined;
    // a charge is read from labels too ("O2-", "Fe3+"); "Fe1" has no sign and is not a charge
    const species = mixture ? mixture[0] : parseSpeciesSymbol(symToken.text, true);
    if (!species) {
      skipRow(`unknown element '${leadingLetters(symToken.text)}' at line ${symToken.line}`, symToken);
      continue;
    }
    if (species.element === "H" && /^[DT]/.test(symToken.text) && !deuteriumWarned) {
      warn(`'${symToken.text}' read as hydrogen (deuterium/tritium)`, symToken);
      deuteriumWarned = true;
    }
    if (/^(O-H|Wat|wat)/.test(symToken.text) && !implicitWarned) {
      warn(`'${symToken.text}' stands for O with implicit hydrogens: only the O is placed`, symToken);
      implicitWarned = true;
    }
    const oxidationState = species.oxidationState ?? oxidationByType.get(symToken.text);

    // coordinates
    const frac: number[] = [];
    let coordError = false;
    for (const [axis, col] of [
      ["x", xs],
      ["y", ys],
      ["z", zs],
    ] as const) {
      const t = col[r];
      // ICSD writes a bare "." for 0 (".5 . ."); pymatgen reads it as 0 too
      const dotZero = !t.quoted && t.text === ".";
      if (dotZero && !dotWarned) {
        warn(`coordinate '.' read as 0 (first at site ${name})`, t);
        dotWarned = true;
      }
      const v = dotZero ? 0 : isNull(t) ? Number.NaN : parseCifNumber(t.text);
      if (!Number.isFinite(v)) {
        const what = isNull(t) ? `missing fractional coordinate ${axis}` : `bad fractional coordinate ${axis} '${t.text}'`;
        skipRow(`${what} for site ${name} at line ${t.line}`, t);
        coordError = true;
        break;
      }
      frac.push(snapThirds(v, t.text, () => {
        if (!thirdsWarned) warn("fractional coordinates such as 0.3333/0.6667 rounded to 1/3 and 2/3 (as pymatgen)", t);
        thirdsWarned = true;
      }));
    }
    if (coordError) continue;

    // occupancy
    let occupancy = 1;
    const occToken = occupancies?.[r];
    if (occToken && !isNull(occToken)) {
      occupancy = parseCifNumber(occToken.text);
      if (!(Number.isFinite(occupancy) && occupancy >= 0)) {
        skipRow(`bad occupancy '${occToken.text}' for site ${name} at line ${occToken.line}`, occToken);
        continue;
      }
      if (occupancy === 0) {
        warn(`site ${name} has occupancy 0 and is left out`, occToken);
        continue;
      }
    }
    const rowSpecies: SpeciesOccupancy[] = mixture
      ? mixture.map((m) => ({ element: m.element, occupancy: occupancy * m.fraction }))
      : [
          oxidationState !== undefined
            ? { element: species.element, occupancy, oxidationState }
            : { element: species.element, occupancy },
        ];

    // symmetry images of this row, unique within the tolerance
    images.length = 0;
    const base: Vec3 = [frac[0], frac[1], frac[2]];
    for (const op of sym.ops) {
      const p = applyOp(op, base);
      const w: Vec3 = [wrap01(p[0]), wrap01(p[1]), wrap01(p[2])];
      if (!images.some((q) => samePosition(q, w, tol))) images.push(w);
    }
    for (const pos of images) {
      const existing = index.find(pos);
      if (existing >= 0) {
        for (const sp of rowSpecies) mergeSpecies(sites[existing], sp, name);
      } else {
        index.add(sites.length, pos);
        sites.push({ species: [...rowSpecies], frac: pos, label, labels: [name], line: rowToken.line });
      }
    }
  }

  if (sites.length === 0) fail(`no atom sites in ${where}`);
  const finished = sites.map((s) => finishSite(s, ctx, fail, warn));
  const finalSites = ctx.siteOrder === "pymatgen" ? pymatgenSiteOrder(finished) : finished;
  try {
    return new Structure(lattice, finalSites);
  } catch (e) {
    if (e instanceof StructureError) return fail(`${e.message} (${where})`);
    throw e;
  }
}

/**
 * Finite-precision thirds (0.3333, 0.6667) become exact, with pymatgen's test (relative 1e-4),
 * else symmetry images of a 3-fold position miss each other by more than the site tolerance.
 * Unlike pymatgen, only values written with at most 5 decimals (or already within 1e-6) are
 * snapped, so a precise 0.33331000 stays what it says.
 */
function snapThirds(x: number, text: string, onSnap: () => void): number {
  const decimals = /\.(\d*)/.exec(text)?.[1].length ?? 0;
  for (const third of [1 / 3, 2 / 3]) {
    const close = Math.abs(1 - x / third) < 1e-4 && (decimals <= 5 || Math.abs(x - third) < 1e-6);
    if (x !== third && close) {
      onSnap();
      return third;
    }
  }
  return x;
}

function samePosition(a: Vec3, b: Vec3, tol: number): boolean {
  for (let k = 0; k < 3; k++) {
    const d = a[k] - b[k];
    if (Math.abs(d - Math.round(d)) >= tol) return false;
  }
  return true;
}

function mergeSpecies(site: WorkingSite, sp: SpeciesOccupancy, name: string): void {
  const same = site.species.findIndex((s) => s.element === sp.element && s.oxidationState === sp.oxidationState);
  if (same >= 0) {
    const s = site.species[same];
    site.species[same] = { ...s, occupancy: s.occupancy + sp.occupancy };
  } else site.species.push(sp);
  if (!site.labels.includes(name)) site.labels.push(name);
}

function finishSite(
  s: WorkingSite,
  ctx: BlockContext,
  fail: (reason: string, at?: { line: number; column: number }) => never,
  warn: (message: string, at?: { line?: number }) => void,
): Site {
  const total = s.species.reduce((a, x) => a + x.occupancy, 0);
  let species = s.species;
  if (total > 1 + 1e-6) {
    const coords = s.frac.map((x) => x.toFixed(4)).join(", ");
    const who = s.labels.join(", ");
    if (total > 1 + ctx.occupancyTolerance) {
      fail(
        `occupancies at (${coords}) sum to ${Number(total.toFixed(4))} > 1 (sites ${who}; tolerance ${ctx.occupancyTolerance})`,
        { line: s.line, column: 1 },
      );
    }
    warn(`occupancies at (${coords}) sum to ${Number(total.toFixed(4))}: scaled to 1 (sites ${who})`, { line: s.line });
  }
  if (total > 1) species = species.map((x) => ({ ...x, occupancy: x.occupancy / total }));
  return s.label !== undefined ? { species, frac: s.frac, label: s.label } : { species, frac: s.frac };
}

type Fail = (reason: string, at?: { line: number; column: number }) => never;
type Warn = (message: string, at?: { line?: number; column?: number }) => void;

function readLattice(block: CifBlock, where: string, fail: Fail, warn: Warn): Lattice {
  const params: number[] = [];
  for (const axis of ["a", "b", "c"]) {
    const tag = `_cell_length_${axis}`;
    const t = tagValue(block, tag);
    if (!t || isNull(t)) return fail(`${tag} missing in ${where}`, t);
    const v = parseCifNumber(t.text);
    if (!Number.isFinite(v)) fail(`${tag} is not a number: '${t.text}'`, t);
    if (!(v > 0)) fail(`${tag} must be positive, got ${t.text}`, t);
    params.push(v);
  }
  for (const angle of ["alpha", "beta", "gamma"]) {
    const tag = `_cell_angle_${angle}`;
    const t = tagValue(block, tag);
    if (!t || isNull(t)) {
      warn(`${tag} missing in ${where}: assuming 90`, t);
      params.push(90);
      continue;
    }
    const v = parseCifNumber(t.text);
    if (!Number.isFinite(v)) fail(`${tag} is not a number: '${t.text}'`, t);
    if (!(v > 0 && v < 180)) fail(`${tag} must be strictly between 0 and 180 degrees, got ${t.text}`, t);
    params.push(v);
  }
  const [a, b, c, alpha, beta, gamma] = params;
  try {
    const lattice = Lattice.fromParameters(a, b, c, alpha, beta, gamma);
    // a degenerate cell passes the angle checks but has (numerically) no volume
    if (lattice.volume < 1e-6 * a * b * c) fail(`cell of ${where} has zero volume`, tagValue(block, "_cell_angle_alpha"));
    return lattice;
  } catch (e) {
    if (e instanceof StructureError) return fail(`${e.message} in ${where}`, tagValue(block, "_cell_angle_alpha"));
    throw e;
  }
}

/** `_atom_type_symbol` → `_atom_type_oxidation_number`, used when the site symbol carries no charge. */
function readOxidationStates(block: CifBlock): Map<string, number> {
  const out = new Map<string, number>();
  const types = block.values("_atom_type_symbol");
  const numbers = block.values("_atom_type_oxidation_number");
  if (!types || !numbers || types.length !== numbers.length) return out;
  types.forEach((t, i) => {
    const v = parseCifNumber(numbers[i].text);
    if (Number.isFinite(v)) out.set(t.text, v);
  });
  return out;
}
