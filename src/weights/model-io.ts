/**
 * Models as model directories: `saveModel` writes a MEGNet or a ParAIsite (kind, `toConfig()`,
 * weights, free `extra` JSON); `loadModel` reads any version back into a ready model through the
 * one rebuild of models/serialization.ts, so `predict` speaks the physical unit after loading.
 */
import { resolve } from "node:path";
import type { WeightMap } from "../models/config.js";
import type { MEGNet } from "../models/megnet.js";
import type { ParAIsite } from "../models/paraisite.js";
import { checkModelConfig, type Model, type ModelConfig, type ModelKind, modelConfigOf, modelFromConfig } from "../models/serialization.js";
import { type JsonValue, loadModelDirectory, type ModelJson, saveModelDirectory } from "./model-directory.js";

/** A model directory's contents, before a model is built from them. */
export interface StoredModelContents {
  /** Kind and config, migrated to the current version whatever version was stored. */
  readonly description: ModelConfig;
  readonly weights: WeightMap;
  /** The directory's `extra` (training metadata, provenance…). */
  readonly extra: { readonly [key: string]: JsonValue };
  /** The format version the directory was written with. */
  readonly formatVersion: number;
}

/** A model read from a directory. */
export interface LoadedModel<M extends Model = Model> extends StoredModelContents {
  readonly model: M;
}

export interface SaveModelOptions {
  /** Any JSON-convertible data stored beside the model (not `targetTransform`: that is in the config). */
  readonly extra?: { readonly [key: string]: unknown };
}

/** Save `model` (its weights as they are now) to `dir`, atomically (see {@link saveModelDirectory}). */
export function saveModel(dir: string, model: Model, options: SaveModelOptions = {}): Promise<ModelJson> {
  const { kind, config } = modelConfigOf(model);
  return saveModelDirectory<unknown>(dir, { kind, config, weights: model.getWeights(), extra: options.extra ?? {} });
}

export interface LoadModelOptions<K extends ModelKind | undefined = ModelKind | undefined> {
  /** Refuse a directory holding another kind of model. */
  readonly kind?: K;
}

/**
 * Load the model saved in `dir` (any format version; version 1 ParAIsite directories keep their
 * target transform in `extra`, which is migrated). The caller owns (and disposes) the model.
 * @throws WeightsError naming the directory and the problem.
 */
export async function loadModel(dir: string, options: LoadModelOptions<"paraisite">): Promise<LoadedModel<ParAIsite>>;
export async function loadModel(dir: string, options: LoadModelOptions<"megnet">): Promise<LoadedModel<MEGNet>>;
export async function loadModel(dir: string, options?: LoadModelOptions): Promise<LoadedModel>;
export async function loadModel(dir: string, options: LoadModelOptions = {}): Promise<LoadedModel> {
  const stored = await readModel(dir, options);
  return { ...stored, model: modelFromConfig(stored.description, stored.weights) };
}

/** What {@link loadModel} reads, without building the model (e.g. to build it with another transform). */
export async function readModel(dir: string, options: LoadModelOptions = {}): Promise<StoredModelContents> {
  // the config and extra come back migrated to the current version
  const loaded = await loadModelDirectory(dir, options.kind === undefined ? {} : { kind: options.kind });
  const description = checkModelConfig(loaded.kind, loaded.config, resolve(dir));
  return { description, weights: loaded.weights, extra: loaded.extra, formatVersion: loaded.formatVersion };
}
