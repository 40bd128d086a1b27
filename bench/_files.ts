/**
 * Where benchmarks find their files. The datasets and weights the project carries resolve through
 * the registry (directory option, PARAISITE_* variable, then the repository's data/ and weights/);
 * the benchmark-only datasets (MP scan, MP binaries, WBM-972) stay outside the repository and
 * need PARAISITE_DATA_DIR, with a message that says so.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { resolveDataset } from "../src/registry/resolve.js";

/** Path of a dataset the project carries (e.g. `aflow-agl`), sha256-checked by the registry. */
export async function carriedDataset(id: string): Promise<string> {
  return (await resolveDataset(id)).path;
}

/**
 * Path of a benchmark-only dataset file in `$PARAISITE_DATA_DIR`; exits with code 2 and a message
 * naming the benchmark, the file and the variable when it is not there.
 */
export function outsideDataFile(bench: string, file: string): string {
  const dir = process.env.PARAISITE_DATA_DIR;
  const path = dir ? join(dir, file) : undefined;
  if (path !== undefined && existsSync(path)) return path;
  const where = dir ? `it is not in PARAISITE_DATA_DIR=${dir}` : "PARAISITE_DATA_DIR is not set";
  process.stderr.write(
    `${bench}: needs ${file}, a benchmark-only dataset that is not in the repository, and ${where}.\n` +
      `Set PARAISITE_DATA_DIR to the folder holding it (provenance: docs/datasets.md, docs/data-directory.md).\n`,
  );
  process.exit(2);
}
