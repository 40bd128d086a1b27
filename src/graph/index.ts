export type { CrystalGraph, GraphBatch } from "./types.js";
export { GaussianExpansion, type GaussianExpansionOptions } from "./gaussian.js";
