/**
 * Import a pretrained megnet `MEGNetModel` saved by Keras 2 (full-model HDF5) plus its
 * `.hdf5.json` sidecar into a {@link MEGNetConfig} and a canonical {@link WeightMap}.
 * Layout: docs/weights.md (a summary of the megnet Keras HDF5 format).
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { ParaisiteError, WeightsError } from "../core/errors.js";
import type { MEGNetConfig, NamedWeight, WeightMap } from "../models/config.js";
import { sha256Hex } from "./checksum.js";
import { checkHdf5Header, isDataset, isGroup, loadH5wasm, openHdf5, stringAttr, stringListAttr, withHdf5Errors } from "./hdf5.js";
import { type KerasLayer, type MEGNetTopology, readMEGNetTopology } from "./keras-topology.js";
import { configProblems, megnetWeightShapes, validateWeights } from "./shapes.js";
import { type KerasSidecar, readSidecar } from "./sidecar.js";

/** Activation of the last readout layer: linear for regressors, sigmoid for megnet's classifiers. */
export type ReadoutActivation = "linear" | "sigmoid";

/**
 * A {@link MEGNetConfig} with the readout's final activation. Structurally a `MEGNetConfig`; models
 * that do not know `readoutActivation` must treat absence as "linear".
 */
export interface KerasMEGNetConfig extends MEGNetConfig {
  readonly readoutActivation: ReadoutActivation;
}

export interface KerasSource {
  /** Absolute path of the HDF5 file. */
  readonly path: string;
  readonly sidecarPath: string;
  readonly sha256: string;
  readonly kerasVersion: string;
  readonly backend?: string;
}

export interface KerasMEGNetImport {
  readonly config: KerasMEGNetConfig;
  readonly weights: WeightMap;
  readonly source: KerasSource;
  readonly sidecar: KerasSidecar;
}

export interface LoadKerasOptions {
  /** Defaults to `<path>.json` (megnet's convention, e.g. `formation_energy.hdf5.json`). */
  readonly sidecarPath?: string;
}

type H5Module = Awaited<ReturnType<typeof loadH5wasm>>;
type H5File = InstanceType<H5Module["File"]>;

function stringSetting(layer: KerasLayer, key: string): string | undefined {
  const v = layer.config[key];
  return typeof v === "string" ? v : undefined;
}

function intSetting(layer: KerasLayer, key: string, file: string): number {
  const v = layer.config[key];
  if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) throw new WeightsError(`${file}: layer ${layer.name}: setting '${key}' missing or not a positive integer`);
  return v;
}

function unitList(layer: KerasLayer, key: string, file: string): number[] {
  const v = layer.config[key];
  if (!Array.isArray(v) || !v.every((u) => Number.isInteger(u) && u > 0)) throw new WeightsError(`${file}: layer ${layer.name}: '${key}' is not a list of positive integers`);
  return v as number[];
}

const sameList = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/** Units of a Dense chain, checking every activation is softplus2 (megnet's sp2) except where allowed. */
function chainUnits(chain: readonly KerasLayer[], role: string, file: string): number[] {
  return chain.map((layer) => {
    const act = stringSetting(layer, "activation");
    if (act !== "softplus2") throw new WeightsError(`${file}: layer ${layer.name} (${role}): unsupported activation '${act}' (expected softplus2)`);
    return intSetting(layer, "units", file);
  });
}

function sharedUnits(lists: readonly number[][], role: string, file: string): number[] {
  for (const list of lists.slice(1)) {
    if (!sameList(list, lists[0])) throw new WeightsError(`${file}: ${role} have different sizes (${JSON.stringify(lists)}); MEGNetConfig needs them equal`);
  }
  return lists[0] ?? [];
}

function lastDim(layer: KerasLayer, file: string): number {
  const shape = layer.config.batch_input_shape;
  const dim = Array.isArray(shape) ? shape[shape.length - 1] : undefined;
  if (typeof dim !== "number") throw new WeightsError(`${file}: input ${layer.name} has no fixed feature size`);
  return dim;
}

