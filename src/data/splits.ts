/**
 * Seeded train/validation splits, identical on every machine (mulberry32 stream + Fisher–Yates,
 * see `core/prng.ts`). The paper's protocol: 9 runs, each with its own 80/20 split. The authors
 * call dgl's `split_dataset(frac_list=[0.8, 0.2], shuffle=True, random_state=run)`, a NumPy
 * permutation: our indices cannot equal theirs, only the protocol is the same (docs/datasets.md).
 */
import { createRng, permutation } from "../core/prng.js";

/** One run's split: indices into the dataset, in shuffled order. */
export interface Split {
  /** 1-based run number. */
  readonly run: number;
  /** The seed of this run's stream (see {@link runSeed}). */
  readonly seed: number;
  readonly train: Int32Array;
  readonly val: Int32Array;
}

/**
 * How the train size is rounded: `round` = Math.round(f·n) (default), `floor` = ⌊f·n⌋ as dgl's
 * `split_dataset` (NumPy `astype(int)`). They differ only when the fractional part is ≥ 0.5,
 * e.g. n = 3286: 2629 vs 2628.
 */
export type TrainSizeRule = "round" | "floor";

export interface SplitOptions {
  /** Number of runs (default 9). */
  readonly runs?: number;
  /** Fraction of the data in the train split (default 0.8). */
  readonly trainFraction?: number;
  /** Global seed (default 42). */
  readonly seed?: number;
  readonly trainSizeRule?: TrainSizeRule;
}

/**
 * The seed of run `run`: `seed * 1000 + run` (42001…42009 by default). Readable in the run
 * outputs, distinct for every run, and with global seed 0 it is the run number itself, which is
 * what the authors pass to dgl (`random_state = run`).
 */
export function runSeed(seed: number, run: number): number {
  return seed * 1000 + run;
}

/** Train size for `n` items: at least 1 and at most n − 1 items on each side. */
export function trainSize(n: number, trainFraction = 0.8, rule: TrainSizeRule = "round"): number {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`need at least 2 items to split, got ${n}`);
  if (!(trainFraction > 0 && trainFraction < 1)) throw new RangeError(`trainFraction must be in (0, 1), got ${trainFraction}`);
  const raw = rule === "floor" ? Math.floor(trainFraction * n) : Math.round(trainFraction * n);
  return Math.min(n - 1, Math.max(1, raw));
}

/** One split of 0..n-1 drawn from the stream seeded by `seed`: first `nTrain` of a permutation → train. */
export function splitWithSeed(n: number, nTrain: number, seed: number): { train: Int32Array; val: Int32Array } {
  const order = permutation(n, createRng(seed));
  return { train: order.slice(0, nTrain), val: order.slice(nTrain) };
}

/**
 * `runs` random train/validation splits of `n` items. Run r (1-based) shuffles 0..n-1 with the
 * stream seeded by {@link runSeed}(seed, r) and puts the first `trainSize(n)` indices in train, the
 * rest in validation, so validation size = n − round(0.8 n) by default (19 for n = 95).
 */
export function randomSplits(n: number, options: SplitOptions = {}): Split[] {
  const runs = options.runs ?? 9;
  const seed = options.seed ?? 42;
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`runs must be a positive integer, got ${runs}`);
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  const nTrain = trainSize(n, options.trainFraction, options.trainSizeRule);
  return Array.from({ length: runs }, (_, i) => {
    const run = i + 1;
    const s = runSeed(seed, run);
    return { run, seed: s, ...splitWithSeed(n, nTrain, s) };
  });
}

/**
 * Splits of a dataset made of consecutive groups (the paper's MIX = Togo15 then HH143): every group
 * is split on its own with the run's seed, as the authors split Dataset1 and Dataset2 separately
 * and concatenate; indices are offset into the concatenation.
 */
export function randomGroupSplits(groupSizes: readonly number[], options: SplitOptions = {}): Split[] {
  if (groupSizes.length === 0) throw new RangeError("need at least one group");
  const perGroup = groupSizes.map((size) => randomSplits(size, options));
  const offsets = groupSizes.map((_, g) => groupSizes.slice(0, g).reduce((a, b) => a + b, 0));
  return perGroup[0].map((first, r) => {
    const concat = (pick: (s: Split) => Int32Array): Int32Array => {
      const parts = perGroup.map((splits, g) => pick(splits[r]).map((i) => i + offsets[g]));
      const out = new Int32Array(parts.reduce((a, p) => a + p.length, 0));
      let at = 0;
      for (const p of parts) {
        out.set(p, at);
        at += p.length;
      }
      return out;
    };
    return { run: first.run, seed: first.seed, train: concat((s) => s.train), val: concat((s) => s.val) };
  });
}

/** JSON form written with each run's output: plain number arrays. */
export interface SplitJSON {
  readonly run: number;
  readonly seed: number;
  readonly train: readonly number[];
  readonly val: readonly number[];
}

export function splitToJSON(split: Split): SplitJSON {
  return { run: split.run, seed: split.seed, train: Array.from(split.train), val: Array.from(split.val) };
}

export function splitFromJSON(json: SplitJSON): Split {
  return { run: json.run, seed: json.seed, train: Int32Array.from(json.train), val: Int32Array.from(json.val) };
}
