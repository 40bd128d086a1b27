/**
 * Recover the roles of a megnet Keras model's layers from `model_config`. Keras 2 auto-names the
 * layers (`dense_7`, `meg_net_layer_2`…), so roles are read from the layer graph (`inbound_nodes`)
 * rather than from numbers: walk back from the output through readout → concatenate → Set2Set →
 * residual adds → MEGNet layers → feed-forward chains → embedding / inputs.
 */
import { WeightsError } from "../core/errors.js";

export interface TensorRef {
  readonly layer: string;
  readonly tensorIndex: number;
}

export interface KerasLayer {
  readonly name: string;
  readonly className: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly inputs: readonly TensorRef[];
}

export type Streams<T> = { readonly atom: T; readonly bond: T; readonly state: T };

export interface MEGNetBlockLayers {
  /** Feed-forward Dense chains applied before the MEGNet layer (absent for block 0). */
  readonly ff?: Streams<readonly KerasLayer[]>;
  readonly megnet: KerasLayer;
}

/** Every weight-bearing layer of a megnet model, by role. */
export interface MEGNetTopology {
  readonly atomInput: KerasLayer;
  readonly bondInput: KerasLayer;
  readonly stateInput: KerasLayer;
  readonly embedding: KerasLayer;
  readonly preblock: Streams<readonly KerasLayer[]>;
  readonly blocks: readonly MEGNetBlockLayers[];
  readonly set2set: { readonly atom: KerasLayer; readonly bond: KerasLayer };
  readonly readout: readonly KerasLayer[];
}

const STREAMS = ["atom", "bond", "state"] as const;
const MAX_CHAIN = 64;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseInbound(raw: unknown, layer: string, file: string): TensorRef[] {
  if (!Array.isArray(raw) || raw.length === 0) return [];
  const node = raw[0];
  if (!Array.isArray(node)) throw new WeightsError(`${file}: layer ${layer}: malformed inbound_nodes in model_config`);
  return node.map((entry: unknown) => {
    if (!Array.isArray(entry) || typeof entry[0] !== "string" || typeof entry[2] !== "number") {
      throw new WeightsError(`${file}: layer ${layer}: malformed inbound_nodes entry in model_config`);
    }
    return { layer: entry[0], tensorIndex: entry[2] };
  });
}

/** Parse the `model_config` JSON into layers keyed by name, plus the output layer's name. */
export function parseModelConfig(json: string, file: string): { layers: ReadonlyMap<string, KerasLayer>; output: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new WeightsError(`${file}: root attribute model_config is not valid JSON`);
  }
  const config = isRecord(parsed) ? parsed.config : undefined;
  if (!isRecord(config) || !Array.isArray(config.layers)) {
    throw new WeightsError(`${file}: model_config has no layer list (not a Keras functional model)`);
  }
  const layers = new Map<string, KerasLayer>();
  for (const raw of config.layers) {
    if (!isRecord(raw) || typeof raw.name !== "string" || typeof raw.class_name !== "string") {
      throw new WeightsError(`${file}: model_config has a layer without name/class_name`);
    }
    const layerConfig = isRecord(raw.config) ? raw.config : {};
    layers.set(raw.name, { name: raw.name, className: raw.class_name, config: layerConfig, inputs: parseInbound(raw.inbound_nodes, raw.name, file) });
  }
  const outputs = config.output_layers;
  const first = Array.isArray(outputs) ? outputs[0] : undefined;
  if (!Array.isArray(outputs) || outputs.length !== 1 || !Array.isArray(first) || typeof first[0] !== "string") {
    throw new WeightsError(`${file}: expected a model with exactly one output in model_config`);
  }
  return { layers, output: first[0] };
}

class TopologyReader {
  constructor(
    private readonly layers: ReadonlyMap<string, KerasLayer>,
    private readonly file: string,
  ) {}

  fail(message: string): never {
    throw new WeightsError(`${this.file}: not a megnet MEGNetModel layout: ${message}`);
  }

  get(name: string): KerasLayer {
    return this.layers.get(name) ?? this.fail(`layer ${name} is referenced but not defined`);
  }

  expectClass(layer: KerasLayer, className: string, role: string): KerasLayer {
    if (layer.className !== className) this.fail(`${role} should be a ${className}, found ${layer.name} (${layer.className})`);
    return layer;
  }

  /** Walk back through consecutive single-input Dense layers; returns the chain (input first) and where it starts. */
  denseChain(from: TensorRef): { chain: KerasLayer[]; origin: TensorRef } {
    const chain: KerasLayer[] = [];
    let ref = from;
    for (let guard = 0; guard < MAX_CHAIN; guard++) {
      const layer = this.get(ref.layer);
      if (layer.className !== "Dense") return { chain, origin: ref };
      if (layer.inputs.length !== 1) this.fail(`Dense layer ${layer.name} has ${layer.inputs.length} inputs`);
      chain.unshift(layer);
      ref = layer.inputs[0];
    }
    return this.fail("Dense chain too long (cycle?)");
  }

