/**
 * Models as model directories: saveModel/loadModel round trips (format version 2: the target
 * transform in the config), and a version 1 directory written by the code of commit 8fd96ed
 * (test/fixtures/models/v1-paraisite, transform in `extra`) migrated on read.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WeightsError } from "../../src/core/errors.js";
import { Compose, Log10Plus1, Standardize } from "../../src/core/target-transform.js";
import { batchGraphs } from "../../src/graph/batch.js";
import { buildCrystalGraph } from "../../src/graph/build.js";
import { readStructureFile } from "../../src/io/read-file.js";
import { type MEGNetConfig, megnetDefaultConfig } from "../../src/models/config.js";
import { MEGNet } from "../../src/models/megnet.js";
import { ParAIsite } from "../../src/models/paraisite.js";
import { MODEL_FORMAT_VERSION } from "../../src/models/serialization.js";
import { loadModelDirectory, saveModelDirectory } from "../../src/weights/model-directory.js";
import { loadModel, readModel, saveModel } from "../../src/weights/model-io.js";
import { fixturesDir, repoRoot } from "../helpers/paths.js";
import { useBackend } from "../models/helpers.js";

const root = mkdtempSync(join(tmpdir(), "paraisite-model-io-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(() => useBackend("cpu"));

const v1Dir = resolve(fixturesDir(), "models/v1-paraisite");
const structuresDir = resolve(repoRoot, "examples/structures");
const batch = () => batchGraphs(readdirSync(structuresDir).sort().map((n) => buildCrystalGraph(readStructureFile(join(structuresDir, n)), { cutoff: 4 })));
const config: MEGNetConfig = megnetDefaultConfig({ cutoff: 4, centers: [0, 1, 2, 3, 4, 5], width: 0.5 }, 2);
const transform = new Compose([Log10Plus1, new Standardize(0.8, 0.5)]);

describe("saveModel / loadModel", () => {
  it("round-trips a ParAIsite with its transform in the config (format version 2), bit for bit", async () => {
    const model = new ParAIsite({ trunk: config, headUnits: [8, 1], seed: 3, targetTransform: transform });
    const dir = join(root, "paraisite");
    await saveModel(dir, model, { extra: { note: "x" } });
    const json = JSON.parse(readFileSync(join(dir, "model.json"), "utf8"));
    expect(json.formatVersion).toBe(MODEL_FORMAT_VERSION);
    expect(json.config.targetTransform).toEqual(transform.toJSON());
    expect(json.extra).toEqual({ note: "x" });
    const loaded = await loadModel(dir, { kind: "paraisite" });
    expect(loaded.formatVersion).toBe(2);
    expect(loaded.description).toEqual({ kind: "paraisite", config: model.toConfig() });
    expect(Array.from(loaded.model.predict(batch()))).toEqual(Array.from(model.predict(batch())));
    for (const m of [model, loaded.model]) m.dispose();
  });

  it("round-trips a MEGNet, and refuses a directory of another kind", async () => {
    const model = new MEGNet(config, { seed: 4 });
    const dir = join(root, "megnet");
    await saveModel(dir, model);
    const loaded = await loadModel(dir);
    expect(loaded.model).toBeInstanceOf(MEGNet);
    expect(Array.from(loaded.model.predict(batch()))).toEqual(Array.from(model.predict(batch())));
    await expect(loadModel(dir, { kind: "paraisite" })).rejects.toThrow(/"megnet" model, expected "paraisite"/);
    for (const m of [model, loaded.model]) m.dispose();
  });

  it("refuses to save a ParAIsite config without its transform, and an unknown kind on load", async () => {
    const model = new ParAIsite({ trunk: config, headUnits: [8, 1], seed: 3, targetTransform: transform });
    const { targetTransform: _dropped, ...bare } = model.toConfig();
    await expect(saveModelDirectory(join(root, "bare"), { kind: "paraisite", config: bare, weights: model.getWeights() })).rejects.toThrow(
      /"paraisite" config lacks a valid targetTransform/,
    );
    await saveModelDirectory(join(root, "other"), { kind: "toy", config: {}, weights: model.getWeights() });
    await expect(loadModel(join(root, "other"))).rejects.toThrow(WeightsError);
    model.dispose();
  });
});

describe("format version 1 (commit 8fd96ed)", () => {
  const expected = JSON.parse(readFileSync(join(v1Dir, "expected.json"), "utf8")) as { z: number[]; kappa: number[] };

  it("migrates extra.targetTransform into the config and predicts what that code predicted", async () => {
    const stored = JSON.parse(readFileSync(join(v1Dir, "model/model.json"), "utf8"));
    expect(stored.formatVersion).toBe(1);
    const loaded = await loadModel(join(v1Dir, "model"), { kind: "paraisite" });
    expect(loaded.formatVersion).toBe(1);
    expect(loaded.description.config).toEqual({ ...stored.config, targetTransform: stored.extra.targetTransform });
    expect(loaded.extra).toEqual({ note: stored.extra.note });
    // the same model built by hand from the stored parts gives the same bits
    const raw = await loadModelDirectory(join(v1Dir, "model"));
    const byHand = new ParAIsite({ trunk: stored.config.trunk, headUnits: stored.config.headUnits, targetTransform: transform });
    byHand.setWeights(raw.weights);
    const z = loaded.model.predictNormalized(batch());
    expect(Array.from(z)).toEqual(Array.from(byHand.predictNormalized(batch())));
    // 8fd96ed's inference ran Set2Set as float32 tfjs ops, now on the host: float32 rounding apart
    for (const [i, v] of z.entries()) expect(Math.abs(v - expected.z[i])).toBeLessThan(1e-6);
    for (const [i, k] of loaded.model.predict(batch()).entries()) expect(Math.abs(k - expected.kappa[i]) / expected.kappa[i]).toBeLessThan(1e-6);
    for (const m of [loaded.model, byHand]) m.dispose();
  });

  it("reads without building (readModel), and refuses a version 1 ParAIsite without extra.targetTransform", async () => {
    const contents = await readModel(join(v1Dir, "model"));
    expect(contents.description.kind).toBe("paraisite");
    const stored = JSON.parse(readFileSync(join(v1Dir, "model/model.json"), "utf8"));
    const dir = join(root, "v1-bare");
    const model = ParAIsite.fromConfig({ ...stored.config, targetTransform: transform.toJSON() }, contents.weights);
    await saveModelDirectory(dir, { kind: "paraisite", config: model.toConfig(), weights: model.getWeights() });
    const path = join(dir, "model.json");
    const json = JSON.parse(readFileSync(path, "utf8"));
    const { targetTransform: _t, ...v1Config } = json.config;
    writeFileSync(path, JSON.stringify({ ...json, formatVersion: 1, config: v1Config }));
    await expect(loadModel(dir)).rejects.toThrow(/version 1 "paraisite" model needs extra.targetTransform/);
    model.dispose();
  });

  it("loads the paper's Step-3 ensemble shipped as models/paper-feaftg15 (version 1)", async () => {
    const loaded = await loadModel(resolve(repoRoot, "models/paper-feaftg15/run1"), { kind: "paraisite" });
    expect(loaded.formatVersion).toBe(1);
    expect(loaded.model.toConfig().targetTransform.kind).toBe("compose");
    loaded.model.dispose();
  });
});
