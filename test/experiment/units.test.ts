/**
 * The experiment's pieces without training: model order and dependencies, the preset and its
 * options, the results statistics (NumPy's ddof-0 std) and files, and the fine-tuning starts.
 */
import "@tensorflow/tfjs-backend-cpu";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TrainingError, } from "../../src/core/errors.js";
import { Compose, Log10Plus1, Standardize } from "../../src/core/target-transform.js";
import {
  createRunStart,
  type ExperimentModel,
  experimentOrder,
  loadExperimentData,
  modelResult,
  PAPER_EXPERIMENT_PRESET,
  PAPER_MODELS,
  randomTrunkConfig,
  resolveExperimentPreset,
  resultsCsv,
  resultsMarkdown,
  trainOverrides,
} from "../../src/experiment/index.js";
import { ParAIsite } from "../../src/models/paraisite.js";
import type { RunSummary } from "../../src/train/runs.js";
import { saveModel } from "../../src/weights/model-io.js";
import { dataDir } from "../helpers/paths.js";

const root = mkdtempSync(join(tmpdir(), "paraisite-experiment-units-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("the six models", () => {
  it("are the paper's Fig. 4 models with their datasets and starts", () => {
    const byId = Object.fromEntries(PAPER_MODELS.map((m) => [m.id, m]));
    expect(Object.keys(byId).sort()).toEqual(["FEAF", "FEAFTG15", "FETG15", "RWAF", "RWAFTG15", "RWTG15"]);
    expect(byId.RWTG15).toMatchObject({ dataset: "togo15", init: { kind: "random" }, step: 1 });
    expect(byId.FEAF).toMatchObject({ dataset: "aflow-agl", init: { kind: "pretrained", weights: "megnet/mp-2018.6.1/formation_energy" }, step: 2 });
    expect(byId.FEAFTG15).toMatchObject({ dataset: "togo15", init: { kind: "model", from: "FEAF" }, step: 3 });
    expect(byId.RWAFTG15).toMatchObject({ dataset: "togo15", init: { kind: "model", from: "RWAF" }, step: 3 });
  });

  it("run dependencies first and add the models a selection starts from", () => {
    const ids = (sel?: string[]) => experimentOrder(PAPER_MODELS, sel).map((m) => m.id);
    expect(ids()).toEqual(["RWTG15", "FETG15", "FEAF", "FEAFTG15", "RWAF", "RWAFTG15"]);
    expect(ids(["RWAFTG15", "fetg15"])).toEqual(["FETG15", "RWAF", "RWAFTG15"]);
    expect(ids(["FEAFTG15"])).toEqual(["FEAF", "FEAFTG15"]);
    expect(() => ids(["XX"])).toThrow(/unknown model 'XX'/);
    const cyclic: ExperimentModel[] = [
      { id: "A", dataset: "togo15", init: { kind: "model", from: "B" }, step: 3, description: "" },
      { id: "B", dataset: "togo15", init: { kind: "model", from: "A" }, step: 3, description: "" },
    ];
    expect(() => experimentOrder(cyclic)).toThrow(TrainingError);
    // a dependency listed after its user still trains first
    const reversed = [...PAPER_MODELS].reverse();
    expect(experimentOrder(reversed, ["FEAFTG15"]).map((m) => m.id)).toEqual(["FEAF", "FEAFTG15"]);
  });
});

describe("preset", () => {
  it("defaults to what the authors' code runs", () => {
    const p = resolveExperimentPreset();
    expect(p).toEqual(PAPER_EXPERIMENT_PRESET);
    expect(p).toMatchObject({ name: "paper", loss: "mape", schedulerStepsPerEpoch: 2, scaler: "kept", startFrom: "same-run", seed: 42 });
    expect(trainOverrides(p, 300)).toMatchObject({
      epochs: 300,
      loss: "mape",
      seed: 42,
      scheduler: { kind: "cosine", tMax: 1000, etaMin: 1e-5, stepsPerEpoch: 2 },
    });
  });

  it("exposes each choice and names a changed preset custom", () => {
    const p = resolveExperimentPreset({ loss: "l1", schedulerStepsPerEpoch: 1, scaler: "refit", startFrom: "best-run" });
    expect(p.name).toBe("custom");
    expect(trainOverrides(p, 5)).toMatchObject({ loss: "l1", scheduler: { stepsPerEpoch: 1 }, epochs: 5 });
    expect(resolveExperimentPreset({ loss: "mape" }).name).toBe("paper");
    expect(() => resolveExperimentPreset({ scaler: "both" as "kept" })).toThrow(/scaler/);
    expect(() => resolveExperimentPreset({ train: { batchSize: 0 } })).toThrow(/batchSize/);
  });
});

describe("Set2Set steps", () => {
  it("set2setSteps changes T of random trunks (default: megnet's 3)", async () => {
    const transform = new Compose([Log10Plus1, new Standardize(1, 1)]);
    const kappa = Float64Array.from([1, 2]);
    const plain = await createRunStart(1, { definition: PAPER_MODELS[0], preset: resolveExperimentPreset(), outDir: root, kappa, transform });
    expect(plain.model.trunk.config.set2set).toEqual({ steps: 3, nHidden: 16, variant: "standard" });
    plain.model.dispose();
    const preset = resolveExperimentPreset({ set2setSteps: 2 });
    expect(preset.name).toBe("custom");
    const start = await createRunStart(1, { definition: PAPER_MODELS[0], preset, outDir: root, kappa, transform });
    expect(start.model.trunk.config.set2set.steps).toBe(2);
    start.model.dispose();
    expect(() => resolveExperimentPreset({ set2setSteps: 0 })).toThrow(/set2setSteps/);
  });
});

