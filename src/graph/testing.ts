/**
 * Property-testing kit for crystal graphs (entry point `paraisite/testing`, not re-exported by the
 * main index because it needs the `fast-check` dev dependency).
 *
 * ```ts
 * import fc from "fast-check";
 * import { structureArbitrary, cutoffArbitrary, checkAgainstBruteForce } from "paraisite/testing";
 * fc.assert(fc.property(structureArbitrary(), cutoffArbitrary(), (s, r) =>
 *   checkAgainstBruteForce(s, { cutoff: r }).length === 0));
 * ```
 */
export {
  cutoffArbitrary,
  latticeArbitrary,
  permutedStructureArbitrary,
  shiftArbitrary,
  structureArbitrary,
  type LatticeArbitraryOptions,
  type StructureArbitraryOptions,
} from "./arbitraries.js";
export {
  checkAgainstBruteForce,
  checkCutoffAndOrder,
  checkCutoffMonotonic,
  checkPermutationInvariance,
  checkReverseEdges,
  checkSupercell,
  checkTranslationInvariance,
  edgeTriples,
  type CheckOptions,
} from "./invariants.js";
export { bruteForceEdges, type ReferenceEdges } from "./brute-force.js";
