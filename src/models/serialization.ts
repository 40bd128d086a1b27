/**
 * The one serialization of a model: what it is (`kind`), its config (architecture, featurisation
 * and target transform: `toConfig()`) and its weights. Model directories (weights/model-io.ts),
 * training checkpoints and worker threads all go through here, so a model is rebuilt in one
 * place. No file system here: the browser can use it too.
 *
 * Versions (the model directory's `formatVersion`): 1 kept a ParAIsite's target transform in the
 * directory's `extra.targetTransform`; 2 has it in the config. Older versions are migrated on read.
 */
import { WeightsError } from "../core/errors.js";
import type { TargetTransformJSON } from "../core/target-transform.js";
import type { MEGNetConfig, NamedWeight, WeightMap } from "./config.js";
import { MEGNet } from "./megnet.js";
import { ParAIsite, type ParAIsiteConfig } from "./paraisite.js";

/** Bumped on any change an older reader would misread; readers migrate every older version. */
export const MODEL_FORMAT_VERSION = 2;

/** A model this library can serialize. */
export type Model = MEGNet | ParAIsite;

/** What a model is, without its weights: the kind tags the config's type. */
export type ModelConfig = { readonly kind: "megnet"; readonly config: MEGNetConfig } | { readonly kind: "paraisite"; readonly config: ParAIsiteConfig };

export type ModelKind = ModelConfig["kind"];

/** Weights as [name, shape, values] triples: survives structured cloning (worker messages). */
export type WeightList = readonly (readonly [string, readonly number[], Float32Array])[];

/** A model as plain data, e.g. for a worker thread: same config and weights, same predictions. */
export interface SerializedModel {
  readonly formatVersion: number;
  readonly model: ModelConfig;
  readonly weights: WeightList;
}

/** The kind and config of `model` (its `toConfig()`). */
export function modelConfigOf(model: Model): ModelConfig {
  return model instanceof ParAIsite ? { kind: "paraisite", config: model.toConfig() } : { kind: "megnet", config: model.toConfig() };
}

/** Build the model `description` describes, with `weights` when given (all of them; validated). */
export function modelFromConfig(description: ModelConfig, weights?: WeightMap): Model {
  return description.kind === "paraisite" ? ParAIsite.fromConfig(description.config, weights) : MEGNet.fromConfig(description.config, weights);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** What a stored model holds besides its weights, as read (any version). */
export interface StoredModel {
  readonly formatVersion: number;
  readonly kind: string;
  readonly config: unknown;
  /** Free JSON stored beside the model (training metadata, provenance…). */
  readonly extra: { readonly [key: string]: unknown };
}

/**
 * The current-version description of a stored model, migrating older versions (v1: a ParAIsite's
 * target transform moves from `extra.targetTransform` into the config, and is dropped from `extra`).
 * Other kinds and current versions are returned as stored.
 * @throws WeightsError naming `source` when a known kind's config is incomplete.
 */
export function upgradeStoredModel(stored: StoredModel, source: string): { readonly config: unknown; readonly extra: { readonly [key: string]: unknown } } {
  if (stored.kind !== "paraisite" || stored.formatVersion >= 2) return { config: stored.config, extra: stored.extra };
  const { targetTransform, ...extra } = stored.extra;
  if (!isRecord(targetTransform)) throw new WeightsError(`${source}: a version 1 "paraisite" model needs extra.targetTransform`);
  if (!isRecord(stored.config)) throw new WeightsError(`${source}: config is not an object`);
  return { config: { ...stored.config, targetTransform }, extra };
}

/**
 * Check that `config` is a complete config of `kind` (the parts a model needs to be built; the
 * weights are checked when they are assigned). Returns the typed description.
 */
export function checkModelConfig(kind: string, config: unknown, source: string): ModelConfig {
  if (!isRecord(config)) throw new WeightsError(`${source}: config is not an object`);
  if (kind === "megnet") return { kind, config: config as unknown as MEGNetConfig };
  if (kind === "paraisite") {
    const { trunk, headUnits, targetTransform } = config;
    const missing = [
      isRecord(trunk) ? undefined : "trunk",
      Array.isArray(headUnits) && headUnits.every((u) => Number.isInteger(u) && u > 0) ? undefined : "headUnits",
      isRecord(targetTransform) && typeof targetTransform.kind === "string" ? undefined : "targetTransform",
    ].filter((m) => m !== undefined);
    if (missing.length > 0) throw new WeightsError(`${source}: the "paraisite" config lacks a valid ${missing.join(", ")}`);
    return {
      kind,
      config: { trunk: trunk as unknown as MEGNetConfig, headUnits: headUnits as number[], targetTransform: targetTransform as unknown as TargetTransformJSON },
    };
  }
  throw new WeightsError(`${source}: unknown model kind "${kind}" (expected "megnet" or "paraisite")`);
}

/** Build a stored model (any version) with its weights: the one place a saved model is rebuilt. */
export function modelFromStored(stored: StoredModel, weights: WeightMap, source: string): Model {
  const { config } = upgradeStoredModel(stored, source);
  return modelFromConfig(checkModelConfig(stored.kind, config, source), weights);
}

function toList(weights: WeightMap): WeightList {
  return [...weights].map(([name, w]) => [name, [...w.shape], w.data.slice()] as const);
}

/** A weight list back as a map. */
function weightMapOf(list: WeightList): WeightMap {
  return new Map<string, NamedWeight>(list.map(([name, shape, data]) => [name, { shape: [...shape], data }]));
}

/** Snapshot of a model's config and current weights (copies). */
export function serializeModel(model: Model): SerializedModel {
  return { formatVersion: MODEL_FORMAT_VERSION, model: modelConfigOf(model), weights: toList(model.getWeights()) };
}

/** Rebuild a serialized model (allocates tfjs variables on the current backend). */
export function deserializeModel(serialized: SerializedModel): Model {
  const { kind, config } = serialized.model;
  return modelFromStored({ formatVersion: serialized.formatVersion, kind, config, extra: {} }, weightMapOf(serialized.weights), "serialized model");
}
