/**
 * `paraisite/weights`: the Keras HDF5 importer, paraisite's model directories (saveModel/loadModel
 * and the container below them), weight shapes and checksums.
 * @packageDocumentation
 */
export { sha256File, sha256Hex } from "./checksum.js";
export { type KerasMEGNetConfig, type KerasMEGNetImport, type KerasSource, type LoadKerasOptions, loadKerasMEGNet, type ReadoutActivation } from "./keras.js";
export { type KerasSidecar, parseSidecar } from "./sidecar.js";
export { countParameters, megnetWeightShapes, type ShapeSpec, validateWeights } from "./shapes.js";
export {
  isModelDirectory,
  type LoadedModelDirectory,
  type LoadModelDirectoryOptions,
  loadModelDirectory,
  type ManifestEntry,
  MODEL_FORMAT_NAME,
  MODEL_FORMAT_VERSION,
  MODEL_JSON,
  type ModelDirectoryContents,
  type ModelJson,
  parseModelJson,
  saveModelDirectory,
  toJsonValue,
  WEIGHTS_BIN,
} from "./model-directory.js";
export {
  type LoadedModel,
  loadModel,
  type LoadModelOptions,
  readModel,
  saveModel,
  type SaveModelOptions,
  type StoredModelContents,
} from "./model-io.js";
