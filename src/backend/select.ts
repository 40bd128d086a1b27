/**
 * Runtime backend selection: tfjs-node-gpu → tfjs-node → wasm (SIMD) → cpu, unless the caller
 * or `PARAISITE_BACKEND` names one. The native packages are optional peers: they are imported
 * dynamically and skipped when the module or its native binding is missing.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { version_cpu } from "@tensorflow/tfjs-backend-cpu";
import { setWasmPaths, version_wasm } from "@tensorflow/tfjs-backend-wasm";
import { BackendError } from "../core/errors.js";

/** What a caller may ask for, in the order "auto" tries them (after "auto" itself). */
export const BACKEND_REQUESTS = ["auto", "tensorflow-gpu", "tensorflow", "wasm", "cpu"] as const;

/** What a caller may ask for; "auto" walks the preference order. */
export type BackendRequest = (typeof BACKEND_REQUESTS)[number];

/** Imports a module by specifier (injectable so tests can fake missing native packages). */
export type ModuleLoader = (specifier: string) => Promise<unknown>;

/** The outcome of selection, reported once (e.g. by `paraisite info`). */
export interface BackendChoice {
  /** tfjs backend name now active: "tensorflow", "wasm" or "cpu". */
  readonly backend: string;
  /** Which candidate won ("tensorflow-gpu" when the GPU package provided "tensorflow"). */
  readonly candidate: Exclude<BackendRequest, "auto">;
  /** Package versions: tfjs-core plus the backend's package. */
  readonly versions: Readonly<Record<string, string>>;
  /** Candidates tried before the winner and why they were skipped. */
  readonly skipped: readonly { readonly candidate: string; readonly reason: string }[];
}

export interface SelectBackendOptions {
  /** Overrides `PARAISITE_BACKEND`; default "auto". */
  readonly backend?: BackendRequest;
  /** Module loader for the native packages (default: dynamic `import()`). */
  readonly loader?: ModuleLoader;
  /** Re-run selection even if a backend was already chosen. */
  readonly force?: boolean;
}

const ORDER: readonly Exclude<BackendRequest, "auto">[] = ["tensorflow-gpu", "tensorflow", "wasm", "cpu"];
const NATIVE_PACKAGES: Readonly<Record<string, string>> = {
  "tensorflow-gpu": "@tensorflow/tfjs-node-gpu",
  tensorflow: "@tensorflow/tfjs-node",
};

let current: BackendChoice | undefined;
let wasmPathsSet = false;

const defaultLoader: ModuleLoader = (specifier) => import(specifier);

function parseRequest(value: string | undefined): BackendRequest {
  const v = (value ?? "auto").trim().toLowerCase();
  const aliases: Record<string, BackendRequest> = {
    "": "auto",
    auto: "auto",
    "tensorflow-gpu": "tensorflow-gpu",
    "node-gpu": "tensorflow-gpu",
    "tfjs-node-gpu": "tensorflow-gpu",
    gpu: "tensorflow-gpu",
    tensorflow: "tensorflow",
    node: "tensorflow",
    "tfjs-node": "tensorflow",
    wasm: "wasm",
    cpu: "cpu",
  };
  const r = aliases[v];
  if (r === undefined) throw unknownBackend(String(value), "PARAISITE_BACKEND");
  return r;
}

function unknownBackend(name: string, where: string): BackendError {
  return new BackendError(`unknown backend "${name}" (${where}); valid backends: ${BACKEND_REQUESTS.join(", ")}`);
}

/** Directory holding the tfjs wasm binaries inside node_modules (with trailing separator). */
export function wasmBinaryDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist") + "/";
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message.split("\n")[0] : String(e);
}

async function tryNative(candidate: string, loader: ModuleLoader): Promise<Record<string, string>> {
  const pkg = NATIVE_PACKAGES[candidate];
  const mod = (await loader(pkg)) as { version?: Record<string, string> } | undefined;
  if (tf.findBackend("tensorflow") === null) throw new Error(`${pkg} loaded but registered no "tensorflow" backend`);
  if (!(await tf.setBackend("tensorflow"))) throw new Error(`${pkg}: backend "tensorflow" failed to initialise`);
  const v = mod?.version?.["tfjs-node"] ?? mod?.version?.["tfjs-node-gpu"] ?? "unknown";
  return { [pkg]: v };
}

async function tryWasm(): Promise<Record<string, string>> {
  if (!wasmPathsSet) {
    // In Node the binaries are read from node_modules; threads need a worker setup Node lacks.
    setWasmPaths(wasmBinaryDir());
    wasmPathsSet = true;
  }
  if (!(await tf.setBackend("wasm"))) throw new Error("wasm backend failed to initialise");
  return { "@tensorflow/tfjs-backend-wasm": version_wasm, simd: String(tf.env().getBool("WASM_HAS_SIMD_SUPPORT")) };
}

async function tryCandidate(candidate: Exclude<BackendRequest, "auto">, loader: ModuleLoader): Promise<Record<string, string>> {
  switch (candidate) {
    case "tensorflow-gpu":
    case "tensorflow":
      return tryNative(candidate, loader);
    case "wasm":
      return tryWasm();
    case "cpu":
      if (!(await tf.setBackend("cpu"))) throw new Error("cpu backend failed to initialise");
      return { "@tensorflow/tfjs-backend-cpu": version_cpu };
  }
}

/**
 * Choose and activate a backend. Memoized: later calls return the first choice unless `force`.
 * An explicit request that fails throws; "auto" falls through to the next candidate.
 * @throws BackendError for a name not in {@link BACKEND_REQUESTS}, or when no candidate starts.
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendChoice> {
  // the option may come unchecked from JavaScript or a command line
  if (options.backend !== undefined && !(BACKEND_REQUESTS as readonly string[]).includes(options.backend)) {
    throw unknownBackend(String(options.backend), "the backend option");
  }
  if (current !== undefined && !options.force && options.backend === undefined) return current;
  const request = options.backend ?? parseRequest(process.env.PARAISITE_BACKEND);
  const loader = options.loader ?? defaultLoader;
  const candidates = request === "auto" ? ORDER : [request];
  const skipped: { candidate: string; reason: string }[] = [];
  for (const candidate of candidates) {
    try {
      const versions = await tryCandidate(candidate, loader);
      current = {
        backend: tf.getBackend(),
        candidate,
        versions: { "@tensorflow/tfjs-core": tf.version_core, ...versions },
        skipped,
      };
      return current;
    } catch (e) {
      skipped.push({ candidate, reason: errorMessage(e) });
    }
  }
  const detail = skipped.map((s) => `${s.candidate}: ${s.reason}`).join("; ");
  throw new BackendError(`no usable tfjs backend (${detail})`);
}

/** The backend chosen by the last `selectBackend`, or undefined before any selection. */
export function backendChoice(): BackendChoice | undefined {
  return current;
}

/**
 * The current tfjs backend as a request a worker thread can repeat (`selectBackend` in the worker),
 * or undefined when it is not one a worker can start.
 */
export function workerBackendRequest(): BackendRequest | undefined {
  const name = tf.getBackend();
  return name === "wasm" || name === "cpu" || name === "tensorflow" ? name : undefined;
}
