import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/commands.js";
import { repoRoot } from "../helpers/paths.js";
import { captureIO } from "../helpers/cli.js";

describe("paraisite CLI dispatch", () => {
  it("lists the commands and rejects unknown ones", async () => {
    const c = captureIO();
    expect(await runCli(["help"], c.io)).toBe(0);
    expect(c.out()).toMatch(/inspect/);
    const d = captureIO();
    expect(await runCli(["frobnicate"], d.io)).toBe(2);
    expect(d.err()).toMatch(/unknown command 'frobnicate'/);
  });

  it("inspect --cutoff adds the crystal graph (NaCl: 6 neighbours at a/2 within 3 Å)", async () => {
    const c = captureIO();
    const code = await runCli(["inspect", `${repoRoot}/examples/structures/NaCl.cif`, "--cutoff", "3", "--json"], c.io);
    expect(code).toBe(0);
    const doc = JSON.parse(c.out());
    const s = doc.files[0].structures[0];
    expect(s.reducedFormula).toBe("NaCl");
    expect(s.graph.nEdges).toBe(48);
    expect(s.graph.perSiteCn).toEqual([6, 6, 6, 6, 6, 6, 6, 6]);
    expect(s.graph.distances[0]).toBeCloseTo(2.82, 12);
  });

  it("inspect --cutoff rejects a non-positive cutoff", async () => {
    const c = captureIO();
    expect(await runCli(["inspect", "x.cif", "--cutoff=-1"], c.io)).toBe(2);
    expect(c.err()).toContain("--cutoff must be a number > 0, got '-1'");
  });
});

describe("one option parser for every command", () => {
  const commands = ["demo", "info", "inspect", "reproduce", "predict", "scan", "merge", "analyze"];

  it.each(commands)("%s --help prints its usage and exits 0", async (command) => {
    for (const flag of ["--help", "-h"]) {
      const c = captureIO();
      expect(await runCli([command, flag], c.io)).toBe(0);
      expect(c.out()).toMatch(new RegExp(`^usage: paraisite ${command}`));
      expect(c.out()).toContain("-h, --help");
    }
  });

  it.each(commands)("%s rejects an unknown option with exit code 2, the message and its usage", async (command) => {
    const c = captureIO();
    expect(await runCli([command, "--frobnicate", "x"], c.io)).toBe(2);
    expect(c.err()).toMatch(new RegExp(`^paraisite ${command}: Unknown option '--frobnicate'.*\\nusage: paraisite ${command}`, "s"));
  });

  it.each([
    ["predict", "--backend", "tpu", "x.cif"],
    ["scan", "db.jsonl", "--out", "r.csv", "--backend", "tpu"],
    ["info", "--backend", "tpu"],
    ["demo", "--backend", "tpu"],
    ["reproduce", "--backend", "tpu"],
  ])("%s --backend tpu exits 2 naming the valid backends, before any work", async (...argv) => {
    const c = captureIO();
    expect(await runCli(argv, c.io)).toBe(2);
    expect(c.err()).toContain(`paraisite ${argv[0]}: --backend must be one of auto, tensorflow-gpu, tensorflow, wasm, cpu, got 'tpu'`);
    expect(c.out()).toBe("");
  });

  it("checks enums and numbers the same way everywhere", async () => {
    for (const [argv, message] of [
      [["predict", "x.cif", "--workers", "0"], "--workers must be an integer >= 1, got '0'"],
      [["scan", "db.jsonl", "--out", "r.csv", "--batch-size", "x"], "--batch-size must be an integer >= 1, got 'x'"],
      [["scan", "db.jsonl", "--out", "r.csv", "--shard", "3/2"], "--shard must be I/N with 1 <= I <= N, got '3/2'"],
      [["scan", "db.jsonl"], "--out RESULTS.csv is required"],
      [["predict"], "expected at least 1 structure file or folder(s), got 0"],
      [["predict", "x.cif", "--json", "--csv"], "--json and --csv exclude each other"],
      [["merge", "out.csv"], "expected at least 2 CSV file(s), got 1"],
      [["analyze", "a.csv", "--threshold", "1"], "--threshold must be a number >= 0 and < 1, got '1'"],
      [["reproduce", "--target", "x"], "--target must be one of togo15, hh143, mix, got 'x'"],
    ] as const) {
      const c = captureIO();
      expect(await runCli([...argv], c.io), argv.join(" ")).toBe(2);
      expect(c.err()).toContain(`paraisite ${argv[0]}: ${message}`);
    }
  });
});
