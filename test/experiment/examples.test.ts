/** The step examples run as written (tiny settings): step 3 uses the most of the public API. */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, expect, it } from "vitest";
import { dataDir, repoRoot, weightsDir } from "../helpers/paths.js";

const root = mkdtempSync(join(tmpdir(), "paraisite-examples-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it("step 3 (two-stage) trains FEAF then FEAFTG15 and prints mean ± std", async () => {
  const args = ["tsx", "examples/step3-two-stage.ts", "--epochs", "1", "--runs", "2", "--limit", "16", "--aflow-limit", "30"];
  const { stdout } = await promisify(execFile)("npx", [...args, "--out", root, "--data-dir", dataDir(), "--weights-dir", weightsDir()], {
    cwd: repoRoot,
    env: { ...process.env, PARAISITE_BACKEND: "wasm" },
  });
  expect(stdout).toMatch(/run 1: best val MAPE \d+\.\d% \(epoch 1\)/);
  expect(stdout).toMatch(/FEAFTG15: \d+\.\d ± \d+\.\d% over 2 runs/);
}, 120_000);