/** Derive the config from the layer settings in `model_config` and the sidecar. */
function configFromTopology(topo: MEGNetTopology, sidecar: KerasSidecar, file: string): KerasMEGNetConfig {
  const preblockUnits = sharedUnits(
    [chainUnits(topo.preblock.atom, "pre-block atom", file), chainUnits(topo.preblock.bond, "pre-block bond", file), chainUnits(topo.preblock.state, "pre-block state", file)],
    "pre-block feed-forward nets",
    file,
  );
  const ffLists = topo.blocks.flatMap((b) => (b.ff ? [chainUnits(b.ff.atom, "block atom FF", file), chainUnits(b.ff.bond, "block bond FF", file), chainUnits(b.ff.state, "block state FF", file)] : []));
  const blockFFUnits = sharedUnits(ffLists, "block feed-forward nets", file);
  for (const { megnet } of topo.blocks) {
    const act = stringSetting(megnet, "activation");
    const pool = stringSetting(megnet, "pool_method") ?? "mean";
    if (act !== "softplus2" || pool !== "mean") throw new WeightsError(`${file}: layer ${megnet.name}: unsupported activation '${act}' / pool_method '${pool}' (expected softplus2 / mean)`);
  }
  const megnetUnits = {
    edge: sharedUnits(topo.blocks.map((b) => unitList(b.megnet, "units_e", file)), "MEGNet units_e", file),
    node: sharedUnits(topo.blocks.map((b) => unitList(b.megnet, "units_v", file)), "MEGNet units_v", file),
    state: sharedUnits(topo.blocks.map((b) => unitList(b.megnet, "units_u", file)), "MEGNet units_u", file),
  };
  const s2s = [topo.set2set.atom, topo.set2set.bond];
  for (const layer of s2s) {
    const rec = stringSetting(layer, "recurrent_activation");
    const lstm = stringSetting(layer, "activation_lstm");
    if (rec !== "hard_sigmoid" || lstm !== "tanh") throw new WeightsError(`${file}: layer ${layer.name}: unsupported LSTM activations ${rec}/${lstm} (expected hard_sigmoid/tanh)`);
  }
  const [steps, nHidden] = ["T", "n_hidden"].map((key) => {
    const values = s2s.map((layer) => intSetting(layer, key, file));
    if (values[0] !== values[1]) throw new WeightsError(`${file}: the two Set2Set layers differ in '${key}' (${values.join(" vs ")})`);
    return values[0];
  });
  const finalLayer = topo.readout[topo.readout.length - 1];
  const readoutActivation = stringSetting(finalLayer, "activation");
  if (readoutActivation !== "linear" && readoutActivation !== "sigmoid") {
    throw new WeightsError(`${file}: layer ${finalLayer.name} (last readout): unsupported activation '${readoutActivation}' (expected linear or sigmoid)`);
  }
  const readoutUnits = [...chainUnits(topo.readout.slice(0, -1), "readout", file), intSetting(finalLayer, "units", file)];
  const bondDim = lastDim(topo.bondInput, file);
  if (bondDim !== sidecar.centers.length) {
    throw new WeightsError(`${file}: bond input has ${bondDim} features but the sidecar lists ${sidecar.centers.length} Gaussian centres`);
  }
  const unit = sidecar.metadata.unit;
  const target = sidecar.metadata.name;
  const config: KerasMEGNetConfig = {
    nAtomTypes: intSetting(topo.embedding, "input_dim", file),
    embeddingDim: intSetting(topo.embedding, "output_dim", file),
    stateDim: lastDim(topo.stateInput, file),
    graph: { cutoff: sidecar.cutoff, centers: sidecar.centers, width: sidecar.width },
    preblockUnits,
    blockFFUnits,
    nBlocks: topo.blocks.length,
    megnetUnits,
    set2set: { steps, nHidden, variant: "megnet-keras" },
    readoutUnits,
    readoutActivation,
    ...(sidecar.targetScaler ? { targetScaler: sidecar.targetScaler } : {}),
    ...(typeof unit === "string" ? { unit } : {}),
    ...(typeof target === "string" ? { target } : {}),
  };
  const problems = configProblems(config);
  if (problems.length > 0) throw new WeightsError(`${file}: inconsistent architecture: ${problems.join("; ")}`);
  return config;
}

/** Canonical name → (Keras layer, short dataset name) for every weight of the topology. */
function weightPlan(topo: MEGNetTopology, config: MEGNetConfig): Map<string, { layer: string; dataset: string }> {
  const plan = new Map<string, { layer: string; dataset: string }>();
  const dense = (prefix: string, chain: readonly KerasLayer[]): void => {
    chain.forEach((layer, i) => {
      plan.set(`${prefix}.${i}.kernel`, { layer: layer.name, dataset: "kernel" });
      plan.set(`${prefix}.${i}.bias`, { layer: layer.name, dataset: "bias" });
    });
  };
  plan.set("embedding", { layer: topo.embedding.name, dataset: "embeddings" });
  for (const stream of ["atom", "bond", "state"] as const) dense(`preblock.${stream}`, topo.preblock[stream]);
  topo.blocks.forEach(({ ff, megnet }, b) => {
    if (ff) for (const stream of ["atom", "bond", "state"] as const) dense(`block${b}.ff.${stream}`, ff[stream]);
    for (const [phi, key] of [["e", "edge"], ["v", "node"], ["u", "state"]] as const) {
      config.megnetUnits[key].forEach((_, i) => {
        plan.set(`block${b}.phi_${phi}.${i}.kernel`, { layer: megnet.name, dataset: `weight_${phi}_${i}` });
        plan.set(`block${b}.phi_${phi}.${i}.bias`, { layer: megnet.name, dataset: `bias_${phi}_${i}` });
      });
    }
  });
  for (const stream of ["atom", "bond"] as const) {
    const layer = topo.set2set[stream].name;
    plan.set(`set2set.${stream}.x_to_m.kernel`, { layer, dataset: "x_to_m_weight" });
    plan.set(`set2set.${stream}.x_to_m.bias`, { layer, dataset: "x_to_m_bias" });
    plan.set(`set2set.${stream}.recurrent.kernel`, { layer, dataset: "recurrent_kernel" });
    plan.set(`set2set.${stream}.recurrent.bias`, { layer, dataset: "recurrent_bias" });
  }
  dense("readout", topo.readout);
  return plan;
}

