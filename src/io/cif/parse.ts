/** Public CIF entry points: text → every block's structure or error, plus warnings. */
import { CifError } from "../../core/errors.js";
import type { Structure } from "../../structure/structure.js";
import { splitBlocks } from "./blocks.js";
import { blockToStructure } from "./to-structure.js";
import { looksBinary, stripBom, tokenize } from "./tokenizer.js";
import type { CifBlockResult, CifParseOptions, CifParseResult, CifWarning } from "./types.js";

export const DEFAULT_SITE_TOLERANCE = 1e-4;
export const DEFAULT_OCCUPANCY_TOLERANCE = 0.05;

/**
 * Parse CIF text. Never throws on bad input: each data block carries its structure or its
 * {@link CifError}, so one broken block does not lose the others. A file-level problem (empty,
 * binary, no `data_` block) is reported in `error` with no blocks.
 */
export function parseCif(text: string, options: CifParseOptions = {}): CifParseResult {
  const file = options.file;
  const fileError = (reason: string, line?: number): CifParseResult => ({
    file,
    blocks: [],
    warnings: [],
    error: new CifError(reason, { file, line }),
  });
  if (typeof text !== "string") return fileError("input is not text");
  const body = stripBom(text);
  if (body.trim().length === 0) return fileError("empty input: no CIF data");
  if (looksBinary(body)) {
    // UTF-16 text read as UTF-8 has a NUL after (or before) every ASCII character
    const probe = body.slice(0, 200);
    const nuls = probe.split("\u0000").length - 1;
    const utf16 = nuls > probe.length / 3;
    return fileError(
      utf16 ? "input looks UTF-16 encoded: save the CIF as UTF-8 (or ASCII)" : "input looks binary, not a CIF text file",
      1,
    );
  }

  const onBadRow = options.onBadRow ?? "error";
  const { blocks, warnings } = splitBlocks(tokenize(body), onBadRow, file);
  if (blocks.length === 0) {
    const hint = warnings.find((w) => w.message.startsWith("tag "));
    return {
      file,
      blocks: [],
      warnings,
      error: new CifError(`no data_ block found${hint ? " (tags appear outside any block)" : ""}`, { file, line: 1 }),
    };
  }
  const ctx = {
    file,
    onBadRow,
    siteTolerance: options.siteTolerance ?? DEFAULT_SITE_TOLERANCE,
    occupancyTolerance: options.occupancyTolerance ?? DEFAULT_OCCUPANCY_TOLERANCE,
    siteOrder: options.siteOrder ?? "file",
  };
  const results: CifBlockResult[] = blocks.map((block) => {
    const blockWarnings: CifWarning[] = block.warnings.map((w) => ({ ...w, file }));
    const describesStructure = STRUCTURE_TAGS.some((t) => block.has(t));
    const base = { name: block.name, line: block.line, describesStructure, warnings: blockWarnings };
    if (block.error) return { ...base, ok: false, error: block.error };
    try {
      return { ...base, ok: true, structure: blockToStructure(block, ctx, blockWarnings) };
    } catch (e) {
      if (e instanceof CifError) return { ...base, ok: false, error: e };
      // a bug, not bad input: still report it against the block rather than crash the caller
      const reason = `internal error while reading block '${block.name}': ${e instanceof Error ? e.message : String(e)}`;
      return { ...base, ok: false, error: new CifError(reason, { file, line: block.line }) };
    }
  });
  return { file, blocks: results, warnings, error: null };
}

/** Any of these makes a block an attempt at a structure (dotted DDL2 spellings included). */
const STRUCTURE_TAGS = [
  "_cell_length_a",
  "_cell_length_b",
  "_cell_length_c",
  "_cell.length_a",
  "_atom_site_fract_x",
  "_atom_site.fract_x",
  "_atom_site_label",
  "_atom_site.label",
];

export interface ParseCifStructureOptions extends CifParseOptions {
  /** Name of the data block to read (default: the first block with cell lengths or atom sites). */
  readonly block?: string;
}

/**
 * The structure of a single-structure CIF. Throws the {@link CifError} of the chosen block
 * (or of the file) when it cannot be read.
 */
export function parseCifStructure(text: string, options: ParseCifStructureOptions = {}): Structure {
  const result = parseCif(text, options);
  if (result.error) throw result.error;
  const candidates =
    options.block !== undefined ? result.blocks.filter((b) => b.name === options.block) : result.blocks;
  if (candidates.length === 0) {
    throw new CifError(`no data block named '${options.block}'`, { file: options.file });
  }
  // the first block that tries to describe a structure; a broken one is an error, not skipped
  const first = candidates.find((b) => b.ok || b.describesStructure) ?? candidates[0];
  if (first.ok) return first.structure;
  throw first.error;
}
