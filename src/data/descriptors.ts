/**
 * Built-in dataset descriptors for the files of the shared data directory (see its README), and
 * the spec type for a user's own JSONL/CSV file.
 */
import type { JsonObject } from "./jsonl.js";

/**
 * AFLOW AGL label policy: `paper` keeps the 3286 records whose paper label was recovered
 * (`label_status = paper_value_recovered`); `paper+older` adds the 1114 records that only carry
 * an older-release AGL value (`ltc_w_mk_older_release`), 4400 in all.
 */
export type LabelPolicy = "paper" | "paper+older";

/** The target of one record under a label policy, or null when it has none. */
export type LabelFunction = (record: JsonObject, policy: LabelPolicy) => number | null;

/** How to read a dataset file into records. Built-ins fill `file`; a user's spec fills `path`. */
export interface DatasetSpec {
  /** Short id, used in cache keys and run outputs. */
  readonly id: string;
  readonly title?: string;
  /** File name inside the data directory (built-in datasets). */
  readonly file?: string;
  /** Explicit path (user datasets; overrides `file`). */
  readonly path?: string;
  /** `jsonl` (plain or .gz) or `csv`; default from the file name (`.csv`/`.csv.gz` → csv). */
  readonly format?: "jsonl" | "csv";
  /** Field holding the target value; null for structure-only sets. */
  readonly targetField: string | null;
  /** Unit of the target, for reports. */
  readonly targetUnit?: string | null;
  /** Default "id". */
  readonly idField?: string;
  /** Field holding CIF text (default "cif"). For CSV it may be absent: see `structureDir`. */
  readonly cifField?: string;
  /** Default "formula"; when absent the structure's reduced formula is used. */
  readonly formulaField?: string;
  /** CSV datasets: folder of structure files; row `fileField` (default `<id>.cif`) names the file. */
  readonly structureDir?: string;
  /** CSV datasets: column naming the structure file inside `structureDir`. */
  readonly fileField?: string;
  /** Custom labelling (AFLOW's label policy); default: the numeric value of `targetField`. */
  readonly label?: LabelFunction;
  /** Records in the file, for a sanity check in tests and docs. */
  readonly expectedRecords?: number;
  /** A dataset made of other datasets, concatenated in order (the paper's MIX). */
  readonly parts?: readonly string[];
}

const KAPPA = "W/(m·K)";

const finite = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** AFLOW AGL labels: the recovered paper value, plus older-release values under `paper+older`. */
export const aflowLabel: LabelFunction = (record, policy) => {
  const status = record["label_status"];
  if (status === "paper_value_recovered") return finite(record["ltc_w_mk"]);
  if (policy === "paper+older" && status === "older_release_value_only") {
    return finite(record["ltc_w_mk_older_release"]);
  }
  return null;
};

/** The built-in datasets, by id. */
export const BUILTIN_DATASETS: Readonly<Record<string, DatasetSpec>> = {
  togo15: {
    id: "togo15",
    title: "Togo15 (the paper's Dataset1, formerly L96): 95 RS/ZB/WZ compounds, phono3py LDA κ at 300 K",
    file: "togo15_paraisite_dataset1.jsonl",
    targetField: "ltc_w_mk",
    targetUnit: KAPPA,
    expectedRecords: 95,
  },
  hh143: {
    id: "hh143",
    title: "Half-Heusler 143 (the paper's Dataset2)",
    file: "paraisite_dataset2_hh143.jsonl",
    targetField: "ltc_w_mk",
    targetUnit: KAPPA,
    expectedRecords: 143,
  },
  mix: {
    id: "mix",
    title: "The paper's MIX: Togo15 then HH143 (238)",
    targetField: "ltc_w_mk",
    targetUnit: KAPPA,
    expectedRecords: 238,
    parts: ["togo15", "hh143"],
  },
  "aflow-agl": {
    id: "aflow-agl",
    title: "AFLOW AGL, 5578 ICSD structures (3286 with the paper's label recovered)",
    file: "aflow_agl_icsd_5578.jsonl.gz",
    targetField: "ltc_w_mk",
    targetUnit: KAPPA,
    label: aflowLabel,
    expectedRecords: 5578,
  },
  "phonondb-pbe-103": {
    id: "phonondb-pbe-103",
    title: "phononDB PBE 103 compounds, κ_TOT at 300 K without NAC (Matbench Discovery κ_SRME set)",
    file: "phonondb_pbe103_kappa.jsonl",
    targetField: "ltc_w_mk",
    targetUnit: KAPPA,
    expectedRecords: 103,
  },
  "mp-scan": {
    id: "mp-scan",
    title: "MP structures of the paper's scan outputs (1042 with the paper's Step-III predictions)",
    file: "mp_structures_paraisite_scan.jsonl.gz",
    targetField: null,
    expectedRecords: 2228,
  },
  "mp-binaries-3953": {
    id: "mp-binaries-3953",
    title: "MP binaries (matcalc 2025), a structure pool for scans",
    file: "mp_binaries_3953_matcalc.jsonl.gz",
    targetField: null,
    expectedRecords: 3953,
  },
  "wbm-972": {
    id: "wbm-972",
    title: "WBM-972: WBM structures with MP2020-corrected formation energies",
    file: "wbm972_eform_mp2020.jsonl.gz",
    targetField: "e_form_ev_atom",
    targetUnit: "eV/atom",
    expectedRecords: 972,
  },
};

const ALIASES: Readonly<Record<string, string>> = {
  dataset1: "togo15",
  l96: "togo15",
  dataset2: "hh143",
  "half-heusler-143": "hh143",
  aflow: "aflow-agl",
  phonondb: "phonondb-pbe-103",
  "phonondb-pbe103": "phonondb-pbe-103",
  wbm972: "wbm-972",
};

/** The built-in spec for an id or alias (case-insensitive), or undefined. */
export function builtinDataset(id: string): DatasetSpec | undefined {
  const key = id.toLowerCase();
  return BUILTIN_DATASETS[ALIASES[key] ?? key];
}

/** Ids of the built-in datasets. */
export function builtinDatasetIds(): string[] {
  return Object.keys(BUILTIN_DATASETS);
}
