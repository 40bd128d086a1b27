export * from "./activations.js";
export * from "./dense.js";
export * from "./dense-op.js";
export * from "./embedding.js";
export * from "./megnet-layer.js";
export * from "./params.js";
export * from "./set2set.js";
export * from "./adam.js";
