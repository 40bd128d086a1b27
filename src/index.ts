/**
 * paraisite: lattice thermal conductivity of crystals with MEGNet and two-stage transfer learning.
 *
 * Data flows one way: CIF → Structure → CrystalGraph → batch → model → prediction. This entry
 * holds what a user composes: parse, structure, graph, batch, models, load/save, train, ensemble,
 * scan, analysis and the typed errors. Advanced pieces are behind subpaths: `paraisite/backend`
 * (tensor primitives), `paraisite/nn` (layers), `paraisite/models`, `paraisite/weights`,
 * `paraisite/registry`, `paraisite/data`, `paraisite/train`, `paraisite/experiment`,
 * `paraisite/analysis`, `paraisite/evaluate` (each a folder's whole public surface) and `paraisite/testing`
 * (fast-check arbitraries). See docs/architecture.md.
 * @packageDocumentation
 */

// typed errors, seeded randomness, target transforms
export {
  BackendError,
  CifError,
  DataError,
  GraphError,
  ParaisiteError,
  type SourceLocation,
  StructureError,
  TrainingError,
  WeightsError,
} from "./core/errors.js";
export { createRng, type Rng } from "./core/prng.js";
export { Compose, Identity, Log10, Log10Plus1, Standardize, type TargetTransform, type TargetTransformJSON, targetTransformFromJSON } from "./core/target-transform.js";
export type { Mat3, Vec3 } from "./core/vec3.js";

// crystals and their files
export { type Element, ELEMENTS, elementBySymbol, elementByZ } from "./structure/elements.js";
export { formulaOf, reducedFormulaOf } from "./structure/formula.js";
export { Lattice } from "./structure/lattice.js";
export { type Composition, type Site, type SpeciesOccupancy, Structure, type StructureJSON } from "./structure/structure.js";
export { parseCif, parseCifStructure, type ParseCifStructureOptions } from "./io/cif/parse.js";
export { parseXyz, type SymOp } from "./io/cif/symmetry/operation.js";
export {
  allSpaceGroupSettings,
  type LookupOptions,
  type SpaceGroupSetting,
  spaceGroupByHall,
  spaceGroupByName,
  spaceGroupByNumber,
} from "./io/cif/symmetry/spacegroups.js";
export type { BadRowPolicy, CifBlockResult, CifParseOptions, CifParseResult, CifWarning } from "./io/cif/types.js";
export { writeCif, type WriteCifOptions } from "./io/cif/write.js";
export { type PoscarOptions, parsePoscar, type WritePoscarOptions, writePoscar } from "./io/poscar.js";
export { detectStructureFormat, readStructureFile, type StructureFormat } from "./io/read-file.js";

// crystal graphs and batches
export { batchGraphs } from "./graph/batch.js";
export { type BuildGraphOptions, buildCrystalGraph, type IsolatedAtomsPolicy, type NeighborSearchMethod, type PeriodicSites } from "./graph/build.js";
export { GaussianExpansion, type GaussianExpansionOptions } from "./graph/gaussian.js";
export { type GraphSummary, graphSummary, perSiteCoordination, structureGraphSummary } from "./graph/summary.js";
export type { CrystalGraph, GraphBatch } from "./graph/types.js";

// models, backends, saving and loading
export { type BackendChoice, type BackendRequest, backendChoice, type SelectBackendOptions, selectBackend } from "./backend/select.js";
export { matglTrunkConfig, type MEGNetConfig, megnetDefaultConfig, type NamedWeight, type Set2SetVariant, type TargetScalerConfig, type WeightMap } from "./models/config.js";
export { disposeInputs, type MEGNetInputs, prepareInputs } from "./models/inputs.js";
export { type ForwardOptions, MEGNet, type MEGNetOptions, type MEGNetOutput } from "./models/megnet.js";
export { KAPPA_RANGE, PARAISITE_HEAD_UNITS, ParAIsite, type ParAIsiteConfig, type ParAIsiteOptions } from "./models/paraisite.js";
export {
  deserializeModel,
  MODEL_FORMAT_VERSION,
  type Model,
  type ModelConfig,
  type ModelKind,
  modelConfigOf,
  modelFromConfig,
  type SerializedModel,
  serializeModel,
} from "./models/serialization.js";
export { InferencePool, type InferencePoolOptions, InferenceWorkerError } from "./models/worker-pool.js";
export { type KerasMEGNetConfig, type KerasMEGNetImport, type KerasSource, type LoadKerasOptions, loadKerasMEGNet } from "./weights/keras.js";
export { isModelDirectory, type LoadedModelDirectory, loadModelDirectory, type ModelDirectoryContents, saveModelDirectory } from "./weights/model-directory.js";
export { type LoadedModel, type LoadModelOptions, loadModel, readModel, type SaveModelOptions, type StoredModelContents, saveModel } from "./weights/model-io.js";
export { countParameters, megnetWeightShapes } from "./weights/shapes.js";
export { KNOWN_FILES, type KnownFile, knownFile } from "./registry/known-files.js";
export { loadPretrainedMEGNet } from "./registry/pretrained.js";
export { defaultCacheDir, type ResolveOptions, resolveDataset, resolveKnownFile, resolveWeights } from "./registry/resolve.js";

