import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeCommand } from "../../src/cli/analyze.js";
import { fixturesDir } from "../helpers/paths.js";
import { captureIO } from "../helpers/cli.js";

const dir = resolve(fixturesDir(), "analysis");
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "paraisite-analyze-"));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe("paraisite analyze", () => {
  it("writes the report with structures and compares ranks with the reference", async () => {
    const c = captureIO();
    const out = join(tmp, "with-structures");
    const code = await analyzeCommand([join(dir, "scan-results.csv"), "--structures", join(dir, "structures.jsonl"), "--out", out], c.io);
    expect(c.err()).toBe("");
    expect(code).toBe(0);
    const stdout = c.out();
    expect(stdout).toContain("analyzed 40 materials");
    expect(stdout).toContain("(1 skipped)");
    expect(stdout).toMatch(/mean κ: \d+ descriptor\(s\) with \|r\| > 0.1/);
    expect(stdout).toMatch(/rank agreement with Dataset1: Spearman ρ = 0\.\d{3} over 40 materials/);
    expect((await readdir(out)).sort()).toEqual(["heatmap.svg", "hist-mean.svg", "hist-variance.svg", "report.md"]);
    const md = await readFile(join(out, "report.md"), "utf8");
    expect(md).toContain("## Agreement with reference predictions");
    expect(md).toContain("40 matched, 0 rows without a structure");
    expect(md).toContain("density");
  });

  it("works from the CSV alone (formula descriptors) and on a lowest-variance subset", async () => {
    const c = captureIO();
    const out = join(tmp, "csv-only");
    expect(await analyzeCommand([join(dir, "scan-results.csv"), "-o", out, "--lowest-variance", "20", "--threshold", "0.2"], c.io)).toBe(0);
    expect(c.out()).toContain("analyzed 20 materials");
    const md = await readFile(join(out, "report.md"), "utf8");
    expect(md).toContain("|Pearson r| > 0.20");
    expect(md).toContain("mean atomic mass");
    expect(md).not.toContain("| volume |");
  });

  it("usage errors exit 2, data errors exit 1", async () => {
    let c = captureIO();
    expect(await analyzeCommand([], c.io)).toBe(2);
    expect(c.err()).toContain("usage: paraisite analyze");
    c = captureIO();
    expect(await analyzeCommand(["a.csv", "--bogus"], c.io)).toBe(2);
    c = captureIO();
    expect(await analyzeCommand(["a.csv", "--threshold", "2"], c.io)).toBe(2);
    c = captureIO();
    expect(await analyzeCommand([join(tmp, "missing.csv"), "-o", join(tmp, "x")], c.io)).toBe(1);
    expect(c.err()).toContain("paraisite analyze:");
    c = captureIO();
    expect(await analyzeCommand(["--help"], c.io)).toBe(0);
    expect(c.out()).toContain("--structures INPUT");
  });
});
