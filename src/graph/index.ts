export type { CrystalGraph, GraphBatch } from "./types.js";
export { GaussianExpansion, type GaussianExpansionOptions } from "./gaussian.js";
export {
  buildCrystalGraph,
  type BuildGraphOptions,
  type IsolatedAtomsPolicy,
  type NeighborSearchMethod,
  type PeriodicSites,
} from "./build.js";
export { batchGraphs } from "./batch.js";
export {
  centreOffsets,
  graphSummary,
  perSiteCoordination,
  structureGraphSummary,
  type GraphSummary,
} from "./summary.js";
