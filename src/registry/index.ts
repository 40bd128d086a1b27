export { type DownloadProgress, type FetchLike, type ProgressCallback, stderrProgress } from "./download.js";
export { type BundledIn, type FileCategory, KNOWN_DATASETS, KNOWN_FILES, KNOWN_WEIGHTS, type KnownFile, knownFile } from "./known-files.js";
export { loadPretrainedMEGNet } from "./pretrained.js";
export {
  type CandidateLocation,
  candidateLocations,
  defaultCacheDir,
  type Environment,
  locateKnownFile,
  type ResolvedFile,
  type ResolvedSource,
  type ResolvedWeights,
  type ResolveOptions,
  resolveDataset,
  resolveKnownFile,
  resolveWeights,
} from "./resolve.js";
export { clearChecksumCache, sha256Cached, verifySha256 } from "./verify.js";
