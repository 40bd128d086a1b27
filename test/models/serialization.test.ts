/**
 * toConfig / fromConfig of MEGNet and ParAIsite (the target transform included) through JSON, the
 * structured-clone form the workers receive, checkpoints, and the migration of version 1 descriptions.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { WeightsError } from "../../src/core/errors.js";
import { Compose, Log10Plus1, Standardize } from "../../src/core/target-transform.js";
import { batchGraphs } from "../../src/graph/batch.js";
import { matglTrunkConfig, megnetDefaultConfig } from "../../src/models/config.js";
import { MEGNet } from "../../src/models/megnet.js";
import { ParAIsite } from "../../src/models/paraisite.js";
import { checkModelConfig, deserializeModel, modelConfigOf, modelFromConfig, serializeModel, upgradeStoredModel } from "../../src/models/serialization.js";
import { columnModelAsTrainable } from "../../src/train/adapt.js";
import { modelFromCheckpoint } from "../../src/train/checkpoint.js";
import { train } from "../../src/train/trainer.js";
import { exampleGraphs } from "./pinned.js";
import { useBackend } from "./helpers.js";

const transform = new Compose([Log10Plus1, new Standardize(1.2, 0.4)]);
const keras = megnetDefaultConfig({ cutoff: 4, centers: [0, 1, 2, 3, 4, 5], width: 0.5 }, 2);
const viaJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

beforeAll(() => useBackend("cpu"));

describe("toConfig / fromConfig", () => {
  it("rebuild a ParAIsite (matgl trunk, its transform) from JSON and its weights, bit for bit", () => {
    const model = new ParAIsite({ trunk: matglTrunkConfig(2), headUnits: [8, 1], seed: 5, init: "torch", targetTransform: transform });
    const config = viaJson(model.toConfig());
    expect(config.targetTransform).toEqual(transform.toJSON());
    const copy = ParAIsite.fromConfig(config, model.getWeights());
    const batch = batchGraphs(exampleGraphs());
    expect(Array.from(copy.predict(batch))).toEqual(Array.from(model.predict(batch)));
    expect(copy.toConfig()).toEqual(config);
    for (const m of [model, copy]) m.dispose();
  });

  it("rebuild a MEGNet with its target scaler, which predict applies (extensive: × atoms)", () => {
    const scaled = { ...keras, targetScaler: { mean: 0.5, std: 2, isIntensive: false } };
    const model = new MEGNet(scaled, { seed: 2 });
    const copy = MEGNet.fromConfig(viaJson(model.toConfig()), model.getWeights());
    const batch = batchGraphs(exampleGraphs());
    const raw = model.predictRaw(model.prepare(batch));
    const predicted = copy.predict(batch);
    for (const [g, y] of raw.entries()) expect(predicted[g]).toBe(batch.nodesPerGraph[g] * (y * 2 + 0.5));
    for (const m of [model, copy]) m.dispose();
  });

  it("refuse weights that do not fit, freeing the half-built model", () => {
    const model = new ParAIsite({ trunk: keras, headUnits: [8, 1], seed: 5, targetTransform: transform });
    const weights = new Map(model.getWeights());
    weights.delete("head.1.bias");
    expect(() => ParAIsite.fromConfig(model.toConfig(), weights)).toThrow(/missing head\.1\.bias/);
    expect(() => modelFromConfig({ kind: "megnet", config: keras }, weights)).toThrow(WeightsError);
    model.dispose();
  });
});

describe("serialized models (workers)", () => {
  it("survive structured cloning and rebuild the same model of the same kind", () => {
    const model = new ParAIsite({ trunk: keras, headUnits: [8, 1], seed: 6, targetTransform: transform });
    const copy = deserializeModel(structuredClone(serializeModel(model)));
    expect(copy).toBeInstanceOf(ParAIsite);
    expect(modelConfigOf(copy)).toEqual(modelConfigOf(model));
    const batch = batchGraphs(exampleGraphs());
    expect(Array.from(copy.predict(batch))).toEqual(Array.from(model.predict(batch)));
    for (const m of [model, copy]) m.dispose();
  });
});

describe("version migration", () => {
  const v1 = { formatVersion: 1, kind: "paraisite", config: { trunk: keras, headUnits: [8, 1] }, extra: { targetTransform: transform.toJSON(), run: 3 } };

  it("moves a version 1 ParAIsite's transform from extra into the config", () => {
    const upgraded = upgradeStoredModel(v1, "v1");
    expect(upgraded.extra).toEqual({ run: 3 });
    expect(checkModelConfig("paraisite", upgraded.config, "v1")).toEqual({
      kind: "paraisite",
      config: { trunk: keras, headUnits: [8, 1], targetTransform: transform.toJSON() },
    });
    // current versions and other kinds are left alone
    const v2 = { ...v1, formatVersion: 2 };
    expect(upgradeStoredModel(v2, "v2")).toEqual({ config: v2.config, extra: v2.extra });
    expect(() => checkModelConfig("paraisite", v2.config, "v2")).toThrow(/lacks a valid targetTransform/);
  });
});

describe("checkpoints", () => {
  it("describe the ParAIsite they were written for: best/ and last/ load as models", async () => {
    const runDir = mkdtempSync(join(tmpdir(), "paraisite-checkpoint-model-"));
    const graphs = exampleGraphs();
    const model = new ParAIsite({ trunk: keras, headUnits: [8, 1], seed: 6, targetTransform: transform });
    await train({
      model: columnModelAsTrainable(model),
      makeBatch: (indices) => model.prepare(batchGraphs(Array.from(indices, (i) => graphs[i]))),
      targets: [1, 4, 9, 2, 30, 5],
      trainIndices: [0, 1, 2, 3],
      valIndices: [4, 5],
      config: { epochs: 1, batchSize: 2 },
      runDir,
      progress: false,
    });
    const loaded = modelFromCheckpoint(join(runDir, "last"));
    expect(modelConfigOf(loaded)).toEqual(modelConfigOf(model));
    const batch = batchGraphs(graphs);
    expect(Array.from(loaded.predict(batch))).toEqual(Array.from(model.predict(batch)));
    for (const m of [model, loaded]) m.dispose();
    rmSync(runDir, { recursive: true, force: true });
  });
});
