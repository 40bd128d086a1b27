/**
 * The step examples run as written (tiny settings): step 3 uses the most of the public API. No
 * directory option and no PARAISITE_* variable: the datasets and weights the project carries.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, expect, it } from "vitest";
import { repoRoot } from "../helpers/paths.js";

const root = mkdtempSync(join(tmpdir(), "paraisite-examples-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it("step 3 (two-stage) trains FEAF then FEAFTG15 and prints mean ± std", async () => {
  const args = ["tsx", "examples/step3-two-stage.ts", "--epochs", "1", "--runs", "2", "--limit", "16", "--aflow-limit", "30"];
  const { PARAISITE_DATA_DIR: _d, PARAISITE_WEIGHTS_DIR: _w, ...env } = process.env;
  const { stdout } = await promisify(execFile)("npx", [...args, "--out", root], {
    cwd: repoRoot,
    env: { ...env, PARAISITE_BACKEND: "wasm", PARAISITE_CACHE_DIR: join(root, "empty-cache") },
  });
  expect(stdout).toMatch(/run 1: best val MAPE \d+\.\d% \(epoch 1\)/);
  expect(stdout).toMatch(/FEAFTG15: \d+\.\d ± \d+\.\d% over 2 runs/);
}, 120_000);
