/**
 * Which symmetry operations a block uses: explicit `x,y,z` lists first (all common spellings,
 * magnetic ones combined with their centerings), then the space-group H-M name, Hall symbol or
 * IT number, else P1 with a warning.
 */
import type { CifBlock } from "../blocks.js";
import type { Token } from "../tokenizer.js";
import { isNull, parseCifNumber } from "../values.js";
import { IDENTITY, type SymOp, compose, opKey, parseXyz } from "./operation.js";
import { spaceGroupByHall, spaceGroupByName, spaceGroupByNumber } from "./spacegroups.js";

const XYZ_TAGS = [
  "_space_group_symop_operation_xyz",
  "_space_group_symop.operation_xyz",
  "_symmetry_equiv_pos_as_xyz",
  "_symmetry_equiv.pos_as_xyz",
  "_space_group_symop_operation_xyz_",
  "_symmetry_equiv_pos_as_xyz_",
];
const MAGNETIC_OP_TAGS = ["_space_group_symop_magn_operation.xyz", "_space_group_symop.magn_operation_xyz"];
const MAGNETIC_CENTERING_TAGS = ["_space_group_symop_magn_centering.xyz", "_space_group_symop.magn_centering_xyz"];
const HM_TAGS = [
  "_space_group_name_h-m_alt",
  "_space_group.name_h-m_alt",
  "_symmetry_space_group_name_h-m",
  "_symmetry_space_group_name_h_m",
  "_space_group_name_h-m_ref",
];
const HALL_TAGS = ["_space_group_name_hall", "_space_group.name_hall", "_symmetry_space_group_name_hall"];
const NUMBER_TAGS = ["_space_group_it_number", "_space_group.it_number", "_symmetry_int_tables_number"];

export interface ResolvedSymmetry {
  readonly ops: readonly SymOp[];
  /** Where the operations came from, for warnings and the CLI. */
  readonly source: string;
  readonly warnings: readonly { message: string; line?: number; column?: number }[];
}

export type SymmetryResult = ResolvedSymmetry | { readonly error: string; readonly at: Token };

function firstPresent(block: CifBlock, tags: readonly string[]): [string, readonly Token[]] | undefined {
  for (const tag of tags) {
    const values = block.values(tag);
    if (values?.some((v) => !isNull(v))) return [tag, values.filter((v) => !isNull(v))];
  }
  return undefined;
}

function parseList(values: readonly Token[]): SymOp[] | { error: string; at: Token } {
  const ops: SymOp[] = [];
  for (const v of values) {
    const op = parseXyz(v.text);
    if (typeof op === "string") return { error: op, at: v };
    ops.push(op);
  }
  return ops;
}

/**
 * Operations in file order with duplicates (modulo lattice translations) removed; the identity is
 * appended when missing. File order fixes the order of symmetry images, as in pymatgen.
 */
function uniqueOps(ops: readonly SymOp[]): SymOp[] {
  const seen = new Set<string>();
  const out: SymOp[] = [];
  for (const op of [...ops, IDENTITY]) {
    const key = opKey(op);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(op);
    }
  }
  return out;
}

/** Cell parameters, to pick rhombohedral axes for an R group named without a setting. */
export interface CellShape {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number;
}

function isRhombohedralCell(cell: CellShape | undefined): boolean {
  if (!cell) return false;
  const { a, b, c, alpha, beta, gamma } = cell;
  const sameLengths = Math.abs(a - b) < 1e-3 * a && Math.abs(a - c) < 1e-3 * a;
  const sameAngles = Math.abs(alpha - beta) < 1e-2 && Math.abs(alpha - gamma) < 1e-2;
  return sameLengths && sameAngles && Math.abs(alpha - 90) > 1e-2;
}

export function resolveSymmetry(block: CifBlock, cell?: CellShape): SymmetryResult {
  // pymatgen always takes hexagonal axes here, which scrambles a rhombohedral-axes cell
  const lookup = { rhombohedral: isRhombohedralCell(cell) };
  const explicit = firstPresent(block, XYZ_TAGS);
  let unreadable: { error: string; at: Token } | undefined;
  if (explicit) {
    const ops = parseList(explicit[1]);
    if (Array.isArray(ops)) return { ops: uniqueOps(ops), source: explicit[0], warnings: [] };
    // like pymatgen, fall back to the space-group name; without one this is an error
    unreadable = ops;
  }
  const magnetic = firstPresent(block, MAGNETIC_OP_TAGS);
  if (magnetic) {
    const ops = parseList(magnetic[1]);
    if (!Array.isArray(ops)) return ops;
    const centering = firstPresent(block, MAGNETIC_CENTERING_TAGS);
    const centerings = centering ? parseList(centering[1]) : [IDENTITY];
    if (!Array.isArray(centerings)) return centerings;
    // operation-major, as pymatgen, so images come in the same order
    const all = ops.flatMap((op) => centerings.map((c) => compose(c, op)));
    return {
      ops: uniqueOps(all),
      source: magnetic[0],
      warnings: [{ message: "magnetic CIF: time reversal and magnetic moments ignored" }],
    };
  }
  const hm = firstPresent(block, HM_TAGS);
  if (hm) {
    const group = spaceGroupByName(hm[1][0].text, lookup);
    if (group) return fromTable(group.ops, `${hm[0]} '${hm[1][0].text}'`, hm[1][0], unreadable);
  }
  const hall = firstPresent(block, HALL_TAGS);
  if (hall) {
    const group = spaceGroupByHall(hall[1][0].text);
    if (group) return fromTable(group.ops, `${hall[0]} '${hall[1][0].text}'`, hall[1][0], unreadable);
  }
  const number = firstPresent(block, NUMBER_TAGS);
  if (number) {
    const n = parseCifNumber(number[1][0].text);
    const group = Number.isInteger(n) ? spaceGroupByNumber(n, lookup) : undefined;
    if (group) return fromTable(group.ops, `${number[0]} ${n}`, number[1][0], unreadable);
  }
  if (unreadable) return unreadable;
  const named = hm ?? hall ?? number;
  const message = named
    ? `space group ${named[0]} '${named[1][0].text}' not recognised and no symmetry operations listed: assuming P1`
    : "no symmetry operations or space group given: assuming P1";
  const at = named?.[1][0];
  return { ops: [IDENTITY], source: "P1 (assumed)", warnings: [{ message, line: at?.line, column: at?.column }] };
}

function fromTable(ops: readonly SymOp[], source: string, at: Token, unreadable?: { error: string; at: Token }): ResolvedSymmetry {
  const why = unreadable
    ? `symmetry operations unreadable (${unreadable.error} at line ${unreadable.at.line})`
    : "no symmetry operations listed";
  return { ops, source, warnings: [{ message: `${why}: generated from ${source}`, line: at.line, column: at.column }] };
}
