/**
 * `datasetEpochs` (CLI `--aflow-epochs`): shorter pretraining on one dataset while the fine-tuning
 * models keep `epochs`; recorded in the manifest and part of the protocol an output folder keeps.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runExperiment } from "../../src/experiment/index.js";
import { dataDir, weightsDir } from "../helpers/paths.js";

const root = mkdtempSync(join(tmpdir(), "paraisite-dataset-epochs-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const common = { quick: true, runs: 1, epochs: 2, dataDir: dataDir(), weightsDir: weightsDir(), backend: "wasm" as const, progress: false as const };

describe("runExperiment datasetEpochs", () => {
  it("trains the AFLOW model for its own number of epochs and the fine-tuning for `epochs`", async () => {
    const out = join(root, "short-aflow");
    const result = await runExperiment({ ...common, outDir: out, models: ["FEAFTG15"], datasetEpochs: { "aflow-agl": 1 } });
    expect(result.results.map((r) => [r.id, r.runs[0].epochs])).toEqual([
      ["FEAF", 1],
      ["FEAFTG15", 2],
    ]);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(manifest.protocol.epochs).toBe(2);
    expect(manifest.protocol.datasetEpochs).toEqual({ "aflow-agl": 1 });
    expect(readFileSync(join(out, "results.md"), "utf8")).toContain("1 runs × 2 epochs, 1 epochs on aflow-agl");
    const history = readFileSync(join(out, "FEAF", "run1", "history.csv"), "utf8").trim().split("\n");
    expect(history).toHaveLength(2); // header + one epoch

    // the same folder refuses a run without the override, naming the difference
    await expect(runExperiment({ ...common, outDir: out, models: ["FEAFTG15"] })).rejects.toThrow(/different datasetEpochs/);
  }, 300_000);

  it("rejects a non-positive epoch count", async () => {
    await expect(runExperiment({ ...common, outDir: join(root, "bad"), models: ["FEAF"], datasetEpochs: { "aflow-agl": 0 } })).rejects.toThrow(
      /epochs for dataset 'aflow-agl' must be a positive integer/,
    );
  });
});

describe("runExperiment threads", () => {
  it("trains with a gradient worker (threads: 2), recorded in the session, same bits on a rerun", async () => {
    const run = (name: string) => runExperiment({ ...common, outDir: join(root, name), models: ["FETG15"], threads: 2 });
    const a = await run("threads-a");
    const b = await run("threads-b");
    expect(a.results[0].runs[0].epochs).toBe(2);
    expect(b.results[0].runs[0].bestValMape).toBe(a.results[0].runs[0].bestValMape);
    expect(a.manifest.sessions[0].threads).toBe(2);
    await expect(runExperiment({ ...common, outDir: join(root, "bad-threads"), models: ["FETG15"], threads: 0 })).rejects.toThrow(/threads must be a positive integer/);
  }, 300_000);
});
