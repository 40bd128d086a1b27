/**
 * `paraisite/data`: datasets (JSON Lines, CSV, folders of structures), splits, the κ transform, graph
 * caches and streaming readers and writers.
 * @packageDocumentation
 */
export { DataRecordError } from "./errors.js";
export {
  isGzipFile,
  openTextStream,
  readJsonLines,
  readLines,
  type JsonLine,
  type JsonObject,
  type JsonValue,
} from "./jsonl.js";
export { CsvParser, parseCsvText, readCsv, readCsvRecords, type CsvRecord, type CsvRow } from "./csv-parse.js";
export {
  csvLine,
  csvQuote,
  openCsvWriter,
  readDoneIds,
  type CsvCell,
  type CsvWriter,
  type CsvWriterOptions,
} from "./csv-write.js";
export { fnv1a32, inShard, shardOf } from "./shard.js";
export {
  isStructureFileName,
  listStructureFiles,
  readStructureInputs,
  structureFromCifText,
  type StructureInput,
  type StructureInputOptions,
} from "./structure-inputs.js";
export {
  randomGroupSplits,
  randomSplits,
  runSeed,
  splitFromJSON,
  splitToJSON,
  splitWithSeed,
  trainSize,
  type Split,
  type SplitJSON,
  type SplitOptions,
  type TrainSizeRule,
} from "./splits.js";
export { fitKappaTransform, type KappaTransformOptions } from "./kappa-transform.js";
export {
  aflowLabel,
  BUILTIN_DATASETS,
  builtinDataset,
  builtinDatasetIds,
  type DatasetSpec,
  type LabelFunction,
  type LabelPolicy,
} from "./descriptors.js";
export {
  datasetGroupSizes,
  datasetTargets,
  type Dataset,
  type DatasetGroup,
  type DatasetRecord,
  type SkippedRecord,
} from "./dataset.js";
export { loadDataset, resolveDatasetFile, type LoadDatasetOptions } from "./load.js";
export {
  clearGraphCache,
  datasetGraphs,
  filterByGraphs,
  graphCacheKey,
  graphCacheSize,
  graphFilePath,
  type GraphCacheOptions,
} from "./graphs.js";
export {
  decodeGraphEntries,
  encodeGraphEntries,
  readGraphFile,
  writeGraphFile,
  type GraphEntry,
} from "./graph-store.js";
