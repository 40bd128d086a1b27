/**
 * `paraisite/train`: the trainer and everything it is made of (Adam, schedulers, losses, checkpoints,
 * history, progress, runs of seeded splits, data-parallel gradient workers).
 * @packageDocumentation
 */
export { Adam, type AdamOptions, type AdamState } from "./adam.js";
export { batchCount, epochOrder, epochSeed, sliceBatches } from "./batches.js";
export {
  type BestSoFar,
  CHECKPOINT_FORMAT,
  hasCheckpoint,
  loadCheckpoint,
  saveCheckpoint,
  type TrainingCheckpoint,
} from "./checkpoint.js";
export {
  PAPER_PRESET,
  PAPER_TRAIN_CONFIG,
  resolveTrainConfig,
  type ScalerMode,
  type SchedulerConfig,
  type StartFrom,
  type TrainConfig,
  type TrainConfigOverrides,
  type TrainingPreset,
} from "./config.js";
export { type Evaluation, evaluate } from "./evaluate.js";
export { type EpochRecord, HISTORY_COLUMNS, HistoryWriter, readHistory } from "./history.js";
export {
  type LossFn,
  type LossKind,
  l1LossTensor,
  MAPE_EPSILON,
  makeLoss,
  mapeLossTensor,
  meanAbsoluteError,
  meanAbsolutePercentageError,
} from "./losses.js";
export type { MakeBatch, TrainableModel } from "./model.js";
export {
  createProgressReporter,
  formatDuration,
  type ProgressReporter,
  type ProgressWriter,
  silentProgress,
  stderrWriter,
} from "./progress.js";
export {
  ConstantLR,
  CosineAnnealingLR,
  type CosineAnnealingOptions,
  type LrScheduler,
  type SchedulerState,
} from "./scheduler.js";
export { type StepInfo, type TrainCallbacks, type TrainOptions, type TrainResult, train } from "./trainer.js";
export { inverseTransformTensor } from "./transform-ops.js";
export { keptScalerTargets, pickStartRun } from "./paper.js";
export {
  type RunSplit,
  type RunSplitsOptions,
  type RunSummary,
  readRunSummary,
  runDirectory,
  shuffleSeedForRun,
  runSplits,
} from "./runs.js";
export { combineGradients, type GradientHelper, type LossSpec, type PartGradients, partSizes } from "./data-parallel.js";
export { GradientPool, type GradientPoolOptions } from "./gradient-pool.js";
export { type ColumnOutputModel, columnModelAsTrainable, squeezeColumn } from "./adapt.js";