  /** The MEGNet layer and output index that a residual Add sums in. */
  residualSource(add: KerasLayer): { megnet: KerasLayer; tensorIndex: number; skip: TensorRef } {
    this.expectClass(add, "Add", `residual ${add.name}`);
    if (add.inputs.length !== 2) this.fail(`residual ${add.name} should have 2 inputs`);
    const idx = add.inputs.findIndex((ref) => this.get(ref.layer).className === "MEGNetLayer");
    if (idx < 0) this.fail(`residual ${add.name} does not add a MEGNetLayer output`);
    const ref = add.inputs[idx];
    return { megnet: this.get(ref.layer), tensorIndex: ref.tensorIndex, skip: add.inputs[1 - idx] };
  }

  /** Check that the Add consuming output `k` of `megnet` also adds the block input `skip` (the residual). */
  checkResidual(megnet: KerasLayer, tensorIndex: number, blockInput: TensorRef): void {
    for (const layer of this.layers.values()) {
      if (layer.className !== "Add") continue;
      const usesOutput = layer.inputs.some((r) => r.layer === megnet.name && r.tensorIndex === tensorIndex);
      if (!usesOutput) continue;
      const other = layer.inputs.find((r) => r.layer !== megnet.name);
      if (other?.layer === blockInput.layer && other.tensorIndex === blockInput.tensorIndex) return;
      this.fail(`residual ${layer.name} adds ${other?.layer} to ${megnet.name}, expected the block input ${blockInput.layer}`);
    }
    this.fail(`no residual Add for output ${tensorIndex} of ${megnet.name}`);
  }

  inputLayer(ref: TensorRef, role: string): KerasLayer {
    return this.expectClass(this.get(ref.layer), "InputLayer", role);
  }

  read(output: string): MEGNetTopology {
    const readoutChain = this.denseChain({ layer: output, tensorIndex: 0 });
    const readout = readoutChain.chain;
    if (readout.length === 0) this.fail(`output ${output} is not a Dense readout`);
    const concat = this.expectClass(this.get(readoutChain.origin.layer), "Concatenate", "readout input");
    if (concat.inputs.length !== 3) this.fail(`${concat.name} should join [Set2Set atoms, Set2Set bonds, state]`);
    const s2sAtom = this.expectClass(this.get(concat.inputs[0].layer), "Set2Set", `first input of ${concat.name}`);
    const s2sBond = this.expectClass(this.get(concat.inputs[1].layer), "Set2Set", `second input of ${concat.name}`);
    const stateSum = this.residualSource(this.get(concat.inputs[2].layer));
    const atomSum = this.residualSource(this.get(s2sAtom.inputs[0]?.layer ?? this.fail(`${s2sAtom.name} has no input`)));
    const bondSum = this.residualSource(this.get(s2sBond.inputs[0]?.layer ?? this.fail(`${s2sBond.name} has no input`)));
    if (atomSum.tensorIndex !== 0 || bondSum.tensorIndex !== 1 || stateSum.tensorIndex !== 2) {
      this.fail(`${concat.name} must join [atoms, bonds, state] in this order`);
    }
    const last = atomSum.megnet;
    if (bondSum.megnet !== last || stateSum.megnet !== last) this.fail("the readout does not read one final MEGNet layer");

    const blocks: MEGNetBlockLayers[] = [];
    let megnet = last;
    for (let guard = 0; guard < MAX_CHAIN; guard++) {
      this.expectClass(megnet, "MEGNetLayer", "block layer");
      if (megnet.inputs.length < 3) this.fail(`${megnet.name} should take atom, bond and state features`);
      const chains = STREAMS.map((_, k) => this.denseChain(megnet.inputs[k]));
      const origins = chains.map((c) => this.get(c.origin.layer));
      if (origins.every((o) => o.className === "Add")) {
        const sources = origins.map((o) => this.residualSource(o));
        const prev = sources[0].megnet;
        sources.forEach((s, k) => {
          if (s.megnet !== prev || s.tensorIndex !== k) this.fail(`feed-forward inputs of ${megnet.name} do not come from one previous block`);
          this.checkResidual(megnet, k, chains[k].origin);
        });
        blocks.unshift({ ff: { atom: chains[0].chain, bond: chains[1].chain, state: chains[2].chain }, megnet });
        megnet = prev;
        continue;
      }
      // First block: its inputs are the pre-block chains from the embedding and the raw inputs.
      chains.forEach((c, k) => {
        const end = c.chain.at(-1);
        this.checkResidual(megnet, k, end ? { layer: end.name, tensorIndex: 0 } : c.origin);
      });
      blocks.unshift({ megnet });
      const embedding = this.expectClass(origins[0], "Embedding", "origin of the atom features");
      const atomInput = this.inputLayer(embedding.inputs[0] ?? this.fail("embedding has no input"), "embedding input");
      return {
        atomInput,
        bondInput: this.inputLayer(chains[1].origin, "origin of the bond features"),
        stateInput: this.inputLayer(chains[2].origin, "origin of the state features"),
        embedding,
        preblock: { atom: chains[0].chain, bond: chains[1].chain, state: chains[2].chain },
        blocks,
        set2set: { atom: s2sAtom, bond: s2sBond },
        readout,
      };
    }
    return this.fail("too many blocks (cycle?)");
  }
}

/** Identify every layer's role in a megnet `MEGNetModel` from its Keras `model_config` JSON. */
export function readMEGNetTopology(modelConfigJson: string, file: string): MEGNetTopology {
  const { layers, output } = parseModelConfig(modelConfigJson, file);
  return new TopologyReader(layers, file).read(output);
}
