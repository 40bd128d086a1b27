/**
 * paraisite: lattice thermal conductivity of crystals with MEGNet and two-stage transfer learning.
 *
 * Data flows one way: CIF → Structure → CrystalGraph → batch → model → prediction.
 * @packageDocumentation
 */
export * from "./core/index.js";
export * from "./structure/index.js";
export * from "./io/index.js";
export * from "./graph/index.js";
export * from "./backend/index.js";
export * from "./nn/index.js";
export * from "./models/index.js";
export * from "./weights/index.js";
export * from "./registry/index.js";
export * from "./data/index.js";
export * from "./analysis/index.js";
export * from "./train/index.js";
// `nn` has its own host-side Adam state types; the trainer's are the public ones under these names.
export type { AdamOptions, AdamState } from "./train/index.js";
export * from "./experiment/index.js";
export * from "./ensemble/index.js";
export * from "./evaluate/index.js";
export { VERSION } from "./version.js";
