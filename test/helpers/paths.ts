/**
 * Where tests find their files: only inside the repository (a fresh clone is complete). Datasets
 * and weights are the ones the project carries (`data/`, `weights/`); everything else the tests
 * read is under `test/fixtures/` (provenance in test/fixtures/README.md).
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** The repository's `data/` folder (the datasets the npm package ships). */
export const dataDir = (): string => resolve(repoRoot, "data");
/** The repository's `weights/` folder: `megnet/<release>/<name>.hdf5` for the whole megnet zoo. */
export const weightsDir = (): string => resolve(repoRoot, "weights");
/** Reference dumps (megnet Li2O stage by stage). */
export const referenceDir = (): string => resolve(repoRoot, "test/fixtures/reference");
export const fixturesDir = (): string => resolve(repoRoot, "test/fixtures");
/** Small committed subsets of the benchmark-only datasets that stay outside the repository. */
export const subsetsDir = (): string => resolve(repoRoot, "test/fixtures/data/subsets");

/** Path inside the repository's data folder; throws naming the file when it is absent. */
export function dataFile(name: string): string {
  const p = resolve(dataDir(), name);
  if (!existsSync(p)) throw new Error(`test data file missing from the repository: ${p}`);
  return p;
}

/** Path of a committed subset (see test/fixtures/README.md); throws naming the file when absent. */
export function subsetFile(name: string): string {
  const p = resolve(subsetsDir(), name);
  if (!existsSync(p)) throw new Error(`test fixture missing from the repository: ${p}`);
  return p;
}
