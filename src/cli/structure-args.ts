/** Structures named on a command line: files (every CIF data block, or one POSCAR) and folders of them. */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { DataError, ParaisiteError } from "../core/errors.js";
import { listStructureFiles } from "../data/structure-inputs.js";
import { parseCif } from "../io/cif/parse.js";
import { parsePoscar } from "../io/poscar.js";
import { detectStructureFormat } from "../io/read-file.js";
import type { Structure } from "../structure/structure.js";

/** One structure (or the reason there is none) with where it came from. */
export interface NamedStructure {
  readonly file: string;
  /** CIF data block name (null for POSCAR). */
  readonly block: string | null;
  readonly structure?: Structure;
  readonly error?: ParaisiteError;
}

function structuresOfFile(file: string): NamedStructure[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    return [{ file, block: null, error: new DataError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? e}`) }];
  }
  if (detectStructureFormat(file, text) === "poscar") {
    try {
      return [{ file, block: null, structure: parsePoscar(text, { file }) }];
    } catch (e) {
      if (e instanceof ParaisiteError) return [{ file, block: null, error: e }];
      throw e;
    }
  }
  const result = parseCif(text, { file });
  if (result.error) return [{ file, block: null, error: result.error }];
  return result.blocks.map((b) => (b.ok ? { file, block: b.name, structure: b.structure } : { file, block: b.name, error: b.error }));
}

/** Expand files and folders (recursively, sorted) into their structures, in argument order. */
export async function structuresFromArgs(paths: readonly string[]): Promise<NamedStructure[]> {
  const out: NamedStructure[] = [];
  for (const path of paths) {
    let isDir = false;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      out.push({ file: path, block: null, error: new DataError(`no such file or folder: ${path}`) });
      continue;
    }
    if (isDir) {
      for (const rel of await listStructureFiles(path)) out.push(...structuresOfFile(join(path, rel)));
    } else {
      out.push(...structuresOfFile(path));
    }
  }
  return out;
}
