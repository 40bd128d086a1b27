/**
 * Nested, optionally grouped, seeded splits for held-out evaluation. Each outer split r holds out
 * ~20 % of the records; its training part is split again into inner train and inner validation
 * (~20 %), the validation choosing the checkpoint, so the held-out part is scored exactly once and
 * never chooses anything. With groups (e.g. reduced formulas) a group is never on both sides: no
 * compound (in any of its polymorphs) is both trained on and tested.
 */
import { createRng, permutation } from "../core/prng.js";
import { runSeed, trainSize } from "../data/splits.js";

export interface NestedSplit {
  /** 1-based outer run. */
  readonly run: number;
  /** Indices (into the candidate list) the model trains on. */
  readonly train: Int32Array;
  /** Indices that choose the checkpoint (from the outer training part). */
  readonly validation: Int32Array;
  /** Indices scored once, never seen in training or selection. */
  readonly test: Int32Array;
}

export interface NestedSplitOptions {
  readonly runs?: number;
  readonly seed?: number;
  /** Share held out per outer split (default 0.2). */
  readonly testFraction?: number;
  /** Share of the outer training part used for checkpoint selection (default 0.2). */
  readonly validationFraction?: number;
  /** Group key per item (same key → same side of every split). */
  readonly groups?: readonly string[];
}

/** Inner splits draw from another stream than the outer ones of the same run. */
export const INNER_SEED_OFFSET = 500_000;

/**
 * Another inner split of outer split `split` for ensemble member m ≥ 2: its training part
 * (train ∪ validation) divided again with a member-specific seed; the test part is untouched.
 */
export function memberSplit(split: NestedSplit, member: number, options: NestedSplitOptions = {}): NestedSplit {
  if (member === 1) return split;
  const seed = runSeed(options.seed ?? 42, split.run) + INNER_SEED_OFFSET + 7919 * member;
  const outerTrain = Int32Array.from([...split.train, ...split.validation]).sort();
  const inner = splitTwo(outerTrain, options.validationFraction ?? 0.2, seed, options.groups);
  return { run: split.run, train: inner.first, validation: inner.second, test: split.test };
}

/**
 * Split `items` into two parts, the second holding ~`fraction` of the items: ungrouped, exactly
 * n − trainSize(n) items; grouped, whole groups in a seeded order until the share is reached.
 */
export function splitTwo(items: Int32Array, fraction: number, seed: number, groups?: readonly string[]): { first: Int32Array; second: Int32Array } {
  const n = items.length;
  if (groups === undefined) {
    const order = permutation(n, createRng(seed));
    const nFirst = trainSize(n, 1 - fraction);
    return { first: Int32Array.from(order.subarray(0, nFirst), (k) => items[k]), second: Int32Array.from(order.subarray(nFirst), (k) => items[k]) };
  }
  const byGroup = new Map<string, number[]>();
  for (const item of items) {
    const key = groups[item];
    const members = byGroup.get(key);
    if (members === undefined) byGroup.set(key, [item]);
    else members.push(item);
  }
  // groups in first-appearance order, then shuffled: independent of Map internals
  const keys = [...byGroup.keys()];
  if (keys.length < 2) throw new RangeError(`need at least 2 groups to split, got ${keys.length}`);
  const order = permutation(keys.length, createRng(seed));
  const target = Math.max(1, Math.round(fraction * n));
  const second: number[] = [];
  const first: number[] = [];
  // whole groups in a seeded order: the held-out side fills up to its share (the last group may overshoot)
  for (const k of order) (second.length < target ? second : first).push(...(byGroup.get(keys[k]) ?? []));
  if (first.length === 0) throw new RangeError(`one group holds more than ${(100 * (1 - fraction)).toFixed(0)} % of the items; cannot split`);
  return { first: Int32Array.from(first), second: Int32Array.from(second) };
}

/** Outer test parts and inner train/validation parts for runs 1..runs over indices 0..n−1. */
export function nestedSplits(n: number, options: NestedSplitOptions = {}): NestedSplit[] {
  const runs = options.runs ?? 9;
  const seed = options.seed ?? 42;
  const testFraction = options.testFraction ?? 0.2;
  const validationFraction = options.validationFraction ?? 0.2;
  if (!Number.isInteger(n) || n < 4) throw new RangeError(`need at least 4 items for nested splits, got ${n}`);
  if (options.groups !== undefined && options.groups.length !== n) throw new RangeError(`${options.groups.length} group keys for ${n} items`);
  const all = Int32Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: runs }, (_, i) => {
    const run = i + 1;
    const outer = splitTwo(all, testFraction, runSeed(seed, run), options.groups);
    const inner = splitTwo(outer.first, validationFraction, runSeed(seed, run) + INNER_SEED_OFFSET, options.groups);
    return { run, train: inner.first, validation: inner.second, test: outer.second };
  });
}
