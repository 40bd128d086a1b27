/** Structures named on a command line: files (every CIF data block, or one POSCAR) and folders of them. */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { DataError } from "../core/errors.js";
import { listStructureFiles } from "../data/structure-inputs.js";
import { type NamedStructure, structuresOfText } from "../io/structure-text.js";

export type { NamedStructure } from "../io/structure-text.js";

function structuresOfFile(file: string): NamedStructure[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    return [{ file, block: null, error: new DataError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? e}`) }];
  }
  return structuresOfText(file, text);
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
