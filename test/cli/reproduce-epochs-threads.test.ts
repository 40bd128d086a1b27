/** `paraisite reproduce --aflow-epochs` and `--threads`: documented, validated, and recorded in the manifest. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPRODUCE_USAGE, reproduceCommand } from "../../src/cli/reproduce.js";
import { captureIO } from "../helpers/cli.js";
import { dataDir, weightsDir } from "../helpers/paths.js";

const root = mkdtempSync(join(tmpdir(), "paraisite-cli-epochs-threads-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("reproduce --aflow-epochs / --threads", () => {
  it("are documented and reject non-positive values with exit code 2", async () => {
    expect(REPRODUCE_USAGE).toContain("--aflow-epochs N");
    expect(REPRODUCE_USAGE).toContain("--threads N");
    for (const [flag, value] of [
      ["--aflow-epochs", "0"],
      ["--threads", "0"],
      ["--threads", "two"],
    ]) {
      const c = captureIO();
      expect(await reproduceCommand([flag, value], c.io)).toBe(2);
      expect(c.err()).toContain(`${flag} must be an integer >= 1, got '${value}'`);
    }
  });

  it("a quick FEAFTG15 with 1 AFLOW epoch and 2 threads records both", async () => {
    const out = join(root, "out");
    const c = captureIO();
    const argv = ["--quick", "--models", "FEAFTG15", "--runs", "1", "--epochs", "2", "--aflow-epochs", "1", "--threads", "2"];
    const paths = ["--out", out, "--data-dir", dataDir(), "--weights-dir", weightsDir(), "--backend", "wasm", "--quiet"];
    expect(await reproduceCommand([...argv, ...paths], c.io)).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(manifest.protocol.datasetEpochs).toEqual({ "aflow-agl": 1 });
    expect(manifest.sessions.at(-1).threads).toBe(2);
    expect(c.out()).toContain("1 runs × 2 epochs, 1 epochs on aflow-agl");
  }, 300_000);
});
