/**
 * Browser version of `platform.ts`: no environment variables, and relaxed SIMD is either shipped
 * by the browser (Chromium ≥ 114, Firefox ≥ 145) or not, with no flag a page could set.
 */

export function platformEnv(_name: string): string | undefined {
  return undefined;
}

export function allowRelaxedSimd(): void {}
