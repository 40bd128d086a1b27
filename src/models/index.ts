/**
 * `paraisite/models`: MEGNet and ParAIsite, their configs, input packing, weight access by
 * canonical name, the one serialization (config + weights) and the inference worker pool.
 * @packageDocumentation
 */
export {
  matglTrunkConfig,
  type MEGNetConfig,
  megnetDefaultConfig,
  type NamedWeight,
  type ReadoutHiddenActivation,
  readoutActivations,
  type Set2SetVariant,
  set2setProjects,
  type TargetScalerConfig,
  type WeightMap,
} from "./config.js";
export { disposeInputs, type MEGNetInputs, prepareInputs } from "./inputs.js";
export { type ForwardOptions, MEGNet, type MEGNetOptions, type MEGNetOutput } from "./megnet.js";
export { PARAISITE_HEAD_UNITS, ParAIsite, type ParAIsiteConfig, type ParAIsiteOptions } from "./paraisite.js";
export {
  checkModelConfig,
  deserializeModel,
  MODEL_FORMAT_VERSION,
  type Model,
  type ModelConfig,
  type ModelKind,
  modelConfigOf,
  modelFromConfig,
  modelFromStored,
  type SerializedModel,
  type StoredModel,
  serializeModel,
  upgradeStoredModel,
  type WeightList,
} from "./serialization.js";
export { readWeights, type WriteWeightsOptions, writeWeights } from "./weights-io.js";
export { InferencePool, type InferencePoolOptions, InferenceWorkerError } from "./worker-pool.js";
