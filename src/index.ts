/**
 * paraisite: lattice thermal conductivity of crystals with MEGNet and two-stage transfer learning.
 *
 * Data flows one way: CIF → Structure → CrystalGraph → batch → model → prediction.
 * @packageDocumentation
 */
export * from "./core/index.js";
export * from "./structure/index.js";
export { VERSION } from "./version.js";
