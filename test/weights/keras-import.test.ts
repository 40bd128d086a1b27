import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type KerasMEGNetImport, countParameters, loadKerasMEGNet, megnetWeightShapes } from "../../src/weights/index.js";
import { weightsDir } from "../helpers/paths.js";

const megnet = (file: string): string => resolve(weightsDir(), "megnet", file);

/** Every pretrained file with the settings read independently from its model_config / sidecar. */
const MODELS = [
  { file: "mp-2018.6.1/formation_energy.hdf5", steps: 3, cutoff: 4, maxCenter: 5, act: "linear", unit: "eV/atom", keras: "2.2.4" },
  { file: "mp-2018.6.1/band_gap_regression.hdf5", steps: 3, cutoff: 4, maxCenter: 5, act: "linear", keras: "2.2.4" },
  { file: "mp-2018.6.1/band_classification.hdf5", steps: 3, cutoff: 4, maxCenter: 5, act: "sigmoid", keras: "2.2.4" },
  { file: "mp-2018.6.1/log10K.hdf5", steps: 1, cutoff: 4, maxCenter: 5, act: "linear", unit: "log10(GPa)", keras: "2.2.4" },
  { file: "mp-2018.6.1/log10G.hdf5", steps: 1, cutoff: 4, maxCenter: 5, act: "linear", unit: "log10(GPa)", keras: "2.2.4" },
  { file: "mp-2019.4.1/formation_energy.hdf5", steps: 2, cutoff: 5, maxCenter: 6, act: "linear", unit: "eV/atom", keras: "2.2.4" },
  { file: "mp-2019.4.1/efermi.hdf5", steps: 2, cutoff: 5, maxCenter: 6, act: "linear", unit: "eV", keras: "2.2.4" },
  { file: "mp-2019.4.1/log10K.hdf5", steps: 3, cutoff: 4, maxCenter: 5, act: "linear", unit: "log10(GPa)", keras: "2.3.1" },
  { file: "mp-2019.4.1/log10G.hdf5", steps: 3, cutoff: 4, maxCenter: 5, act: "linear", unit: "log10(GPa)", keras: "2.3.1" },
] as const;

describe("loadKerasMEGNet on the nine pretrained megnet models", () => {
  const loaded = new Map<string, KerasMEGNetImport>();
  beforeAll(async () => {
    for (const m of MODELS) loaded.set(m.file, await loadKerasMEGNet(megnet(m.file)));
  });

  it.each(MODELS)("$file: architecture, graph settings and 167,761 parameters", (m) => {
    const { config, weights, source } = loaded.get(m.file)!;
    expect(countParameters(weights)).toBe(167_761);
    expect(weights.size).toBe(megnetWeightShapes(config).size);
    expect(config).toMatchObject({
      nAtomTypes: 95,
      embeddingDim: 16,
      stateDim: 2,
      preblockUnits: [64, 32],
      blockFFUnits: [64, 32],
      nBlocks: 3,
      megnetUnits: { edge: [64, 64, 32], node: [64, 64, 32], state: [64, 64, 32] },
      set2set: { steps: m.steps, nHidden: 16, variant: "megnet-keras" },
      readoutUnits: [32, 16, 1],
      readoutActivation: m.act,
    });
    expect(config.graph.cutoff).toBe(m.cutoff);
    expect(config.graph.width).toBe(0.5);
    expect(config.graph.centers).toHaveLength(100);
    expect(config.graph.centers[0]).toBe(0);
    expect(config.graph.centers[99]).toBe(m.maxCenter);
    if ("unit" in m) expect(config.unit).toBe(m.unit);
    expect(source.kerasVersion).toBe(m.keras);
    expect(source.path).toBe(megnet(m.file));
    expect(source.sidecarPath).toBe(`${megnet(m.file)}.json`);
  });

  it("reads the Fermi-energy StandardScaler and no scaler elsewhere", () => {
    expect(loaded.get("mp-2019.4.1/efermi.hdf5")!.config.targetScaler).toEqual({ mean: 2.9149992576640296, std: 2.7299421494308738, isIntensive: true });
    for (const m of MODELS.filter((x) => x.file !== "mp-2019.4.1/efermi.hdf5")) expect(loaded.get(m.file)!.config.targetScaler).toBeUndefined();
  });

  it("records the sha256 of the file (README value for the formation-energy models)", () => {
    expect(loaded.get("mp-2018.6.1/formation_energy.hdf5")!.source.sha256).toBe("82363f6ef74747f67bccd75fa0237dfaab5f0da519bf5f9cf8f4bcc11c53712b");
    expect(loaded.get("mp-2019.4.1/formation_energy.hdf5")!.source.sha256).toBe("51de7e372f9fdbd10a519c3fd3cbf6fcd1039cc58e092c85b0f4fef49964f57b");
  });

  it.each(MODELS)("$file: forget-gate slice of both Set2Set recurrent biases is exactly 1.0", (m) => {
    const { weights } = loaded.get(m.file)!;
    for (const stream of ["atom", "bond"]) {
      const bias = weights.get(`set2set.${stream}.recurrent.bias`)!;
      expect(bias.shape).toEqual([64]);
      expect(Array.from(bias.data.subarray(16, 32))).toEqual(new Array(16).fill(1));
      // The other gates did train.
      expect(Array.from(bias.data.subarray(0, 16)).some((v) => v !== 0 && v !== 1)).toBe(true);
    }
  });

  it("canonical shapes of the formation-energy model (spec §6 table)", () => {
    const { weights } = loaded.get("mp-2018.6.1/formation_energy.hdf5")!;
    const shape = (name: string): readonly number[] => weights.get(name)!.shape;
    expect(shape("embedding")).toEqual([95, 16]);
    expect(shape("preblock.atom.0.kernel")).toEqual([16, 64]);
    expect(shape("preblock.bond.0.kernel")).toEqual([100, 64]);
    expect(shape("preblock.state.0.kernel")).toEqual([2, 64]);
    expect(shape("preblock.state.1.bias")).toEqual([32]);
    expect(shape("block0.phi_e.0.kernel")).toEqual([128, 64]);
    expect(shape("block0.phi_v.0.kernel")).toEqual([96, 64]);
    expect(shape("block2.phi_u.2.kernel")).toEqual([64, 32]);
    expect(shape("block1.ff.bond.1.bias")).toEqual([32]);
    expect(shape("set2set.atom.x_to_m.kernel")).toEqual([32, 16]);
    expect(shape("set2set.bond.recurrent.kernel")).toEqual([32, 64]);
    expect(shape("readout.0.kernel")).toEqual([96, 32]);
    expect(shape("readout.2.kernel")).toEqual([16, 1]);
    expect(weights.has("block0.ff.atom.0.kernel")).toBe(false);
  });

  it("pins stored values: state pre-block biases are zero, embedding row 8 (O) starts 0.15198314", () => {
    for (const file of ["mp-2018.6.1/formation_energy.hdf5", "mp-2019.4.1/formation_energy.hdf5"]) {
      const { weights } = loaded.get(file)!;
      for (const name of ["preblock.state.0.bias", "preblock.state.1.bias"]) expect(weights.get(name)!.data.every((v) => v === 0)).toBe(true);
    }
    const emb = loaded.get("mp-2018.6.1/formation_energy.hdf5")!.weights.get("embedding")!;
    expect(emb.data[8 * 16]).toBe(Math.fround(0.1519831418991089));
    expect(emb.data[8 * 16 + 1]).toBe(Math.fround(0.36988699436187744));
  });
});
