/** Read a structure file from disk, choosing CIF or POSCAR by name, then by content. */
import { readFileSync } from "node:fs";
import { CifError } from "../core/errors.js";
import type { Structure } from "../structure/structure.js";
import { parseCifStructure } from "./cif/parse.js";
import type { CifParseOptions } from "./cif/types.js";
import { parsePoscar } from "./poscar.js";
import { detectStructureFormat } from "./structure-text.js";

export { detectStructureFormat, type StructureFormat } from "./structure-text.js";

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
