/**
 * MEGNet configuration and canonical weight names: the contract between the model
 * (`models/`), the Keras importer (`weights/`) and the save format.
 */

/** Set2Set readout variant: megnet's Keras one (hard_sigmoid, cell reset each step) or a standard LSTM. */
export type Set2SetVariant = "megnet-keras" | "standard";

/** Target scaler of a pretrained megnet model (sidecar `target_scaler`): pred = n·(y·std + mean). */
export interface TargetScalerConfig {
  readonly mean: number;
  readonly std: number;
  /** n = 1 when intensive, the number of atoms otherwise. */
  readonly isIntensive: boolean;
}

/** Everything that defines a MEGNet model's architecture and input featurisation. */
export interface MEGNetConfig {
  /** Rows of the atom embedding (95 for megnet: Z 0..94, row index = Z). */
  readonly nAtomTypes: number;
  readonly embeddingDim: number;
  /** Global state input size (2 for megnet). */
  readonly stateDim: number;
  /** Graph settings the weights were trained with. */
  readonly graph: {
    readonly cutoff: number;
    readonly centers: readonly number[];
    readonly width: number;
  };
  /** Hidden sizes of the pre-block feed-forward nets (atom, bond, state): [64, 32]. */
  readonly preblockUnits: readonly number[];
  /** Hidden sizes of the per-block feed-forward nets of blocks 1..nBlocks-1: [64, 32]. */
  readonly blockFFUnits: readonly number[];
  readonly nBlocks: number;
  /** φ_e, φ_v, φ_u MLP sizes (last layer linear): [64, 64, 32]. */
  readonly megnetUnits: { readonly edge: readonly number[]; readonly node: readonly number[]; readonly state: readonly number[] };
  readonly set2set: { readonly steps: number; readonly nHidden: number; readonly variant: Set2SetVariant };
  /** Readout dense sizes after the [atom s2s | bond s2s | state] concatenation: [32, 16, 1]. */
  readonly readoutUnits: readonly number[];
  /** Activation of the last readout layer: "linear" (default, regressors) or "sigmoid" (megnet classifiers). */
  readonly readoutActivation?: "linear" | "sigmoid";
  readonly targetScaler?: TargetScalerConfig;
  /** Unit of the output, e.g. "eV/atom". */
  readonly unit?: string;
  /** Free-form description of the target (e.g. "formation energy"). */
  readonly target?: string;
}

/**
 * Canonical weight names (each has a `.kernel` [in, out] and a `.bias` [out], except `embedding`):
 *
 * - `embedding` [nAtomTypes, embeddingDim]
 * - `preblock.{atom|bond|state}.{i}` for each of `preblockUnits`
 * - `block{b}.ff.{atom|bond|state}.{i}` for b = 1..nBlocks-1
 * - `block{b}.phi_{e|v|u}.{i}` for b = 0..nBlocks-1, i over `megnetUnits`
 * - `set2set.{atom|bond}.x_to_m` and `set2set.{atom|bond}.recurrent` (kernel [2·nHidden, 4·nHidden], gates i,f,g,o)
 * - `readout.{i}` for each of `readoutUnits`
 *
 * A head on top (ParAIsite) uses `head.{i}`.
 */
export interface NamedWeight {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** Name → weight, as produced by the importer and consumed by `MEGNet.setWeights`. */
export type WeightMap = ReadonlyMap<string, NamedWeight>;

/** The configuration of megnet's formation-energy models, with graph settings to fill in. */
export function megnetDefaultConfig(graph: MEGNetConfig["graph"], steps: number): MEGNetConfig {
  return {
    nAtomTypes: 95,
    embeddingDim: 16,
    stateDim: 2,
    graph,
    preblockUnits: [64, 32],
    blockFFUnits: [64, 32],
    nBlocks: 3,
    megnetUnits: { edge: [64, 64, 32], node: [64, 64, 32], state: [64, 64, 32] },
    set2set: { steps, nHidden: 16, variant: "megnet-keras" },
    readoutUnits: [32, 16, 1],
  };
}
