/**
 * The wasm binaries a browser fetches at run time, copied into one folder: tfjs's single-threaded
 * builds (paraisite keeps tfjs off threads, see src/browser/backend.ts) and paraisite's kernels
 * under the names `selectBackend` asks for. Used by the browser build (dist/browser/wasm/) and
 * the demo page.
 */
import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { KERNEL_FILES } from "../src/browser/backend.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** tfjs binaries needed without threads: plain and SIMD. */
export const TFJS_WASM_FILES = ["tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm"] as const;

/** Copy every binary into `dir` (created); returns the file names written. */
export function copyBrowserWasm(dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const tfjsDir = join(dirname(createRequire(import.meta.url).resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist");
  for (const name of TFJS_WASM_FILES) copyFileSync(join(tfjsDir, name), join(dir, name));
  const kernels = join(root, "src/backend/wasm-kernels");
  copyFileSync(join(kernels, "kernels.wasm"), join(dir, KERNEL_FILES.plain));
  copyFileSync(join(kernels, "kernels-relaxed.wasm"), join(dir, KERNEL_FILES.fused));
  return [...TFJS_WASM_FILES, KERNEL_FILES.plain, KERNEL_FILES.fused];
}