describe("results", () => {
  const def = PAPER_MODELS[0];
  const runs = [40, 50, 60, 70].map((v, i) => ({ run: i + 1, bestEpoch: 10 * i, bestValMape: v, kappaMape: v + 1, epochs: 300 }));

  it("reports mean ± std with ddof 0 (np.std)", () => {
    const r = modelResult(def, runs);
    expect(r.mean).toBe(55);
    expect(r.std).toBeCloseTo(Math.sqrt(125), 12); // ddof 1 would be 12.91
    expect(r.kappaMean).toBe(56);
    const empty = modelResult(def, []);
    expect(empty.mean).toBeNaN();
  });

  it("writes a markdown row and a CSV line per model", () => {
    const r = modelResult(def, runs);
    const md = resultsMarkdown([r]);
    expect(md).toContain("| RWTG15 | 1 | togo15 | random | 4 | 300 | 55.0 ± 11.2 | 56.0 ± 11.2 | 40.0, 50.0, 60.0, 70.0 |");
    const csv = resultsCsv([r]).trim().split("\n");
    expect(csv[0]).toBe(
      "model,step,dataset,init,runs,epochs,val_mape_mean,val_mape_std,kappa_mape_mean,kappa_mape_std,val_mape_runs,kappa_mape_runs,best_epochs",
    );
    expect(csv[1]).toBe("RWTG15,1,togo15,random,4,300,55.0000,11.1803,56.0000,11.1803,40.0000;50.0000;60.0000;70.0000,41.0000;51.0000;61.0000;71.0000,1;11;21;31");
  });
});

describe("fine-tuning starts", () => {
  const pre = new Compose([Log10Plus1, new Standardize(0.6, 0.45)]);
  const ft = new Compose([Log10Plus1, new Standardize(1.3, 0.7)]);
  const kappa = Float64Array.from([0.5, 3, 20, 150]);
  const child: ExperimentModel = { id: "CHILD", dataset: "togo15", init: { kind: "model", from: "PARENT" }, step: 3, description: "" };
  const parentRuns = [
    { run: 1, bestValLoss: 0.5 },
    { run: 2, bestValLoss: 0.3 },
  ] as RunSummary[];
  const outDir = join(root, "starts");

  beforeAll(async () => {
    for (const run of [1, 2]) {
      const m = new ParAIsite({ trunk: randomTrunkConfig("standard"), seed: run, targetTransform: pre });
      await saveModel(join(outDir, "PARENT", `run${run}`, "model"), m);
      m.dispose();
    }
  });

  it("kept scaler, same run: the loss uses the parent's transform and T_pre⁻¹(T_ft(κ)) targets", async () => {
    const preset = resolveExperimentPreset();
    const start = await createRunStart(1, { definition: child, preset, outDir, kappa, transform: ft, parentRuns });
    expect(start.startedFrom).toEqual({ kind: "model", model: "PARENT", run: 1 });
    expect(start.model.targetTransform.toJSON()).toEqual(ft.toJSON());
    expect(start.trainable.targetTransform).toBe(start.model.targetTransform);
    expect(start.lossTransform?.toJSON()).toEqual(pre.toJSON());
    const targets = Array.from(start.targets);
    for (const [i, k] of kappa.entries()) expect(targets[i]).toBeCloseTo(pre.inverse(ft.forward(k)), 12);
    expect(targets[3]).not.toBeCloseTo(150, 0);
    start.model.dispose();
  });

  it("refit scaler, best run: true κ and the model's own transform, from the parent's best run", async () => {
    const preset = resolveExperimentPreset({ scaler: "refit", startFrom: "best-run" });
    const start = await createRunStart(1, { definition: child, preset, outDir, kappa, transform: ft, parentRuns });
    expect(start.startedFrom).toEqual({ kind: "model", model: "PARENT", run: 2 });
    expect(start.lossTransform).toBeUndefined();
    expect(start.targets).toBe(kappa);
    start.model.dispose();
  });

  it("starts every run from a saved model directory (init kind saved)", async () => {
    const path = join(outDir, "PARENT", "run2", "model");
    const definition: ExperimentModel = { ...child, init: { kind: "saved", path } };
    const start = await createRunStart(3, { definition, preset: resolveExperimentPreset(), outDir, kappa, transform: ft });
    expect(start.startedFrom).toEqual({ kind: "saved", path });
    expect(start.lossTransform?.toJSON()).toEqual(pre.toJSON());
    start.model.dispose();
  });

  it("refuses to start from a parent run that has not finished", async () => {
    const preset = resolveExperimentPreset();
    await expect(createRunStart(3, { definition: child, preset, outDir, kappa, transform: ft, parentRuns })).rejects.toThrow(/PARENT run 3, which has not finished/);
  });
});

describe("datasets", () => {
  it("loads a composite dataset with its parts (MIX: per-part splits and scalers, test/experiment/authors-as-run.test.ts)", async () => {
    const mix = await loadExperimentData("mix", { dataDir: dataDir(), cutoff: 4, labelPolicy: "paper", limit: 3 });
    expect(mix.parts?.map((p) => p.id)).toEqual(["togo15", "hh143"]);
    expect(mix.graphs.length).toBe(6);
  });
});
