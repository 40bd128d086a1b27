/** `paraisite reproduce`: usage errors, help, and a one-model run with the results table on stdout. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { REPRODUCE_USAGE, reproduceCommand } from "../../src/cli/reproduce.js";
import { captureIO } from "../helpers/cli.js";

const root = mkdtempSync(join(tmpdir(), "paraisite-cli-reproduce-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("reproduce command", () => {
  it("prints help", async () => {
    const c = captureIO();
    expect(await reproduceCommand(["--help"], c.io)).toBe(0);
    expect(c.out()).toBe(REPRODUCE_USAGE);
  });

  it.each([
    [["--epochs", "0"], "--epochs must be an integer >= 1"],
    [["--runs", "two"], "--runs must be an integer >= 1"],
    [["--models", "RWTG15,NOPE"], "unknown model 'NOPE'"],
    [["--loss", "mse"], "--loss must be one of mape, l1"],
    [["--scaler", "x"], "--scaler must be one of kept, refit"],
    [["--start-from", "x"], "--start-from must be one of same-run, best-run"],
    [["--backend", "gpu2"], "--backend must be one of"],
    [["--seed", "1.5"], "--seed must be an integer"],
    [["--bogus"], "Unknown option '--bogus'"],
  ])("rejects %j with exit code 2", async (argv, message) => {
    const c = captureIO();
    expect(await reproduceCommand(argv, c.io)).toBe(2);
    expect(c.err()).toContain(message);
  });

  it("runs one model on the quick subsets and prints the table (data from the package, no variable)", async () => {
    vi.stubEnv("PARAISITE_DATA_DIR", undefined);
    vi.stubEnv("PARAISITE_CACHE_DIR", join(root, "empty-cache"));
    const out = join(root, "out");
    const c = captureIO();
    const argv = ["--quick", "--models", "rwtg15", "--runs", "1", "--epochs", "2", "--out", out, "--backend", "wasm"];
    const code = await reproduceCommand(argv, c.io).finally(() => vi.unstubAllEnvs());
    expect(code).toBe(0);
    const stdout = c.out();
    expect(stdout).toMatch(/\| RWTG15 \| 1 \| togo15 \| random \| 1 \| 2 \| \d+\.\d ± 0\.0 \|/);
    expect(stdout).toContain(`${out}/results.md`);
    const stderr = c.err();
    expect(stderr).toContain("dataset togo15: 24 structures");
    expect(stderr).toContain("RWTG15 run 1: starting from random (seed 42001)");
    expect(stderr).toMatch(/epoch 2\/2 lr=/);
    expect(readFileSync(join(out, "results.md"), "utf8")).toContain("| RWTG15 |");
    expect(existsSync(join(out, "RWTG15", "run1", "model", "model.json"))).toBe(true);
    // a different protocol in the same folder is an error (exit 1), not a silent mix
    const again = captureIO();
    expect(await reproduceCommand([...argv.filter((a) => a !== "--quick")], again.io)).toBe(1);
    expect(again.err()).toContain("another protocol");
  }, 120_000);
});
