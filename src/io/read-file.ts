/** Read a structure file from disk, choosing CIF or POSCAR by name, then by content. */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { CifError } from "../core/errors.js";
import type { Structure } from "../structure/structure.js";
import { parseCifStructure } from "./cif/parse.js";
import type { CifParseOptions } from "./cif/types.js";
import { parsePoscar } from "./poscar.js";

export type StructureFormat = "cif" | "poscar";

/** "cif" or "poscar" from the file name (`.cif`, `.mcif`; `POSCAR*`, `CONTCAR*`, `.vasp`, `.poscar`), else from the text. */
export function detectStructureFormat(path: string, text: string): StructureFormat {
  const name = basename(path).toLowerCase();
  if (/\.m?cif$/.test(name)) return "cif";
  if (/^(poscar|contcar)|\.(vasp|poscar)$/.test(name)) return "poscar";
  return /^[ \t]*(data_|_cell_length_a)/im.test(text) ? "cif" : "poscar";
}

/** Read a CIF (first structure) or POSCAR file; throws {@link CifError} with the file name. */
export function readStructureFile(path: string, options: Omit<CifParseOptions, "file"> = {}): Structure {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new CifError(`cannot read file: ${e instanceof Error ? e.message : String(e)}`, { file: path });
  }
  return detectStructureFormat(path, text) === "cif"
    ? parseCifStructure(text, { ...options, file: path })
    : parsePoscar(text, { file: path });
}
