/**
 * What the wasm kernels need from their host, Node's version. The browser build swaps in
 * `platform.browser.ts` (same exports, no `node:` import; see scripts/browser-variants.ts).
 */
import { setFlagsFromString } from "node:v8";

/** An environment variable, or undefined. */
export function platformEnv(name: string): string | undefined {
  return process.env[name];
}

/** Node 20's V8 ships relaxed SIMD behind a flag; it only affects modules validated later. */
export function allowRelaxedSimd(): void {
  try {
    setFlagsFromString("--experimental-wasm-relaxed-simd");
  } catch {
    // not a V8 that knows the flag
  }
}
