/** The typed dataset value that `loadDataset` returns. */
import { DataError } from "../core/errors.js";
import type { Structure } from "../structure/structure.js";
import type { LabelPolicy } from "./descriptors.js";
import type { JsonObject } from "./jsonl.js";

/** One usable record. */
export interface DatasetRecord {
  readonly id: string;
  readonly formula: string;
  readonly structure: Structure;
  /** The target (κ in W/(m·K), or the dataset's unit); null for structure-only sets. */
  readonly target: number | null;
  /** The source record without its CIF text (extra fields: label_status, predictions…). */
  readonly fields: JsonObject;
}

/** A record that was left out, and why (never silently). */
export interface SkippedRecord {
  readonly id: string;
  readonly reason: string;
}

/** A contiguous part of a composite dataset (MIX = Togo15 then HH143). */
export interface DatasetGroup {
  readonly id: string;
  readonly start: number;
  readonly count: number;
}

export interface Dataset {
  readonly id: string;
  /** Files read. */
  readonly sources: readonly string[];
  readonly targetField: string | null;
  readonly targetUnit: string | null;
  readonly labelPolicy?: LabelPolicy;
  readonly records: readonly DatasetRecord[];
  /** Records that failed to parse, had no edges within the cutoff, or repeated an id. */
  readonly skipped: readonly SkippedRecord[];
  /** Records without a label under the label policy: left out before parsing, counted here. */
  readonly unlabelled: number;
  /** Non-fatal notes (e.g. isolated atoms), by id. */
  readonly warnings: readonly SkippedRecord[];
  /** sha256 over (dataset id, policy, and each kept record's id, target and CIF text). */
  readonly contentHash: string;
  /** Present for composite datasets; consecutive and covering all records. */
  readonly groups?: readonly DatasetGroup[];
}

/** Targets as a Float64Array, in record order. Throws for a dataset without labels. */
export function datasetTargets(dataset: Dataset): Float64Array {
  const out = new Float64Array(dataset.records.length);
  dataset.records.forEach((r, i) => {
    if (r.target === null) throw new DataError(`dataset '${dataset.id}': record '${r.id}' has no target`);
    out[i] = r.target;
  });
  return out;
}

/** Group sizes in order (one group for a plain dataset), for `randomGroupSplits`. */
export function datasetGroupSizes(dataset: Dataset): number[] {
  return dataset.groups ? dataset.groups.map((g) => g.count) : [dataset.records.length];
}
