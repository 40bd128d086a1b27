/**
 * Descriptors for the materials of a scan: from their structures when given (JSON Lines with
 * id + cif, a folder of CIFs, or one CIF), otherwise from the formula and numeric CSV columns.
 * A JSON Lines input may also carry reference predictions (the shared MP scan file has the
 * paper's per-model ensemble means), which the report compares with ours by rank.
 */
import { stat } from "node:fs/promises";
import type { ParaisiteError } from "../core/errors.js";
import { type JsonValue, readJsonLines, readStructureInputs, structureFromCifText } from "../data/index.js";
import type { Structure } from "../structure/index.js";
import { compositionDescriptors, type DescriptorValues, parseFormula, structureDescriptors } from "./descriptors.js";
import type { ScanRow } from "./scan-results.js";

export interface LoadedStructures {
  readonly structures: ReadonlyMap<string, Structure>;
  /** Ids whose structure could not be read, with the error. */
  readonly failed: readonly { readonly id: string; readonly error: ParaisiteError }[];
  /** Reference name → (id → κ), from `referenceField` of JSON Lines records. */
  readonly references: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

export interface LoadStructuresOptions {
  /** Only these ids are parsed (others skipped cheaply). */
  readonly ids?: ReadonlySet<string>;
  /** JSON Lines field with reference κ: a number, or { name: number | { mean: number } } (default "paraisite_pred_ltc_w_mk"). */
  readonly referenceField?: string;
}

function addReferences(out: Map<string, Map<string, number>>, id: string, value: JsonValue | undefined, field: string): void {
  if (typeof value === "number") {
    if (!out.has(field)) out.set(field, new Map());
    out.get(field)?.set(id, value);
    return;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return;
  for (const [name, v] of Object.entries(value as Record<string, JsonValue>)) {
    const kappa =
      typeof v === "number"
        ? v
        : v !== null && typeof v === "object" && !Array.isArray(v) && typeof (v as Record<string, JsonValue>).mean === "number"
          ? ((v as Record<string, JsonValue>).mean as number)
          : undefined;
    if (kappa === undefined) continue;
    if (!out.has(name)) out.set(name, new Map());
    out.get(name)?.set(id, kappa);
  }
}

/** Read structures (and reference predictions) for the wanted ids. */
export async function loadStructures(input: string, options: LoadStructuresOptions = {}): Promise<LoadedStructures> {
  const structures = new Map<string, Structure>();
  const failed: { id: string; error: ParaisiteError }[] = [];
  const references = new Map<string, Map<string, number>>();
  const wanted = (id: string): boolean => options.ids === undefined || options.ids.has(id);
  const info = await stat(input).catch(() => undefined);
  const isJsonLines = info?.isFile() === true && !/\.(cif|vasp|poscar)$/i.test(input);
  if (isJsonLines) {
    const field = options.referenceField ?? "paraisite_pred_ltc_w_mk";
    // One pass: parse only wanted records, and pick up reference values on the way.
    for await (const entry of readJsonLines(input)) {
      if (entry.error) continue;
      const rawId = entry.value.id;
      const id = typeof rawId === "string" ? rawId : typeof rawId === "number" ? String(rawId) : undefined;
      if (id === undefined || !wanted(id)) continue;
      addReferences(references, id, entry.value[field], field);
      const cif = entry.value.cif;
      if (typeof cif !== "string") continue;
      const parsed = structureFromCifText(cif, id);
      if (parsed.structure) structures.set(id, parsed.structure);
      else failed.push({ id, error: parsed.error });
    }
  } else {
    for await (const item of readStructureInputs(input)) {
      // Folder ids are relative paths; match scan ids by file name without extension too.
      const short = item.id.replace(/^.*\//, "").replace(/\.(cif|vasp|poscar)$/i, "");
      const id = wanted(item.id) ? item.id : wanted(short) ? short : undefined;
      if (id === undefined) continue;
      if (item.structure) structures.set(id, item.structure);
      else failed.push({ id, error: item.error });
    }
  }
  return { structures, failed, references };
}

/**
 * Descriptors per scan row: numeric CSV columns (e.g. nsites), then composition descriptors from
 * the formula, then — when a structure is known — every structure descriptor (which wins).
 */
export function materialDescriptors(
  rows: readonly ScanRow[],
  structures: ReadonlyMap<string, Structure> = new Map(),
): Map<string, DescriptorValues> {
  const out = new Map<string, DescriptorValues>();
  for (const row of rows) {
    let values: Record<string, number> = { ...row.extra };
    if (row.formula) {
      try {
        values = { ...values, ...compositionDescriptors(parseFormula(row.formula)) };
      } catch {
        // An unparsable formula only costs the composition descriptors of this row.
      }
    }
    const structure = structures.get(row.id);
    if (structure) values = { ...values, ...structureDescriptors(structure) };
    out.set(row.id, values);
  }
  return out;
}
