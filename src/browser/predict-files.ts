/**
 * Files in, one plain row per structure out: what a page shows and what a Web Worker posts back
 * (structured-clone friendly: strings, numbers, a Float64Array). Files are parsed exactly as the
 * CLI parses them (`structuresOfText`: every CIF data block, or one POSCAR), so the page and
 * `paraisite predict` see the same structures.
 */
import type { CifWarning } from "../io/cif/types.js";
import { type NamedStructure, structuresOfText } from "../io/structure-text.js";
import { describeApplicability } from "../ensemble/applicability.js";
import type { KappaEnsembleCore, KappaPrediction } from "../ensemble/kappa-core.js";
import type { Structure } from "../structure/structure.js";

/** A structure file's name and text. */
export interface StructureFile {
  readonly name: string;
  readonly text: string;
}

/** Why a structure has no prediction: the error class name and its message (naming the file). */
export interface RowError {
  readonly kind: string;
  readonly message: string;
}

/** One structure of one file. */
export interface KappaRow {
  readonly file: string;
  /** CIF data block name; null for POSCAR or a file that failed as a whole. */
  readonly block: string | null;
  readonly formula: string | null;
  /** Sites in the cell as parsed (after symmetry expansion). */
  readonly sites: number | null;
  /** κ in W/(m·K): per-model values, mean, sample std; null on error. */
  readonly kappa: KappaPrediction | null;
  /** What the parser tolerated or repaired (`line N: message`), and an out-of-domain note. */
  readonly warnings: readonly string[];
  readonly error: RowError | null;
}

function warningText(w: CifWarning): string {
  return w.line === undefined ? w.message : `line ${w.line}: ${w.message}`;
}

/** The error's message, prefixed with the file (and block) when it does not name it already. */
function rowError(e: Error, item: NamedStructure): RowError {
  const where = item.block === null ? item.file : `${item.file} [${item.block}]`;
  return { kind: e.name, message: e.message.includes(item.file) ? e.message : `${where}: ${e.message}` };
}

/** Parse every file into its structures (or errors), in file order. */
export function structuresOfFiles(files: readonly StructureFile[]): NamedStructure[] {
  return files.flatMap((f) => structuresOfText(f.name, f.text));
}

/**
 * κ for every structure of `files`, batched `batchSize` structures at a time. A file that cannot be
 * parsed, or a structure that gives no graph, gets a row with its error; the others still predict.
 */
export function predictFiles(ensemble: KappaEnsembleCore, files: readonly StructureFile[], batchSize = 64): KappaRow[] {
  return predictStructureItems(ensemble, structuresOfFiles(files), batchSize);
}

/** {@link predictFiles} on structures already parsed (a worker parses first to report progress). */
export function predictStructureItems(ensemble: KappaEnsembleCore, items: readonly NamedStructure[], batchSize = 64): KappaRow[] {
  const parsed = items.filter((s): s is NamedStructure & { structure: Structure } => s.structure !== undefined);
  const predictions = ensemble.predictStructures(
    parsed.map((s) => s.structure),
    batchSize,
  );
  const byItem = new Map(parsed.map((s, k) => [s as NamedStructure, predictions[k]]));
  return items.map((item) => {
    const p = byItem.get(item);
    const error = item.error ?? (p !== undefined && !p.ok ? p.error : undefined);
    return {
      file: item.file,
      block: item.block,
      formula: item.structure?.reducedFormula ?? null,
      sites: item.structure?.nSites ?? null,
      kappa: p?.ok ? p.prediction : null,
      // parser repairs first, then whether the prediction is inside the model's domain
      warnings: [
        ...(item.warnings ?? []).map(warningText),
        ...(p?.ok && p.prediction.applicability !== undefined && !p.prediction.applicability.inDomain && ensemble.domain !== undefined
          ? [describeApplicability(p.prediction.applicability, ensemble.domain)]
          : []),
      ],
      error: error === undefined ? null : rowError(error, item),
    };
  });
}

