/**
 * The `authors-as-run` preset (the authors' code as it ran) and the fine-tuning targets HH143 and
 * MIX: preset fields, FE models left random, the AFLOW scaler of the paper's 5578 values, MIX split
 * and standardized part by part, and the whole quick pipeline under the preset and on MIX.
 */
import "@tensorflow/tfjs-backend-cpu";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Compose, Standardize } from "../../src/core/target-transform.js";
import { loadAflowPaperValues, loadExperimentData, partTransformOf } from "../../src/experiment/data.js";
import {
  AUTHORS_AS_RUN_PRESET,
  checkProtocol,
  createRunStart,
  type ExperimentEvent,
  experimentOrder,
  type ExperimentProtocol,
  PAPER_EXPERIMENT_PRESET,
  PAPER_MODELS,
  paperModels,
  resolveExperimentPreset,
  runExperiment,
} from "../../src/experiment/index.js";
import { matglTrunkConfig } from "../../src/models/config.js";
import { dataDir, weightsDir } from "../helpers/paths.js";

const root = mkdtempSync(join(tmpdir(), "paraisite-authors-as-run-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(async () => {
  await tf.setBackend("cpu");
});

const standardizeOf = (t: unknown) => (t as Compose).steps[1] as Standardize;

describe("the authors-as-run preset", () => {
  it("is the paper preset with the code's actual choices", () => {
    const p = resolveExperimentPreset({}, "authors-as-run");
    expect(p).toEqual(AUTHORS_AS_RUN_PRESET);
    expect(p).toMatchObject({
      name: "authors-as-run",
      architecture: "matgl",
      loadPretrained: false,
      aflowTransform: "paper-values",
      randomInit: "torch",
      set2setSteps: 2,
      trainSizeRule: "floor",
      loss: PAPER_EXPERIMENT_PRESET.loss,
      scaler: "kept",
      compositeLabels: "per-part",
    });
    expect(resolveExperimentPreset({ loss: "l1" }, "authors-as-run").name).toBe("custom");
    expect(() => resolveExperimentPreset({}, "nature" as "paper")).toThrow(/unknown preset 'nature'/);
    expect(() => resolveExperimentPreset({ architecture: "schnet" as "matgl" })).toThrow(/architecture/);
  });

  it("never mixes with the paper protocol in one folder, whatever the field order", () => {
    const paper: ExperimentProtocol = { preset: resolveExperimentPreset(), epochs: 300, quick: false, limits: {} };
    const reordered = { ...paper, preset: Object.fromEntries(Object.entries(paper.preset).reverse()) } as unknown as ExperimentProtocol;
    const manifest = { format: "paraisite-experiment" as const, version: "x", protocol: reordered, datasets: [], weights: [], sessions: [] };
    expect(() => checkProtocol(root, manifest, paper)).not.toThrow();
    const authors: ExperimentProtocol = { ...paper, preset: AUTHORS_AS_RUN_PRESET };
    expect(() => checkProtocol(root, manifest, authors)).toThrow(/different preset/);
  });

  it("starts FE models from a random matgl trunk (torch init), another draw than RW's", async () => {
    const kappa = Float64Array.from([1, 2]);
    const data = await loadExperimentData("togo15", { dataDir: dataDir(), cutoff: 4, labelPolicy: "paper", limit: 4 });
    const context = { preset: AUTHORS_AS_RUN_PRESET, outDir: root, kappa, transform: data.transform };
    const fe = await createRunStart(3, { ...context, definition: PAPER_MODELS[1] });
    const rw = await createRunStart(3, { ...context, definition: PAPER_MODELS[0] });
    expect(fe.startedFrom).toEqual({ kind: "pretrained-not-loaded", weights: "megnet/mp-2018.6.1/formation_energy", seed: 1_042_003 });
    expect(rw.startedFrom).toEqual({ kind: "random", seed: 42_003 });
    for (const s of [fe, rw]) {
      expect(s.model.trunk.config).toEqual(matglTrunkConfig(2));
      expect(s.model.trunk.params.scheme).toBe("torch");
      expect(s.targets).toBe(kappa);
    }
    const w = (s: typeof fe) => s.model.trunk.params.get("block0.phi_e.0.kernel").dataSync()[0];
    expect(w(fe)).not.toBe(w(rw));
    fe.model.dispose();
    rw.model.dispose();
  });
});

