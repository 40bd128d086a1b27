/**
 * Structures from a file's text, without the file system (the browser entry uses this; the CLI
 * reads the file, then calls it): CIF or POSCAR by name, then by content; every CIF data block.
 */
import { ParaisiteError } from "../core/errors.js";
import type { Structure } from "../structure/structure.js";
import { parseCif } from "./cif/parse.js";
import type { CifWarning } from "./cif/types.js";
import { parsePoscar } from "./poscar.js";

export type StructureFormat = "cif" | "poscar";

/** "cif" or "poscar" from the file name (`.cif`, `.mcif`; `POSCAR*`, `CONTCAR*`, `.vasp`, `.poscar`), else from the text. */
export function detectStructureFormat(path: string, text: string): StructureFormat {
  // the last path component, for / and \ separators alike (what node:path's basename gives on POSIX)
  const name = (path.split(/[\\/]/).pop() ?? path).toLowerCase();
  if (/\.m?cif$/.test(name)) return "cif";
  if (/^(poscar|contcar)|\.(vasp|poscar)$/.test(name)) return "poscar";
  return /^[ \t]*(data_|_cell_length_a)/im.test(text) ? "cif" : "poscar";
}

/** One structure (or the reason there is none) with where it came from. */
export interface NamedStructure {
  readonly file: string;
  /** CIF data block name (null for POSCAR). */
  readonly block: string | null;
  readonly structure?: Structure;
  readonly error?: ParaisiteError;
  /** What the CIF parser tolerated or repaired in this block (and in the file outside blocks). */
  readonly warnings?: readonly CifWarning[];
}

/** Every structure of a file's text: each CIF data block, or the one POSCAR structure. */
export function structuresOfText(file: string, text: string): NamedStructure[] {
  if (detectStructureFormat(file, text) === "poscar") {
    try {
      return [{ file, block: null, structure: parsePoscar(text, { file }) }];
    } catch (e) {
      if (e instanceof ParaisiteError) return [{ file, block: null, error: e }];
      throw e;
    }
  }
  const result = parseCif(text, { file });
  if (result.error) return [{ file, block: null, error: result.error, warnings: result.warnings }];
  return result.blocks.map((b) => {
    const warnings = [...result.warnings, ...b.warnings];
    return b.ok ? { file, block: b.name, structure: b.structure, warnings } : { file, block: b.name, error: b.error, warnings };
  });
}
