/**
 * `manifest.json`: what produced an output directory (library version, backend, preset, datasets
 * with sha256, pretrained weights, start/end of every session). A later session in the same
 * directory must use the same protocol, or finished runs would be mixed with different ones.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { TrainingError } from "../core/errors.js";
import { writeFileAtomic } from "../train/atomic-fs.js";
import { VERSION } from "../version.js";
import type { DataDescription } from "./data.js";
import { type ExperimentPreset, LEGACY_PRESET_DEFAULTS } from "./preset.js";

export const MANIFEST_FILE = "manifest.json";
export const MANIFEST_FORMAT = "paraisite-experiment";

/** Everything that decides a run's result, except the number of runs (more runs may be added later). */
export interface ExperimentProtocol {
  readonly preset: ExperimentPreset;
  readonly epochs: number;
  readonly quick: boolean;
  /** Records used per dataset id when subsets are used (quick). */
  readonly limits: { readonly [dataset: string]: number };
  /** Epochs per run for the models of these dataset ids, when they differ from `epochs`. */
  readonly datasetEpochs?: { readonly [dataset: string]: number };
}

export interface ExperimentSession {
  /** Start time and process id: unique per session, so concurrent sessions keep each other's entries. */
  readonly id: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly version: string;
  readonly backend: string;
  readonly node: string;
  readonly models: readonly string[];
  readonly runs: number;
  /** Threads per training run (data-parallel); absent in manifests of versions before it existed (= 1). */
  readonly threads?: number;
}

export interface ExperimentManifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly version: string;
  readonly protocol: ExperimentProtocol;
  readonly datasets: readonly DataDescription[];
  readonly weights: readonly { readonly id: string; readonly sha256: string }[];
  readonly sessions: readonly ExperimentSession[];
}

export function readManifest(outDir: string): ExperimentManifest | undefined {
  const path = join(outDir, MANIFEST_FILE);
  if (!existsSync(path)) return undefined;
  const json = JSON.parse(readFileSync(path, "utf8")) as ExperimentManifest;
  if (json.format !== MANIFEST_FORMAT) throw new TrainingError(`${path}: not a paraisite experiment manifest`);
  return withPresetDefaults(json);
}

/**
 * Preset fields added after a manifest was written take their default (the value those runs used),
 * appended last like in the preset, so an old protocol still compares equal in `checkProtocol`.
 */
function withPresetDefaults(manifest: ExperimentManifest): ExperimentManifest {
  const preset = manifest.protocol?.preset;
  if (preset === undefined) return manifest;
  return { ...manifest, protocol: { ...manifest.protocol, preset: { ...LEGACY_PRESET_DEFAULTS, ...preset } } };
}

/** JSON with object keys sorted, so that field order never makes two protocols differ. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Throw when `outDir` already holds runs of another protocol. */
export function checkProtocol(outDir: string, existing: ExperimentManifest | undefined, protocol: ExperimentProtocol): void {
  if (existing === undefined) return;
  if (canonical(existing.protocol) === canonical(protocol)) return;
  const names = new Set([...Object.keys(protocol), ...Object.keys(existing.protocol)]) as Set<keyof ExperimentProtocol>;
  const keys = [...names].filter((k) => canonical(existing.protocol[k]) !== canonical(protocol[k]));
  throw new TrainingError(
    `${join(outDir, MANIFEST_FILE)} was written with another protocol (different ${keys.join(", ")}); use another output directory`,
  );
}

/**
 * Merge this session (added, or replaced by id once it finishes) and the datasets and weights it
 * used into the manifest on disk, re-read just before writing: two processes training disjoint
 * models in one folder (docs/reproducing.md) keep each other's sessions.
 */
export function writeManifest(
  outDir: string,
  update: {
    readonly protocol: ExperimentProtocol;
    readonly datasets: readonly DataDescription[];
    readonly weights: readonly { readonly id: string; readonly sha256: string }[];
    readonly session: ExperimentSession;
  },
): ExperimentManifest {
  const previous = readManifest(outDir);
  const byId = <T extends { readonly id: string }>(old: readonly T[], now: readonly T[]): T[] => {
    const map = new Map(old.map((x) => [x.id, x]));
    for (const x of now) map.set(x.id, x);
    return [...map.values()];
  };
  const manifest: ExperimentManifest = {
    format: MANIFEST_FORMAT,
    version: VERSION,
    protocol: update.protocol,
    datasets: byId(previous?.datasets ?? [], update.datasets),
    weights: byId(previous?.weights ?? [], update.weights),
    sessions: byId(previous?.sessions ?? [], [update.session]),
  };
  writeFileAtomic(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
