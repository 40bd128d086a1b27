/** The importer rejects missing, damaged and wrong-architecture files with a clear WeightsError. */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { WeightsError } from "../../src/core/errors.js";
import { loadKerasMEGNet } from "../../src/weights/index.js";
import { weightsDir } from "../helpers/paths.js";

const ORIGINAL = resolve(weightsDir(), "megnet/mp-2018.6.1/formation_energy.hdf5");
const SIDECAR = `${ORIGINAL}.json`;
const tmp = mkdtempSync(join(tmpdir(), "paraisite-weights-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface LayerJson {
  name: string;
  class_name: string;
  config: Record<string, unknown>;
  inbound_nodes: unknown[][][];
}

/** A writable copy of the 2018 formation-energy model (with its sidecar) under a new name. */
function copyModel(name: string): string {
  const path = join(tmp, `${name}.hdf5`);
  copyFileSync(ORIGINAL, path);
  copyFileSync(SIDECAR, `${path}.json`);
  return path;
}

/** Rewrite the model_config attribute (or a layer's weight_names) of a copy with h5wasm. */
async function edit(path: string, change: (layers: LayerJson[]) => void, weightNames?: { layer: string; names: string[] }): Promise<void> {
  const h5wasm = await import("h5wasm/node");
  await h5wasm.ready;
  const file = new h5wasm.File(path, "a");
  const config = JSON.parse(String(file.attrs.model_config.value)) as { config: { layers: LayerJson[] } };
  change(config.config.layers);
  file.delete_attribute("model_config");
  file.create_attribute("model_config", JSON.stringify(config));
  if (weightNames) {
    const group = file.get(`model_weights/${weightNames.layer}`) as InstanceType<typeof h5wasm.Group>;
    group.delete_attribute("weight_names");
    group.create_attribute("weight_names", weightNames.names);
  }
  file.close();
}

async function loadError(path: string, sidecarPath?: string): Promise<WeightsError> {
  const err = await loadKerasMEGNet(path, sidecarPath ? { sidecarPath } : {}).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WeightsError);
  return err as WeightsError;
}

describe("loadKerasMEGNet errors", () => {
  it("missing file", async () => {
    const err = await loadError(join(tmp, "nope.hdf5"));
    expect(err.message).toContain("nope.hdf5: file not found");
  });

  it("not an HDF5 file", async () => {
    const path = join(tmp, "garbage.hdf5");
    writeFileSync(path, "this is not hdf5 at all, just some text to fill the header area ...");
    expect((await loadError(path)).message).toMatch(/garbage\.hdf5: not an HDF5 file/);
  });

  it("truncated file names both sizes", async () => {
    const path = join(tmp, "truncated.hdf5");
    writeFileSync(path, readFileSync(ORIGINAL).subarray(0, 300_000));
    const err = await loadError(path, SIDECAR);
    expect(err.message).toContain("truncated.hdf5: truncated HDF5 file (300000 bytes on disk, the file records 820992)");
  });

  it("damaged metadata inside the file", async () => {
    const path = join(tmp, "damaged.hdf5");
    const bytes = readFileSync(ORIGINAL);
    bytes.fill(0, 800, 30_000);
    writeFileSync(path, bytes);
    expect((await loadError(path, SIDECAR)).message).toMatch(/damaged\.hdf5: corrupt or unreadable HDF5 file/);
  });

  it("a layer size that does not match the stored kernel", async () => {
    const path = copyModel("wider");
    await edit(path, (layers) => {
      for (const l of layers.filter((x) => x.class_name === "MEGNetLayer")) l.config.units_e = [64, 48, 32];
    });
    const err = await loadError(path);
    expect(err.message).toContain("wider.hdf5: layer meg_net_layer_1 (block0.phi_e.1.kernel): expected shape [64, 48], found [64, 64]");
  });

  it("pre-block nets of different sizes cannot be represented", async () => {
    const path = copyModel("uneven");
    await edit(path, (layers) => {
      layers.find((l) => l.name === "dense_1")!.config.units = 48;
    });
    expect((await loadError(path)).message).toContain("pre-block feed-forward nets have different sizes ([[48,32],[64,32],[64,32]])");
  });

  it("a readout that is not [atoms, bonds, state]", async () => {
    const path = copyModel("swapped");
    await edit(path, (layers) => {
      const concat = layers.find((l) => l.class_name === "Concatenate")!;
      const [a, b, c] = concat.inbound_nodes[0];
      concat.inbound_nodes[0] = [b, a, c];
    });
    expect((await loadError(path)).message).toMatch(/swapped\.hdf5: not a megnet MEGNetModel layout: .*must join \[atoms, bonds, state\]/);
  });

  it("an unsupported activation", async () => {
    const path = copyModel("relu");
    await edit(path, (layers) => {
      layers.find((l) => l.name === "dense_20")!.config.activation = "relu";
    });
    expect((await loadError(path)).message).toContain("layer dense_20 (readout): unsupported activation 'relu'");
  });

  it("a layer missing one of its datasets", async () => {
    const path = copyModel("nobias");
    await edit(path, () => {}, { layer: "dense_19", names: ["dense_19/kernel:0"] });
    expect((await loadError(path)).message).toContain("nobias.hdf5: layer dense_19 (readout.0.bias): no dataset 'bias'");
  });

  it("a model that is not a MEGNet (plain Dense stack)", async () => {
    const path = copyModel("mlp");
    await edit(path, (layers) => {
      const out = layers.find((l) => l.name === "dense_21")!;
      out.inbound_nodes = [[["input_3", 0, 0, {}]]];
    });
    expect((await loadError(path)).message).toMatch(/mlp\.hdf5: not a megnet MEGNetModel layout: readout input should be a Concatenate, found input_3/);
  });

  it("missing, invalid and inconsistent sidecars", async () => {
    const path = copyModel("sidecars");
    rmSync(`${path}.json`);
    expect((await loadError(path)).message).toContain("sidecars.hdf5.json: sidecar file not found");
    writeFileSync(`${path}.json`, "{ not json");
    expect((await loadError(path)).message).toMatch(/sidecars\.hdf5\.json: invalid JSON/);
    const sidecar = JSON.parse(readFileSync(SIDECAR, "utf8"));
    sidecar.graph_converter.bond_converter.centers.data = sidecar.graph_converter.bond_converter.centers.data.slice(0, 50);
    writeFileSync(`${path}.json`, JSON.stringify(sidecar));
    expect((await loadError(path)).message).toContain("bond input has 100 features but the sidecar lists 50 Gaussian centres");
    sidecar.graph_converter.bond_converter.centers.data = [0, 1];
    sidecar.target_scaler = { "@class": "MinMaxScaler" };
    writeFileSync(`${path}.json`, JSON.stringify(sidecar));
    expect((await loadError(path)).message).toContain("unsupported target_scaler class MinMaxScaler");
  });
});
