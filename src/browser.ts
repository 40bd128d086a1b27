/**
 * paraisite in a web page or Web Worker: parse CIF/POSCAR text, build crystal graphs and predict κ
 * with a ParAIsite ensemble loaded from URLs or bytes, on tfjs's wasm backend with paraisite's
 * wasm kernels (or WebGPU, or cpu). No `node:` import is reachable from here (the browser build
 * fails on one); training, datasets, the file system and worker threads stay in the Node entry.
 *
 * ```ts
 * import { BrowserEnsemble, predictFiles, selectBackend } from "paraisite/browser";
 * await selectBackend({ wasmPaths: "/paraisite-wasm/" });
 * const ensemble = await BrowserEnsemble.fromUrl("/models/default/");
 * const [row] = predictFiles(ensemble, [{ name: "NaCl.cif", text }]);
 * ```
 * @packageDocumentation
 */
export * from "./core/index.js";
export * from "./structure/index.js";
export { parseCif, parseCifStructure, type ParseCifStructureOptions } from "./io/cif/parse.js";
export type { BadRowPolicy, CifBlockResult, CifParseOptions, CifParseResult, CifWarning } from "./io/cif/types.js";
export { writeCif, type WriteCifOptions } from "./io/cif/write.js";
export { parsePoscar, writePoscar, type PoscarOptions, type WritePoscarOptions } from "./io/poscar.js";
export { detectStructureFormat, type NamedStructure, type StructureFormat, structuresOfText } from "./io/structure-text.js";
export * from "./graph/index.js";
export * from "./models/config.js";
export { disposeInputs, type MEGNetInputs, prepareInputs } from "./models/inputs.js";
export { type ForwardOptions, MEGNet, type MEGNetOptions, type MEGNetOutput } from "./models/megnet.js";
export { PARAISITE_HEAD_UNITS, ParAIsite, type ParAIsiteOptions } from "./models/paraisite.js";
export { KappaEnsembleCore, type KappaPrediction, type StructurePrediction, summarizeKappa } from "./ensemble/kappa-core.js";
export {
  type JsonValue,
  type ManifestEntry,
  MODEL_FORMAT_NAME,
  MODEL_FORMAT_VERSION,
  MODEL_JSON,
  type ModelJson,
  parseModelJson,
  WEIGHTS_BIN,
} from "./weights/model-format.js";
export { setWasmFusedMultiplyAdd, setWasmKernelsEnabled } from "./backend/wasm-kernels/kernels.js";
export {
  backendChoice,
  type BrowserBackendChoice,
  type BrowserBackendOptions,
  type BrowserBackendRequest,
  defaultWasmPaths,
  KERNEL_FILES,
  selectBackend,
} from "./browser/backend.js";
export {
  BrowserEnsemble,
  defaultModelsUrl,
  type Fetcher,
  type ModelFileData,
  type ModelFiles,
  paraisiteFromBytes,
  type UrlLoadOptions,
} from "./browser/models.js";
export { type CsvCell, csvLine, csvQuote } from "./data/csv-line.js";
export {
  type KappaRow,
  predictFiles,
  predictStructureItems,
  type RowError,
  type StructureFile,
  structuresOfFiles,
} from "./browser/predict-files.js";
export { kappaRowsCsv } from "./browser/rows-csv.js";
export { VERSION } from "./version.js";
