/** Where tests find the shared datasets, weights and references (CI: ../shared beside the clone). */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const sharedRoot = resolve(repoRoot, "../shared");

export const dataDir = (): string => process.env.PARAISITE_DATA_DIR ?? resolve(sharedRoot, "data");
export const weightsDir = (): string => process.env.PARAISITE_WEIGHTS_DIR ?? resolve(sharedRoot, "weights");
export const referenceDir = (): string => resolve(sharedRoot, "reference");
export const fixturesDir = (): string => resolve(repoRoot, "test/fixtures");

/** Path inside the data directory; throws with a clear message when the file is absent. */
export function dataFile(name: string): string {
  const p = resolve(dataDir(), name);
  if (!existsSync(p)) throw new Error(`test data file missing: ${p} (set PARAISITE_DATA_DIR)`);
  return p;
}
