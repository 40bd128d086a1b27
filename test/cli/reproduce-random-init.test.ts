/** `paraisite reproduce --random-init`: rejected values, and a quick run recording `randomInit: "torch"`. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPRODUCE_USAGE, reproduceCommand } from "../../src/cli/reproduce.js";
import { dataDir, weightsDir } from "../helpers/paths.js";
import { captureIO } from "../helpers/cli.js";

const root = mkdtempSync(join(tmpdir(), "paraisite-cli-random-init-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("reproduce --random-init", () => {
  it("is documented and rejects unknown schemes with exit code 2", async () => {
    expect(REPRODUCE_USAGE).toContain("--random-init S");
    const c = captureIO();
    expect(await reproduceCommand(["--random-init", "jax"], c.io)).toBe(2);
    expect(c.err()).toContain("--random-init must be one of keras, torch, got 'jax'");
  });

  it("torch goes into the preset of the manifest", async () => {
    const out = join(root, "out");
    const c = captureIO();
    const argv = ["--quick", "--models", "rwtg15", "--runs", "1", "--epochs", "1", "--random-init", "torch", "--out", out, "--data-dir", dataDir(), "--weights-dir", weightsDir(), "--backend", "wasm", "--quiet"];
    expect(await reproduceCommand(argv, c.io)).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(manifest.protocol.preset).toMatchObject({ name: "custom", randomInit: "torch" });
  }, 120_000);
});
