export { sha256File, sha256Hex } from "./checksum.js";
export { type KerasMEGNetConfig, type KerasMEGNetImport, type KerasSource, type LoadKerasOptions, loadKerasMEGNet, type ReadoutActivation } from "./keras.js";
export { type KerasSidecar, parseSidecar } from "./sidecar.js";
export { countParameters, megnetWeightShapes, type ShapeSpec, validateWeights } from "./shapes.js";
