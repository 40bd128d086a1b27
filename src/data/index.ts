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
