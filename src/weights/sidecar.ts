/**
 * megnet's `X.hdf5.json` sidecar: the graph converter settings (cutoff, Gaussian centres and width)
 * and the target scaler (`StandardScaler` or `DummyScaler`), serialised with monty's `as_dict`.
 */
import { readFile } from "node:fs/promises";
import { WeightsError } from "../core/errors.js";
import type { TargetScalerConfig } from "../models/config.js";

export interface KerasSidecar {
  readonly cutoff: number;
  readonly centers: readonly number[];
  readonly width: number;
  /** Absent for `DummyScaler` (identity) or no scaler at all. */
  readonly targetScaler?: TargetScalerConfig;
  /** Free-form `metadata` block (name, unit, description, metric…). */
  readonly metadata: Readonly<Record<string, unknown>>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function finiteNumber(value: unknown, what: string, file: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new WeightsError(`${file}: ${what} is missing or not a finite number`);
  return value;
}

/** monty serialises numpy arrays as {"@module": "numpy", "@class": "array", "data": [...]}. */
function numberArray(value: unknown, what: string, file: string): number[] {
  const data = isRecord(value) ? value.data : value;
  if (!Array.isArray(data) || data.length === 0 || !data.every((v) => typeof v === "number" && Number.isFinite(v))) {
    throw new WeightsError(`${file}: ${what} is missing or not a list of numbers`);
  }
  return data as number[];
}

function parseScaler(value: unknown, file: string): TargetScalerConfig | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw new WeightsError(`${file}: target_scaler is not an object`);
  const kind = value["@class"];
  if (kind === "DummyScaler") return undefined;
  if (kind !== "StandardScaler") throw new WeightsError(`${file}: unsupported target_scaler class ${String(kind)} (expected StandardScaler or DummyScaler)`);
  const isIntensive = value.is_intensive;
  if (typeof isIntensive !== "boolean") throw new WeightsError(`${file}: target_scaler.is_intensive is missing`);
  const std = finiteNumber(value.std, "target_scaler.std", file);
  if (!(std > 0)) throw new WeightsError(`${file}: target_scaler.std must be positive, found ${std}`);
  return { mean: finiteNumber(value.mean, "target_scaler.mean", file), std, isIntensive };
}

/** Parse sidecar JSON text; `file` names it in errors. */
export function parseSidecar(text: string, file: string): KerasSidecar {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new WeightsError(`${file}: invalid JSON (${(err as Error).message})`);
  }
  if (!isRecord(parsed) || !isRecord(parsed.graph_converter)) throw new WeightsError(`${file}: no graph_converter block`);
  const converter = parsed.graph_converter;
  const bond = converter.bond_converter;
  if (!isRecord(bond) || bond["@class"] !== "GaussianDistance") {
    throw new WeightsError(`${file}: graph_converter.bond_converter must be a GaussianDistance`);
  }
  const width = finiteNumber(bond.width, "bond_converter.width", file);
  const cutoff = finiteNumber(converter.cutoff, "graph_converter.cutoff", file);
  if (!(width > 0) || !(cutoff > 0)) throw new WeightsError(`${file}: cutoff and Gaussian width must be positive`);
  const targetScaler = parseScaler(parsed.target_scaler, file);
  return {
    cutoff,
    centers: numberArray(bond.centers, "bond_converter.centers", file),
    width,
    ...(targetScaler ? { targetScaler } : {}),
    metadata: isRecord(parsed.metadata) ? parsed.metadata : {},
  };
}

export async function readSidecar(path: string): Promise<KerasSidecar> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new WeightsError(`${path}: sidecar file not found (megnet saves it beside the .hdf5 as <model>.hdf5.json)`);
  }
  return parseSidecar(text, path);
}
