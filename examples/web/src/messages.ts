/** What the page and its inference worker say to each other (structured-clone values only). */
import type { BrowserBackendChoice, BrowserBackendRequest, KappaRow, StructureFile } from "../../../src/browser.js";

export type ToWorker =
  | { readonly type: "init"; readonly wasmPaths: string; readonly modelsUrl: string; readonly backend: BrowserBackendRequest }
  /** Predict the structures of these files; `job` and `first` place the rows in the page's table. */
  | { readonly type: "predict"; readonly job: number; readonly first: number; readonly files: readonly StructureFile[] }
  /** Throughput: parse and predict `files` repeated `repeat` times in batches of `batchSize`. */
  | { readonly type: "bench"; readonly files: readonly StructureFile[]; readonly repeat: number; readonly batchSize: number };

export type FromWorker =
  | {
      readonly type: "ready";
      readonly backend: BrowserBackendChoice;
      readonly models: number;
      readonly sources: readonly string[];
      /** Worker start → backend ready (wasm binaries fetched and compiled, kernels instantiated). */
      readonly backendMs: number;
      /** Worker start → ensemble loaded (includes backendMs). */
      readonly loadMs: number;
    }
  /** One list of rows per file of the task (a file gives one row per structure). */
  | { readonly type: "rows"; readonly job: number; readonly first: number; readonly rows: readonly (readonly KappaRow[])[]; readonly ms: number }
  | { readonly type: "bench"; readonly structures: number; readonly seconds: number; readonly checksum: number }
  | { readonly type: "fatal"; readonly message: string };
