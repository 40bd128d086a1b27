/**
 * Structures to run a model on, streamed one at a time from a JSON Lines file (`id` + `cif`,
 * plain or .gz) or from a folder of CIF/POSCAR files. Every input yields either its structure or
 * the error that stopped it, with an id, so a scan reports failures instead of dropping them.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join, relative, sep } from "node:path";
import { CifError, DataError, ParaisiteError } from "../core/errors.js";
import { parseCif, parsePoscar } from "../io/index.js";
import type { Structure } from "../structure/structure.js";
import { inShard } from "./shard.js";
import { readJsonLines } from "./jsonl.js";

/** One input structure, or why it could not be read. */
export type StructureInput =
  | { readonly id: string; readonly structure: Structure; readonly error?: undefined }
  | { readonly id: string; readonly structure?: undefined; readonly error: ParaisiteError };

export interface StructureInputOptions {
  /** JSONL field holding the id (default "id"). */
  readonly idField?: string;
  /** JSONL field holding the CIF text (default "cif"). */
  readonly cifField?: string;
  /** Only ids in shard `index` of `count` (see {@link inShard}); filtered before parsing. */
  readonly shard?: { readonly index: number; readonly count: number };
  /** Ids to skip without parsing (e.g. `readDoneIds` for `--resume`). */
  readonly skipIds?: ReadonlySet<string>;
}

/** A block that describes no structure at all (e.g. a publication block) is not worth an error. */
function isStructureless(error: CifError): boolean {
  return /_cell_length_a missing|_atom_site_fract_x missing/.test(error.reason);
}

const STRUCTURE_FILE = /(\.m?cif|\.vasp|\.poscar)$|^(POSCAR|CONTCAR)/i;

/** True for file names the folder reader picks up: *.cif, *.mcif, *.vasp, *.poscar, POSCAR*, CONTCAR*. */
export function isStructureFileName(name: string): boolean {
  return STRUCTURE_FILE.test(name);
}

function wanted(id: string, options: StructureInputOptions): boolean {
  if (options.skipIds?.has(id)) return false;
  return options.shard ? inShard(id, options.shard.index, options.shard.count) : true;
}

/**
 * Iterate `{ id, structure | error }` from `input`: a directory (every structure file below it,
 * ids = paths relative to it with `/` separators, sorted for determinism), a single CIF/POSCAR
 * file, or a JSON Lines file (anything else; plain or gzipped).
 */
export async function* readStructureInputs(
  input: string,
  options: StructureInputOptions = {},
): AsyncGenerator<StructureInput> {
  const info = await stat(input).catch((e: NodeJS.ErrnoException) => {
    throw new DataError(`cannot read ${input}: ${e.code ?? e.message}`);
  });
  if (info.isDirectory()) {
    yield* readStructureFolder(input, options);
  } else if (isStructureFileName(basename(input))) {
    yield* structuresOfFile(input, basename(input), options);
  } else {
    yield* readStructureJsonLines(input, options);
  }
}

/**
 * Every structure file below `dir`, relative paths with `/`, sorted by code unit. Symbolic links
 * are not followed (no loops); hidden entries (".name") are skipped.
 */
export async function listStructureFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && isStructureFileName(entry.name)) files.push(relative(dir, path).split(sep).join("/"));
    }
  };
  await walk(dir);
  return files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

async function* readStructureFolder(dir: string, options: StructureInputOptions): AsyncGenerator<StructureInput> {
  for (const rel of await listStructureFiles(dir)) {
    // Shard by file, so a multi-block CIF stays whole on one shard; resume by file and by block id.
    if (!wanted(rel, options)) continue;
    for await (const input of structuresOfFile(join(dir, rel), rel, {})) {
      if (!options.skipIds?.has(input.id)) yield input;
    }
  }
}

/** The structures of one file: a CIF may hold several blocks (ids `file#block`), POSCAR holds one. */
async function* structuresOfFile(
  path: string,
  id: string,
  options: StructureInputOptions,
): AsyncGenerator<StructureInput> {
  if (!wanted(id, options)) return;
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    yield { id, error: new DataError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? e}`) };
    return;
  }
  if (!/\.m?cif$/i.test(path)) {
    yield parsePoscarInput(text, id, path);
    return;
  }
  const result = parseCif(text, { file: path });
  if (result.error) {
    yield { id, error: result.error };
    return;
  }
  const blocks = result.blocks.filter((b) => b.ok || !isStructureless(b.error));
  if (blocks.length === 0) {
    yield { id, error: new CifError("no data block describes a structure", { file: path }) };
    return;
  }
  for (const block of blocks) {
    const blockId = blocks.length === 1 ? id : `${id}#${block.name}`;
    yield block.ok ? { id: blockId, structure: block.structure } : { id: blockId, error: block.error };
  }
}

function parsePoscarInput(text: string, id: string, path: string): StructureInput {
  try {
    return { id, structure: parsePoscar(text, { file: path }) };
  } catch (e) {
    if (e instanceof ParaisiteError) return { id, error: e };
    throw e;
  }
}

/** The structure of one CIF text held in a record (first block that describes a structure). */
export function structureFromCifText(cif: string, id: string): StructureInput {
  const result = parseCif(cif, { file: id });
  if (result.error) return { id, error: result.error };
  const block = result.blocks.find((b) => b.ok || !isStructureless(b.error)) ?? result.blocks[0];
  return block.ok ? { id, structure: block.structure } : { id, error: block.error };
}

async function* readStructureJsonLines(path: string, options: StructureInputOptions): AsyncGenerator<StructureInput> {
  const idField = options.idField ?? "id";
  const cifField = options.cifField ?? "cif";
  for await (const entry of readJsonLines(path)) {
    // A line without a usable id is reported under `file:line`, by one shard only.
    const where = `${basename(path)}:${entry.line}`;
    if (entry.error) {
      if (wanted(where, options)) yield { id: where, error: entry.error };
      continue;
    }
    const rawId = entry.value[idField];
    const id = typeof rawId === "string" && rawId !== "" ? rawId : typeof rawId === "number" ? String(rawId) : undefined;
    if (id === undefined) {
      if (wanted(where, options)) yield { id: where, error: new DataError(`${path}:${entry.line}: record has no '${idField}'`) };
      continue;
    }
    if (!wanted(id, options)) continue;
    const cif = entry.value[cifField];
    if (typeof cif !== "string") {
      yield { id, error: new DataError(`${path}:${entry.line}: record '${id}' has no '${cifField}' text`) };
      continue;
    }
    yield structureFromCifText(cif, id);
  }
}
