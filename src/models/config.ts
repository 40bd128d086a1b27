/**
 * MEGNet configuration and canonical weight names: the contract between the model
 * (`models/`), the Keras importer (`weights/`) and the save format.
 */

/** Activation of a hidden readout layer. */
export type ReadoutHiddenActivation = "softplus2" | "linear";

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
  /**
   * Set2Set readouts of atoms and bonds. `projection` (default true, megnet's Keras layer) maps the
   * members to `nHidden` with a dense layer (`x_to_m`) first; false attends over the features
   * themselves (dgl's Set2Set in matgl), which needs `nHidden` equal to their width.
   */
  readonly set2set: { readonly steps: number; readonly nHidden: number; readonly variant: Set2SetVariant; readonly projection?: boolean };
  /** Readout dense sizes after the [atom s2s | bond s2s | state] concatenation: [32, 16, 1]. */
  readonly readoutUnits: readonly number[];
  /** Activation of the last readout layer: "linear" (default, regressors) or "sigmoid" (megnet classifiers). */
  readonly readoutActivation?: "linear" | "sigmoid";
  /**
   * Activations of the hidden readout layers (all but the last), default softplus2 each. matgl's
   * MEGNet as the ParAIsite authors cut it leaves its 16-wide layer linear (`activate_last=False`).
   */
  readonly readoutHiddenActivations?: readonly ReadoutHiddenActivation[];
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

/** Activation of every readout layer of `config`, first to last. */
export function readoutActivations(config: MEGNetConfig): ("softplus2" | "linear" | "sigmoid")[] {
  const n = config.readoutUnits.length;
  const hidden = config.readoutHiddenActivations;
  if (hidden !== undefined && hidden.length !== n - 1) {
    throw new RangeError(`readoutHiddenActivations has ${hidden.length} entries for ${n - 1} hidden readout layers`);
  }
  return config.readoutUnits.map((_, i) => (i === n - 1 ? (config.readoutActivation ?? "linear") : (hidden?.[i] ?? "softplus2")));
}

/** Whether the Set2Set readouts project their members first (megnet's Keras layer; default). */
export function set2setProjects(config: MEGNetConfig): boolean {
  return config.set2set.projection !== false;
}

/**
 * The trunk the ParAIsite authors' code builds (`create_changed_megned_model` with matgl's MEGNet,
 * liudakl/ParAIsite custom_functions.py): 100 Gaussians exp(−0.5·Δ²) on 0–5 Å, i.e. our
 * exp(−Δ²/σ²) with σ = √2; Set2Set of dgl (standard LSTM over the 32-wide features, no projection),
 * `steps` iterations (their `niters_set2set` = 2); readout 160 → 32 (softplus2) → 16 (linear). The
 * final 16 → 1 layer completes the MEGNet shape and is not used by a ParAIsite head.
 */
export function matglTrunkConfig(steps = 2): MEGNetConfig {
  const centers = Array.from({ length: 100 }, (_, k) => (5 * k) / 99);
  const base = megnetDefaultConfig({ cutoff: 4, centers, width: Math.SQRT2 }, steps);
  return {
    ...base,
    set2set: { steps, nHidden: 32, variant: "standard", projection: false },
    readoutHiddenActivations: ["softplus2", "linear"],
  };
}
