import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WeightsError } from "../../src/core/errors.js";
import type { MEGNetConfig, NamedWeight, WeightMap } from "../../src/models/config.js";
import { type KerasMEGNetImport, loadKerasMEGNet, loadModelDirectory, MODEL_FORMAT_VERSION, type ModelJson, saveModelDirectory } from "../../src/weights/index.js";
import { weightsDir } from "../helpers/paths.js";

const tmp = mkdtempSync(join(tmpdir(), "paraisite-modeldir-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const bits = (w: NamedWeight): number[] => Array.from(new Uint32Array(w.data.buffer, w.data.byteOffset, w.data.length));

function expectSameWeights(a: WeightMap, b: WeightMap): void {
  expect([...b.keys()]).toEqual([...a.keys()]);
  for (const [name, w] of a) {
    expect(b.get(name)!.shape).toEqual(w.shape);
    expect(bits(b.get(name)!)).toEqual(bits(w));
  }
}

async function loadError(dir: string, kind?: string): Promise<string> {
  const err = await loadModelDirectory(dir, kind ? { kind } : {}).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WeightsError);
  return (err as Error).message;
}

describe("saveModelDirectory / loadModelDirectory", () => {
  let imported: KerasMEGNetImport;
  beforeAll(async () => {
    imported = await loadKerasMEGNet(resolve(weightsDir(), "megnet/mp-2019.4.1/efermi.hdf5"));
  });
  const extra = { targetTransform: { kind: "standardize", mean: 1.5, std: 0.25 }, training: { epochs: 3, seed: 42, note: "ünïcode ✓" } };

  it("round-trips a pretrained MEGNet exactly and writes the documented model.json", async () => {
    const dir = join(tmp, "efermi");
    const written = await saveModelDirectory(dir, { kind: "megnet", config: imported.config, weights: imported.weights, extra });
    expect(readdirSync(dir).sort()).toEqual(["model.json", "weights.bin"]);
    const json = JSON.parse(readFileSync(join(dir, "model.json"), "utf8")) as ModelJson;
    expect(json).toEqual(written);
    expect(json.format).toBe("paraisite-model");
    expect(json.formatVersion).toBe(MODEL_FORMAT_VERSION);
    expect(json.kind).toBe("megnet");
    expect(json.weights.byteLength).toBe(4 * 167_761);
    expect(readFileSync(join(dir, "weights.bin")).byteLength).toBe(4 * 167_761);
    expect(json.weights.manifest[0]).toEqual({ name: "embedding", shape: [95, 16], offset: 0 });
    expect(json.weights.manifest[1]).toEqual({ name: "preblock.atom.0.kernel", shape: [16, 64], offset: 4 * 95 * 16 });
    const loaded = await loadModelDirectory<MEGNetConfig>(dir, { kind: "megnet" });
    expect(loaded.config).toEqual(imported.config);
    expect(loaded.config.targetScaler).toEqual({ mean: 2.9149992576640296, std: 2.7299421494308738, isIntensive: true });
    expect(loaded.extra).toEqual(extra);
    expect(loaded.formatVersion).toBe(MODEL_FORMAT_VERSION);
    expect(loaded.sha256).toBe(json.weights.sha256);
    expectSameWeights(imported.weights, loaded.weights);
  });

  it("keeps every bit: NaN payloads, -0, ±Infinity, subnormals; little-endian layout", async () => {
    const data = new Float32Array(6);
    new Uint32Array(data.buffer).set([0x7fc00001, 0x80000000, 0x7f800000, 0xff800000, 0x00000001, 0x3f800000]);
    const weights = new Map<string, NamedWeight>([
      ["head.0.kernel", { shape: [2, 3], data }],
      ["head.0.bias", { shape: [0], data: new Float32Array(0) }],
      ["scalar", { shape: [], data: Float32Array.of(0.1) }],
    ]);
    const dir = join(tmp, "special");
    await saveModelDirectory(dir, { kind: "test", config: { any: ["json", 1, null] }, weights });
    const bin = readFileSync(join(dir, "weights.bin"));
    expect(Array.from(bin.subarray(20, 24))).toEqual([0x00, 0x00, 0x80, 0x3f]); // 1.0f little-endian
    const loaded = await loadModelDirectory(dir);
    expect(loaded.config).toEqual({ any: ["json", 1, null] });
    expect(loaded.extra).toEqual({});
    expectSameWeights(weights, loaded.weights);
  });

  it("overwrites a previous save atomically and leaves no temporary directories", async () => {
    const dir = join(tmp, "over", "model");
    const w1 = new Map([["a", { shape: [2], data: Float32Array.of(1, 2) }]]);
    const w2 = new Map([["a", { shape: [3], data: Float32Array.of(3, 4, 5) }]]);
    await saveModelDirectory(dir, { kind: "test", config: { v: 1 }, weights: w1 });
    await saveModelDirectory(dir, { kind: "test", config: { v: 2 }, weights: w2 });
    const loaded = await loadModelDirectory(dir);
    expect(loaded.config).toEqual({ v: 2 });
    expectSameWeights(w2, loaded.weights);
    expect(readdirSync(join(tmp, "over"))).toEqual(["model"]);
  });

  it("keeps unrelated files when saving into a directory that has them", async () => {
    const dir = join(tmp, "run");
    const w = new Map([["a", { shape: [1], data: Float32Array.of(7) }]]);
    await saveModelDirectory(dir, { kind: "test", config: {}, weights: w });
    writeFileSync(join(dir, "metrics.csv"), "epoch,loss\n");
    await saveModelDirectory(dir, { kind: "test", config: { again: true }, weights: w });
    expect(readdirSync(dir).sort()).toEqual(["metrics.csv", "model.json", "weights.bin"]);
    expect((await loadModelDirectory(dir)).config).toEqual({ again: true });
  });

  it("refuses to save weights whose data does not fill their shape, or a megnet config they do not fit", async () => {
    const bad = new Map([["a", { shape: [2, 2], data: Float32Array.of(1, 2, 3) }]]);
    await expect(saveModelDirectory(join(tmp, "bad"), { kind: "test", config: {}, weights: bad })).rejects.toThrow(/weight a has 3 values for shape \[2, 2\]/);
    const weights = new Map(imported.weights);
    weights.delete("readout.2.bias");
    await expect(saveModelDirectory(join(tmp, "bad"), { kind: "megnet", config: imported.config, weights })).rejects.toThrow(/missing weight readout\.2\.bias/);
    expect(existsSync(join(tmp, "bad"))).toBe(false);
  });
});

describe("config and extra JSON", () => {
  const weights = new Map([["w", { shape: [1], data: Float32Array.of(1) }]]);
  it("typed arrays become arrays, toJSON is honoured, undefined properties are dropped", async () => {
    const dir = join(tmp, "json-ok");
    const transform = { mean: 2, toJSON: () => ({ kind: "standardize", mean: 2, std: 1 }) };
    await saveModelDirectory(dir, { kind: "test", config: { centers: Float64Array.of(0, 0.5), skip: undefined }, weights, extra: { transform } });
    const loaded = await loadModelDirectory(dir);
    expect(loaded.config).toEqual({ centers: [0, 0.5] });
    expect(loaded.extra).toEqual({ transform: { kind: "standardize", mean: 2, std: 1 } });
  });

  it("refuses values JSON would silently change", async () => {
    await expect(saveModelDirectory(join(tmp, "json-bad"), { kind: "test", config: { scaler: { mean: Number.NaN } }, weights })).rejects.toThrow(/config\.scaler\.mean: NaN cannot be stored in JSON/);
    await expect(saveModelDirectory(join(tmp, "json-bad"), { kind: "test", config: {}, weights, extra: { n: 10n } })).rejects.toThrow(/extra\.n: a bigint cannot be stored in JSON/);
    await expect(saveModelDirectory(join(tmp, "json-bad"), { kind: "megnet", config: { not: "megnet" }, weights })).rejects.toThrow(/config is not a valid MEGNet config/);
    expect(existsSync(join(tmp, "json-bad"))).toBe(false);
  });
});

describe("loadModelDirectory errors", () => {
  const weights = new Map([["w", { shape: [4], data: Float32Array.of(1, 2, 3, 4) }]]);
  async function fresh(name: string): Promise<string> {
    const dir = join(tmp, "errors", name);
    await saveModelDirectory(dir, { kind: "test", config: {}, weights });
    return dir;
  }
  const editJson = (dir: string, change: (json: Record<string, unknown> & { weights: Record<string, unknown> }) => void): void => {
    const json = JSON.parse(readFileSync(join(dir, "model.json"), "utf8"));
    change(json);
    writeFileSync(join(dir, "model.json"), JSON.stringify(json));
  };

  it("missing directory or model.json", async () => {
    expect(await loadError(join(tmp, "errors", "absent"))).toMatch(/absent: does not exist/);
    const dir = await fresh("nojson");
    rmSync(join(dir, "model.json"));
    expect(await loadError(dir)).toMatch(/nojson: has no model\.json/);
  });

  it("a newer or invalid format version, or another format", async () => {
    const dir = await fresh("newer");
    editJson(dir, (j) => {
      j.formatVersion = MODEL_FORMAT_VERSION + 1;
    });
    expect(await loadError(dir)).toContain(`written with model format version ${MODEL_FORMAT_VERSION + 1}; paraisite 0.1.0 reads versions up to ${MODEL_FORMAT_VERSION}. Upgrade paraisite`);
    editJson(dir, (j) => {
      j.formatVersion = 1.5;
    });
    expect(await loadError(dir)).toContain("formatVersion must be a positive integer, found 1.5");
    editJson(dir, (j) => {
      j.format = "keras";
    });
    expect(await loadError(dir)).toContain('not a paraisite model (format is not "paraisite-model")');
    writeFileSync(join(dir, "model.json"), "{ broken");
    expect(await loadError(dir)).toMatch(/model\.json: invalid JSON/);
  });

  it("missing, truncated or corrupted weights.bin", async () => {
    const dir = await fresh("bin");
    const bin = join(dir, "weights.bin");
    const good = readFileSync(bin);
    writeFileSync(bin, good.subarray(0, 10));
    expect(await loadError(dir)).toContain("weights.bin: 10 bytes, model.json expects 16 (truncated or from another save)");
    const flipped = Buffer.from(good);
    flipped[5] ^= 0x01;
    writeFileSync(bin, flipped);
    expect(await loadError(dir)).toMatch(/weights\.bin: sha256 [0-9a-f]{64} does not match model\.json/);
    rmSync(bin);
    expect(await loadError(dir)).toContain("weights.bin: weights file missing");
  });

  it("a manifest that does not describe the file, or the wrong kind", async () => {
    const dir = await fresh("manifest");
    editJson(dir, (j) => {
      j.weights.manifest = [{ name: "w", shape: [2], offset: 0 }];
    });
    expect(await loadError(dir)).toContain("weights.bin has 16 bytes, the manifest describes 8");
    editJson(dir, (j) => {
      j.weights.manifest = [{ name: "w", shape: [2], offset: "0" }];
    });
    expect(await loadError(dir)).toContain("weights.manifest[0] needs a name, an integer shape and an integer offset");
    const other = await fresh("kind");
    expect(await loadError(other, "paraisite")).toContain('holds a "test" model, expected "paraisite"');
  });
});
