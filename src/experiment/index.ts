/**
 * `paraisite/experiment`: the paper's six models as an experiment (datasets, presets, run starts,
 * manifest, results tables and figures); `paraisite reproduce` runs it.
 * @packageDocumentation
 */
export { type DataDescription, describeData, type ExperimentData, loadExperimentData, type LoadExperimentDataOptions } from "./data.js";
export { createRunStart, loadPretrainedTrunk, randomTrunkConfig, type RunStart, type RunStartContext } from "./init.js";
export {
  checkProtocol,
  type ExperimentManifest,
  type ExperimentProtocol,
  type ExperimentSession,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  readManifest,
  writeManifest,
} from "./manifest.js";
export {
  type ExperimentModel,
  experimentOrder,
  FINE_TUNE_TARGETS,
  type FineTuneTarget,
  FORMATION_ENERGY_WEIGHTS,
  type ModelInit,
  PAPER_MODELS,
  paperModels,
} from "./models.js";
export {
  AUTHORS_AS_RUN_PRESET,
  type ExperimentPreset,
  type ExperimentPresetName,
  PAPER_EXPERIMENT_PRESET,
  resolveExperimentPreset,
  trainOverrides,
} from "./preset.js";
export {
  experimentBoxPlotSvg,
  experimentCurvesSvg,
  initLabel,
  type ModelResult,
  modelResult,
  RESULT_FILES,
  RESULTS_CSV_COLUMNS,
  resultsCsv,
  resultsMarkdown,
  type RunResult,
  runResult,
  writeResults,
} from "./results.js";
export {
  collectResults,
  EXPERIMENT_CUTOFF,
  type ExperimentEvent,
  type ExperimentOptions,
  type ExperimentResult,
  QUICK_SETTINGS,
  runExperiment,
} from "./run.js";
