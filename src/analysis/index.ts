/**
 * `paraisite/analysis`: statistics (with their special functions), material descriptors, correlations of
 * ensemble κ with descriptors, the report and its SVG figures.
 * @packageDocumentation
 */
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
export {
  compositionDescriptors,
  DESCRIPTORS,
  descriptorInfo,
  descriptorLabel,
  parseFormula,
  structureDescriptors,
  type DescriptorInfo,
  type DescriptorValues,
} from "./descriptors.js";
export {
  correlateDescriptors,
  correlationTables,
  descriptorColumns,
  lowestVariance,
  rankAgreement,
  significantCorrelations,
  type CorrelationEntry,
  type CorrelationTables,
  type DescriptorColumns,
  type EnsembleRow,
  type RankAgreement,
} from "./correlation.js";
export {
  ENSEMBLE_DDOF,
  readScanResults,
  scanResultsFromRecords,
  type ScanResults,
  type ScanRow,
} from "./scan-results.js";
export { loadStructures, materialDescriptors, type LoadedStructures, type LoadStructuresOptions } from "./materials.js";
export {
  formatPValue,
  renderCorrelationReport,
  REPORT_FILES,
  writeCorrelationReport,
  type CorrelationReportInput,
  type RenderedReport,
} from "./report.js";
export { divergingColor, categoricalColor, PALETTE } from "./svg/colors.js";
export { formatNumber, logTicks, niceTicks } from "./svg/core.js";
export { heatmapSvg, type HeatmapOptions } from "./svg/heatmap.js";
export { histogramSvg, histogramSvgFromBins, type HistogramPlotOptions } from "./svg/histogram-plot.js";
export { boxPlotSvg, boxStats, type BoxPlotOptions, type BoxPlotSeries, type BoxStats } from "./svg/box-plot.js";
export { lineChartSvg, type LineChartOptions, type LineSeries } from "./svg/line-chart.js";
export { meanCurve, meanCurveSeries, type MeanCurve } from "./curves.js";
