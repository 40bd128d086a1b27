/**
 * Preset `randomInit`: default "keras" (the paper preset's name stays "paper"), manifests written
 * before the field existed still match the default protocol, and "torch" reaches random trunks and
 * the head of pretrained starts.
 */
import "@tensorflow/tfjs-backend-cpu";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Compose, Log10Plus1, Standardize } from "../../src/core/target-transform.js";
import {
  checkProtocol,
  createRunStart,
  type ExperimentProtocol,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  PAPER_EXPERIMENT_PRESET,
  PAPER_MODELS,
  randomTrunkConfig,
  readManifest,
  resolveExperimentPreset,
} from "../../src/experiment/index.js";
import { MEGNet } from "../../src/models/megnet.js";

const root = mkdtempSync(join(tmpdir(), "paraisite-random-init-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(async () => {
  await tf.setBackend("cpu");
});

const transform = new Compose([Log10Plus1, new Standardize(1, 1)]);
const kappa = Float64Array.from([1, 2]);

/** A manifest as written before `randomInit` existed (same key order, field absent). */
function writeOldManifest(dir: string, protocol: ExperimentProtocol): void {
  const { randomInit: _dropped, ...oldPreset } = protocol.preset;
  mkdirSync(dir, { recursive: true });
  const manifest = { format: MANIFEST_FORMAT, version: "0.0.0", protocol: { ...protocol, preset: oldPreset }, datasets: [], weights: [], sessions: [] };
  writeFileSync(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

describe("randomInit preset field", () => {
  it("defaults to keras, keeps the paper name, and validates", () => {
    expect(PAPER_EXPERIMENT_PRESET.randomInit).toBe("keras");
    expect(resolveExperimentPreset().randomInit).toBe("keras");
    expect(resolveExperimentPreset({ randomInit: "keras" }).name).toBe("paper");
    const torch = resolveExperimentPreset({ randomInit: "torch" });
    expect(torch).toMatchObject({ randomInit: "torch", name: "custom" });
    expect(() => resolveExperimentPreset({ randomInit: "jax" as "keras" })).toThrow(/randomInit/);
  });

  it("an old manifest without the field matches the default protocol, not a torch one", () => {
    const dir = join(root, "old");
    const protocol: ExperimentProtocol = { preset: resolveExperimentPreset(), epochs: 300, quick: false, limits: {} };
    writeOldManifest(dir, protocol);
    const existing = readManifest(dir);
    expect(existing?.protocol.preset.randomInit).toBe("keras");
    expect(() => checkProtocol(dir, existing, protocol)).not.toThrow();
    const torch: ExperimentProtocol = { ...protocol, preset: resolveExperimentPreset({ randomInit: "torch" }) };
    expect(() => checkProtocol(dir, existing, torch)).toThrow(/another protocol \(different preset\)/);
  });

  it("torch reaches random trunks and the head of pretrained starts; keras is unchanged", async () => {
    const torchPreset = resolveExperimentPreset({ randomInit: "torch" });
    const random = await createRunStart(1, { definition: PAPER_MODELS[0], preset: torchPreset, outDir: root, kappa, transform });
    expect(random.model.trunk.params.scheme).toBe("torch");
    expect(random.model.headParams.scheme).toBe("torch");
    const keras = await createRunStart(1, { definition: PAPER_MODELS[0], preset: resolveExperimentPreset(), outDir: root, kappa, transform });
    expect(keras.model.trunk.params.scheme).toBe("keras");
    expect(Array.from(keras.model.headParams.get("head.0.bias").dataSync()).every((v) => v === 0)).toBe(true);

    const trunkConfig = randomTrunkConfig("megnet-keras");
    const source = new MEGNet(trunkConfig, { seed: 3 });
    const pretrained = { config: trunkConfig, weights: source.getWeights(), id: "test/pretrained" };
    const fe = PAPER_MODELS[1];
    expect(fe.init.kind).toBe("pretrained");
    const start = await createRunStart(1, { definition: fe, preset: torchPreset, outDir: root, kappa, transform, pretrained });
    expect(start.model.headParams.scheme).toBe("torch");
    expect(Array.from(start.model.headParams.get("head.0.bias").dataSync()).every((v) => v !== 0)).toBe(true);
    // the trunk still takes the pretrained weights
    expect(start.model.trunk.params.get("embedding").dataSync()).toEqual(source.params.get("embedding").dataSync());
    for (const m of [random.model, keras.model, start.model, source]) m.dispose();
  });
});
