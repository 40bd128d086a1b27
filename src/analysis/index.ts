export { logBeta, logGamma, regularizedIncompleteBeta, studentTSurvival, studentTTwoSided } from "./special.js";
export {
  correlationPValue,
  finitePairs,
  mean,
  median,
  pearson,
  quantile,
  rankAverage,
  spearman,
  std,
  sum,
  variance,
  type Correlation,
} from "./stats.js";
export { binEdges, countInBins, histogram, type Histogram, type HistogramOptions } from "./histogram.js";
