/**
 * Backend selection in a web page or Web Worker: tfjs's wasm backend with paraisite's own wasm
 * kernels (both fetched from one folder, `wasmPaths`), cpu as the fallback. The Node selection
 * (`backend/select.ts`) reads node_modules and environment variables; nothing here does.
 * No WebGPU: inference reads intermediate tensors synchronously (host Set2Set, the output), and
 * tfjs-webgpu's synchronous readback gave zeros on Chromium's SwiftShader adapter (docs/browser.md).
 */
import { version_cpu } from "@tensorflow/tfjs-backend-cpu";
import { setWasmPaths, version_wasm } from "@tensorflow/tfjs-backend-wasm";
import * as tf from "@tensorflow/tfjs-core";
import { prepareWasmKernels, wasmKernelsActive, wasmKernelsFused } from "../backend/wasm-kernels/kernels.js";

/** What a page may ask for; "auto" tries wasm, then cpu. */
export type BrowserBackendRequest = "auto" | "wasm" | "cpu";

/** File names of paraisite's kernels in the wasm folder, beside tfjs's `tfjs-backend-wasm*.wasm`. */
export const KERNEL_FILES = { plain: "paraisite-kernels.wasm", fused: "paraisite-kernels-relaxed.wasm" } as const;

export interface BrowserBackendOptions {
  /** Default "auto". */
  readonly backend?: BrowserBackendRequest;
  /**
   * Folder (URL, with or without trailing slash) holding tfjs's `tfjs-backend-wasm*.wasm` and
   * paraisite's kernels ({@link KERNEL_FILES}). Default: `wasm/` beside the bundle
   * ({@link defaultWasmPaths}), where the package ships them.
   */
  readonly wasmPaths?: string | URL;
  /** Re-run selection even if a backend was already chosen. */
  readonly force?: boolean;
}

export interface BrowserBackendChoice {
  /** tfjs backend now active: "wasm" or "cpu". */
  readonly backend: string;
  /** paraisite's graph kernels: on wasm, "wasm SIMD + FMA" or "wasm SIMD"; else "none". */
  readonly kernels: "wasm SIMD + FMA" | "wasm SIMD" | "none";
  /** The wasm folder used (absolute URL), when the wasm backend was tried. */
  readonly wasmPaths?: string;
  readonly versions: Readonly<Record<string, string>>;
  /** Candidates tried before the winner and why they were skipped (or why the kernels are off). */
  readonly skipped: readonly { readonly candidate: string; readonly reason: string }[];
}

let current: BrowserBackendChoice | undefined;

/** `wasm/` beside this module: where `dist/browser/` of the package keeps the binaries. */
export function defaultWasmPaths(): string {
  return new URL("./wasm/", import.meta.url).href;
}

function folderUrl(path: string | URL): string {
  // relative folders resolve against the page (or worker script), as tfjs's own paths do
  const base = (globalThis as { location?: { readonly href: string } }).location?.href ?? import.meta.url;
  const href = new URL(path, base).href;
  return href.endsWith("/") ? href : `${href}/`;
}

function reason(e: unknown): string {
  return e instanceof Error ? e.message.split("\n")[0] : String(e);
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function tryWasm(folder: string, skipped: { candidate: string; reason: string }[]): Promise<Record<string, string>> {
  setWasmPaths(folder);
  // paraisite's kernels import tfjs's memory as unshared: keep tfjs on its single-threaded build
  // (the threaded one, chosen on cross-origin-isolated pages, has a shared memory)
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
  if (!(await tf.setBackend("wasm"))) throw new Error(`wasm backend failed to initialise (binaries from ${folder})`);
  try {
    const [plain, fused] = await Promise.all([fetchBytes(folder + KERNEL_FILES.plain), fetchBytes(folder + KERNEL_FILES.fused).catch(() => undefined)]);
    if (!(await prepareWasmKernels({ plain, fused }))) skipped.push({ candidate: "paraisite kernels", reason: "did not instantiate; using tfjs ops" });
  } catch (e) {
    skipped.push({ candidate: "paraisite kernels", reason: `${reason(e)}; using tfjs ops` });
  }
  return { "@tensorflow/tfjs-backend-wasm": version_wasm, simd: String(await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT")) };
}

async function tryCpu(): Promise<Record<string, string>> {
  if (!(await tf.setBackend("cpu"))) throw new Error("cpu backend failed to initialise");
  return { "@tensorflow/tfjs-backend-cpu": version_cpu };
}

/**
 * Choose and activate a backend. Memoized: later calls return the first choice unless `force`.
 * An explicit request that fails throws; "auto" falls through to the next candidate.
 */
export async function selectBackend(options: BrowserBackendOptions = {}): Promise<BrowserBackendChoice> {
  if (current !== undefined && !options.force && options.backend === undefined) return current;
  const request = options.backend ?? "auto";
  const candidates = request === "auto" ? (["wasm", "cpu"] as const) : [request];
  const folder = folderUrl(options.wasmPaths ?? defaultWasmPaths());
  const skipped: { candidate: string; reason: string }[] = [];
  for (const candidate of candidates) {
    try {
      const versions = candidate === "wasm" ? await tryWasm(folder, skipped) : await tryCpu();
      const kernels = wasmKernelsActive() ? (wasmKernelsFused() ? "wasm SIMD + FMA" : "wasm SIMD") : "none";
      current = {
        backend: tf.getBackend(),
        kernels,
        ...(candidate === "wasm" ? { wasmPaths: folder } : {}),
        versions: { "@tensorflow/tfjs-core": tf.version_core, ...versions },
        skipped,
      };
      return current;
    } catch (e) {
      skipped.push({ candidate, reason: reason(e) });
    }
  }
  throw new Error(`no usable tfjs backend (${skipped.map((s) => `${s.candidate}: ${s.reason}`).join("; ")})`);
}

/** The backend chosen by the last {@link selectBackend}, or undefined before any selection. */
export function backendChoice(): BrowserBackendChoice | undefined {
  return current;
}
