import type { CifError } from "../../core/errors.js";
import type { Structure } from "../../structure/structure.js";

/** Something the parser tolerated or repaired; the structure is still returned. */
export interface CifWarning {
  readonly message: string;
  readonly file?: string;
  readonly block?: string;
  readonly line?: number;
  readonly column?: number;
}

/** What to do with a row of `_atom_site_*` (or a loop) that cannot be read. */
export type BadRowPolicy = "error" | "skip";

export interface CifParseOptions {
  /** File name, copied into errors and warnings. */
  readonly file?: string;
  /** `"error"` (default): a bad atom-site row or misaligned loop fails the block. `"skip"`: drop it with a warning. */
  readonly onBadRow?: BadRowPolicy;
  /**
   * Two symmetry images (or two listed sites) closer than this in every fractional coordinate
   * (periodically) are the same site. Default 1e-4, as pymatgen's `CifParser(site_tolerance=1e-4)`.
   */
  readonly siteTolerance?: number;
  /**
   * Occupancy sums on one site up to `1 + occupancyTolerance` are scaled down to 1 (with a warning
   * when above 1 + 1e-6); larger sums are an error. Default 0.05.
   */
  readonly occupancyTolerance?: number;
  /**
   * `"file"` (default): rows in file order, each followed by its symmetry images. `"pymatgen"`:
   * re-sorted as pymatgen's `CifParser` returns them (by electronegativity, then species), so site
   * indices agree with pymatgen's.
   */
  readonly siteOrder?: "file" | "pymatgen";
}

/** One data block of a CIF file: its structure, or why it has none. */
export type CifBlockResult =
  | {
      readonly name: string;
      readonly line: number;
      readonly ok: true;
      /** The block has cell lengths or atom-site coordinates (a publication block has neither). */
      readonly describesStructure: boolean;
      readonly structure: Structure;
      readonly warnings: readonly CifWarning[];
    }
  | {
      readonly name: string;
      readonly line: number;
      readonly ok: false;
      readonly describesStructure: boolean;
      readonly error: CifError;
      readonly warnings: readonly CifWarning[];
    };

export interface CifParseResult {
  readonly file?: string;
  /** Every `data_` block in file order (duplicate names kept). */
  readonly blocks: readonly CifBlockResult[];
  /** File-level warnings (content outside blocks, skipped save frames...). */
  readonly warnings: readonly CifWarning[];
  /** A file-level failure (empty or binary input, no data block); `blocks` is then empty. */
  readonly error: CifError | null;
}
