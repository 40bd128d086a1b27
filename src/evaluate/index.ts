export {
  type CrossValidationOptions,
  type CrossValidationResult,
  type CrossValidationSpec,
  crossValidate,
  type SplitResult,
} from "./cross-validate.js";
export { type MemberRecipe, type MemberStart, type TrainedMember, trainMember } from "./member.js";
export { type KappaMetrics, kappaMetrics, type MetricsSummary, summarizeMetrics } from "./metrics.js";
export { type LabelledPool, loadLabelledPool, type PoolSource } from "./pool.js";
export { type EnsembleScore, type ScoredRecord, scoreEnsemble } from "./score.js";
export { type NestedSplit, nestedSplits } from "./splits.js";
