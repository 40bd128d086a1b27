export { findModelDirectories, KappaEnsemble, type KappaEnsembleOptions, type StructurePrediction } from "./ensemble.js";
export { ENSEMBLE_DDOF, type KappaPrediction } from "./summary.js";
export {
  defaultFailuresPath,
  FAILURE_COLUMNS,
  scanColumns,
  scanStructures,
  type ScanOptions,
  type ScanProgress,
  type ScanSummary,
} from "./scan.js";
export { mergeScanOutputs, type MergeSummary } from "./merge.js";