// datasets
export { DataRecordError } from "./data/errors.js";
export { readCsvRecords } from "./data/csv-parse.js";
export { readJsonLines } from "./data/jsonl.js";
export { BUILTIN_DATASETS, builtinDataset, type DatasetSpec } from "./data/descriptors.js";
export { type Dataset, type DatasetRecord, datasetTargets } from "./data/dataset.js";
export { datasetGraphs } from "./data/graphs.js";
export { fitKappaTransform } from "./data/kappa-transform.js";
export { type LoadDatasetOptions, loadDataset } from "./data/load.js";
export { randomGroupSplits, randomSplits, runSeed, type Split, type SplitOptions } from "./data/splits.js";
export { listStructureFiles, readStructureInputs, type StructureInput } from "./data/structure-inputs.js";

// training
export { Adam, type AdamOptions } from "./train/adam.js";
export { type ColumnOutputModel, columnModelAsTrainable } from "./train/adapt.js";
export { hasCheckpoint, loadCheckpoint, modelFromCheckpoint, saveCheckpoint, type TrainingCheckpoint } from "./train/checkpoint.js";
export { PAPER_PRESET, PAPER_TRAIN_CONFIG, resolveTrainConfig, type TrainConfig, type TrainConfigOverrides } from "./train/config.js";
export { type Evaluation, evaluate } from "./train/evaluate.js";
export { GradientPool, type GradientPoolOptions } from "./train/gradient-pool.js";
export { type EpochRecord, readHistory } from "./train/history.js";
export { type LossKind, MAPE_EPSILON, makeLoss } from "./train/losses.js";
export type { MakeBatch, TrainableModel } from "./train/model.js";
export { keptScalerTargets, pickStartRun } from "./train/paper.js";
export { createProgressReporter, type ProgressReporter } from "./train/progress.js";
export { type RunSplitsOptions, type RunSummary, readRunSummary, runSplits } from "./train/runs.js";
export { ConstantLR, CosineAnnealingLR, type LrScheduler } from "./train/scheduler.js";
export { type TrainCallbacks, type TrainOptions, type TrainResult, train } from "./train/trainer.js";
export { createRunStart, type RunStart } from "./experiment/init.js";
export { type ExperimentModel, PAPER_MODELS, paperModels } from "./experiment/models.js";
export { AUTHORS_AS_RUN_PRESET, type ExperimentPreset, PAPER_EXPERIMENT_PRESET, resolveExperimentPreset } from "./experiment/preset.js";
export { loadExperimentData } from "./experiment/data.js";
export { RESULT_FILES, resultsMarkdown } from "./experiment/results.js";
export { type ExperimentOptions, type ExperimentResult, runExperiment } from "./experiment/run.js";

// ensembles and scans
export { findModelDirectories, KappaEnsemble, type KappaEnsembleOptions, type StructurePrediction } from "./ensemble/ensemble.js";
export { mergeScanOutputs } from "./ensemble/merge.js";
export { type ScanOptions, type ScanSummary, scanColumns, scanStructures } from "./ensemble/scan.js";
export type { KappaPrediction } from "./ensemble/summary.js";
export { type Applicability, type ApplicabilityDomain, type ApplicabilityFlag, assessApplicability } from "./ensemble/applicability.js";

// held-out evaluation (more in paraisite/evaluate)
export { type CrossValidationResult, type CrossValidationSpec, crossValidate } from "./evaluate/cross-validate.js";
export type { MemberRecipe } from "./evaluate/member.js";
export { type KappaMetrics, kappaMetrics } from "./evaluate/metrics.js";
export { type EnsembleScore, scoreEnsemble } from "./evaluate/score.js";

// analysis of scan results
export { correlateDescriptors, correlationTables, type EnsembleRow } from "./analysis/correlation.js";
export { compositionDescriptors, DESCRIPTORS, structureDescriptors } from "./analysis/descriptors.js";
export { histogram } from "./analysis/histogram.js";
export { loadStructures, materialDescriptors } from "./analysis/materials.js";
export { writeCorrelationReport } from "./analysis/report.js";
export { readScanResults, type ScanResults } from "./analysis/scan-results.js";
export { mean, median, pearson, quantile, spearman, std, variance } from "./analysis/stats.js";

export { VERSION } from "./version.js";