/** Read one layer's datasets, keyed by short name (`kernel`, `weight_e_0`, …; the `:0` dropped). */
function readLayerWeights(h5: H5Module, file: H5File, layerName: string, path: string): Map<string, NamedWeight> {
  const group = file.get(`model_weights/${layerName}`);
  if (!isGroup(group, h5)) throw new WeightsError(`${path}: layer ${layerName}: no weight group model_weights/${layerName}`);
  const out = new Map<string, NamedWeight>();
  for (const weightName of stringListAttr(group, "weight_names", path)) {
    const dataset = group.get(weightName);
    if (!isDataset(dataset, h5)) throw new WeightsError(`${path}: layer ${layerName}: dataset ${weightName} is missing or unreadable (corrupt file?)`);
    const value = dataset.value;
    if (!(value instanceof Float32Array)) throw new WeightsError(`${path}: layer ${layerName}: dataset ${weightName} is not float32 (dtype ${String(dataset.dtype)})`);
    const shortName = (weightName.split("/").pop() ?? weightName).replace(/:\d+$/, "");
    out.set(shortName, { shape: Object.freeze([...(dataset.shape ?? [])]), data: value.slice() });
  }
  return out;
}

/** The innermost HDF5 diagnostic ("in H5Xfoo(): reason") of an h5wasm error, or its first line. */
function hdf5Reason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const reasons = [...message.matchAll(/ in (\w+\(\)): (.*)$/gm)];
  const last = reasons[reasons.length - 1];
  return last ? `${last[1]}: ${last[2].trim()}` : (message.split("\n")[0] ?? message);
}

interface RawKerasModel {
  readonly config: KerasMEGNetConfig;
  readonly weights: Map<string, NamedWeight>;
  readonly kerasVersion: string;
  readonly backend?: string;
}

/** Everything that touches h5wasm, in one synchronous block (see {@link withHdf5Errors}). */
function readKerasModel(h5: H5Module, path: string, sidecar: KerasSidecar): RawKerasModel {
  const file = openHdf5(h5, path);
  try {
    const modelConfig = stringAttr(file, "model_config", path);
    const kerasVersion = stringAttr(file, "keras_version", path);
    const backend = file.attrs.backend?.value;
    const topology = readMEGNetTopology(modelConfig, path);
    const config = configFromTopology(topology, sidecar, path);
    const plan = weightPlan(topology, config);
    const layerCache = new Map<string, Map<string, NamedWeight>>();
    const weights = new Map<string, NamedWeight>();
    for (const [name, { layer, dataset }] of plan) {
      let layerWeights = layerCache.get(layer);
      if (layerWeights === undefined) {
        layerWeights = readLayerWeights(h5, file, layer, path);
        layerCache.set(layer, layerWeights);
      }
      const weight = layerWeights.get(dataset);
      if (weight === undefined) throw new WeightsError(`${path}: layer ${layer} (${name}): no dataset '${dataset}' in weight_names`);
      weights.set(name, weight);
    }
    validateWeights(weights, megnetWeightShapes(config), path, (name) => `layer ${plan.get(name)?.layer ?? "?"} (${name})`);
    return { config, weights, kerasVersion, ...(typeof backend === "string" ? { backend } : {}) };
  } finally {
    try {
      file.close();
    } catch {
      // A damaged file may fail to close; the original error is the useful one.
    }
  }
}

/**
 * Load a megnet Keras HDF5 model and its sidecar. Every layer role is identified from the
 * `model_config` topology, and every weight shape is checked against the derived config.
 * @throws WeightsError on a missing, truncated or corrupt file, or an unexpected architecture.
 */
export async function loadKerasMEGNet(path: string, options: LoadKerasOptions = {}): Promise<KerasMEGNetImport> {
  const absolute = resolve(path);
  const sidecarPath = resolve(options.sidecarPath ?? `${absolute}.json`);
  checkHdf5Header(absolute);
  const sidecar = await readSidecar(sidecarPath);
  const bytes = await readFile(absolute);
  const h5 = await loadH5wasm();
  let raw: RawKerasModel;
  try {
    raw = withHdf5Errors(h5, () => readKerasModel(h5, absolute, sidecar));
  } catch (err) {
    // h5wasm throws plain errors on damaged metadata: report them as a bad weight file.
    if (err instanceof ParaisiteError) throw err;
    throw new WeightsError(`${absolute}: corrupt or unreadable HDF5 file (${hdf5Reason(err)})`);
  }
  const { config, weights, kerasVersion, backend } = raw;
  return {
    config,
    weights,
    source: { path: absolute, sidecarPath, sha256: sha256Hex(bytes), kerasVersion, ...(backend !== undefined ? { backend } : {}) },
    sidecar,
  };
}
