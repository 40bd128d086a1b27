/**
 * `paraisite/nn`: the layers (Dense, MLP, Embedding, MEGNetLayer, MEGNetBlock, Set2Set) built into a
 * ParamStore under canonical weight names, each written once against `LayerOps` (`paraisite/backend`).
 * @packageDocumentation
 */
export { ACTIVATIONS, type Activation, softplus2 } from "./activations.js";
export { Dense, type DenseConfig, MLP, type MLPConfig } from "./dense.js";
export { Embedding, type EmbeddingConfig } from "./embedding.js";
export {
  type GraphFeatures,
  type GraphIndex,
  MEGNetBlock,
  type MEGNetBlockConfig,
  MEGNetLayer,
  type MEGNetLayerConfig,
  type MEGNetLayerTrace,
  type StageCallback,
} from "./megnet-layer.js";
export { type Initializer, type InitScheme, initialValues, ParamStore, type ParamStoreOptions } from "./params.js";
export { Set2Set, type Set2SetConfig, type Set2SetStep } from "./set2set.js";