describe("datasets of the targets", () => {
  it("fits the AFLOW scaler on the paper's 5578 values: log10(κ+1) mean 0.73215, std 0.37621", async () => {
    const values = await loadAflowPaperValues({ dataDir: dataDir() });
    expect(values.length).toBe(5578);
    const aflow = await loadExperimentData("aflow-agl", { dataDir: dataDir(), cutoff: 4, labelPolicy: "paper", limit: 20, transformValues: values });
    expect(aflow.graphs.length).toBe(20);
    expect(standardizeOf(aflow.transform).mean).toBeCloseTo(0.7321548321994027, 12);
    expect(standardizeOf(aflow.transform).std).toBeCloseTo(0.3762136406365791, 12);
  });

  it("loads MIX as Togo15 then HH143, each part with its own scaler (NumPy: 1.43996/0.75405, 0.93987/0.24385)", async () => {
    const mix = await loadExperimentData("mix", { dataDir: dataDir(), cutoff: 4, labelPolicy: "paper" });
    expect(mix.graphs.length).toBe(238);
    expect(mix.parts?.map((p) => [p.id, p.count])).toEqual([
      ["togo15", 95],
      ["hh143", 143],
    ]);
    expect(standardizeOf(mix.transform).mean).toBeCloseTo(1.1394870321320423, 12);
    expect(standardizeOf(mix.transform).std).toBeCloseTo(0.5680381105408686, 12);
    expect(standardizeOf(mix.parts?.[0].transform).mean).toBeCloseTo(1.4399562976489628, 12);
    expect(standardizeOf(mix.parts?.[0].transform).std).toBeCloseTo(0.754053397288372, 12);
    expect(standardizeOf(mix.parts?.[1].transform).std).toBeCloseTo(0.24385487527489316, 12);
    const labelOf = partTransformOf(mix);
    expect(labelOf?.(94)).toBe(mix.parts?.[0].transform);
    expect(labelOf?.(95)).toBe(mix.parts?.[1].transform);
    const quick = await loadExperimentData("mix", { dataDir: dataDir(), cutoff: 4, labelPolicy: "paper", limit: 5 });
    expect(quick.parts?.map((p) => p.count)).toEqual([5, 5]);
    expect(quick.ids.slice(4, 6)).toEqual([mix.ids[4], mix.ids[95]]);
  });

  it("names the models of each target and trains the shared AFLOW models first", () => {
    expect(paperModels("hh143").map((m) => `${m.id}:${m.dataset}`)).toEqual([
      "RWHH143:hh143",
      "FEHH143:hh143",
      "FEAF:aflow-agl",
      "FEAFHH143:hh143",
      "RWAF:aflow-agl",
      "RWAFHH143:hh143",
    ]);
    expect(paperModels("togo15")).toBe(PAPER_MODELS);
    expect(experimentOrder(paperModels("mix"), ["RWAFMIX"]).map((m) => m.id)).toEqual(["RWAF", "RWAFMIX"]);
  });
});

describe("quick pipelines", () => {
  const common = { quick: true, dataDir: dataDir(), weightsDir: weightsDir(), backend: "wasm" as const, progress: false as const };

  it("runs the six models under authors-as-run with no pretrained weights loaded", async () => {
    const events: ExperimentEvent[] = [];
    const result = await runExperiment({ ...common, outDir: join(root, "aar"), presetName: "authors-as-run", onProgress: (e) => events.push(e) });
    expect(result.results.map((r) => r.id)).toEqual(["RWTG15", "FETG15", "FEAF", "FEAFTG15", "RWAF", "RWAFTG15"]);
    expect(result.manifest.weights).toEqual([]);
    expect(result.results[1].init).toBe("random (megnet/mp-2018.6.1/formation_energy not loaded)");
    const kinds = events.flatMap((e) => (e.kind === "run-start" ? [e.startedFrom.kind] : []));
    expect(kinds).not.toContain("pretrained");
    for (const r of result.results) for (const x of r.runs) expect(Number.isFinite(x.bestValMape)).toBe(true);
  });

  it("fine-tunes on MIX with per-part labels: the loss MAPE and the true-κ MAPE differ even from random", async () => {
    const result = await runExperiment({ ...common, outDir: join(root, "mix"), target: "mix", models: ["RWMIX"] });
    const [rw] = result.results;
    expect(rw.id).toBe("RWMIX");
    expect(rw.runs.every((x) => x.kappaMape !== x.bestValMape)).toBe(true);
  });
});
