export { findModelDirectories, KappaEnsemble, type KappaEnsembleOptions, type StructurePrediction } from "./ensemble.js";
export { ENSEMBLE_DDOF, type KappaPrediction } from "./summary.js";
export {
  defaultFailuresPath,
  FAILURE_COLUMNS,
  APPLICABILITY_COLUMNS,
  scanColumns,
  scanStructures,
  type ScanOptions,
  type ScanProgress,
  type ScanSummary,
} from "./scan.js";
export { mergeScanOutputs, type MergeSummary } from "./merge.js";
export {
  type Applicability,
  type ApplicabilityDomain,
  type ApplicabilityFlag,
  assessApplicability,
  DEFAULT_MAX_LOG10_SPREAD,
  DOMAIN_FILE,
  log10Spread,
} from "./applicability.js";
