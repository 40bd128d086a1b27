import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  randomGroupSplits,
  randomSplits,
  runSeed,
  type SplitJSON,
  splitFromJSON,
  splitToJSON,
  trainSize,
} from "../../src/data/index.js";
import { fixturesDir } from "../helpers/paths.js";

/** Written by scripts/fixtures/data_splits.py, an independent Python port of the PRNG and split. */
const oracle = JSON.parse(readFileSync(join(fixturesDir(), "data/splits.json"), "utf8")) as Record<string, SplitJSON[]>;

const sorted = (a: Int32Array): number[] => Array.from(a).sort((x, y) => x - y);

describe("randomSplits", () => {
  it("pins run 1 of Togo15 (n = 95, seed 42): exact indices", () => {
    const run1 = randomSplits(95)[0];
    expect(run1.run).toBe(1);
    expect(run1.seed).toBe(42001);
    expect(Array.from(run1.val)).toEqual([48, 47, 75, 87, 84, 64, 43, 46, 49, 83, 76, 22, 8, 70, 10, 2, 21, 52, 23]);
    expect(Array.from(run1.train.slice(0, 10))).toEqual([86, 5, 14, 31, 38, 7, 62, 25, 89, 9]);
    expect(run1.train).toHaveLength(76);
  });

  it("equals an independent Python implementation of the same PRNG, for every run", () => {
    expect(randomSplits(95).map(splitToJSON)).toEqual(oracle["togo15_n95"]);
    expect(randomSplits(143, { runs: 2, seed: 7 }).map(splitToJSON)).toEqual(oracle["hh143_n143_seed7_runs2"]);
    expect(randomSplits(10, { runs: 3, trainFraction: 0.5, seed: 0 }).map(splitToJSON)).toEqual(
      oracle["n10_frac0.5_seed0"],
    );
  });

  it("gives 9 distinct, disjoint, covering 80/20 splits", () => {
    const splits = randomSplits(238);
    expect(splits.map((s) => s.run)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(splits.map((s) => s.seed)).toEqual([42001, 42002, 42003, 42004, 42005, 42006, 42007, 42008, 42009]);
    for (const s of splits) {
      expect(s.train).toHaveLength(190);
      expect(s.val).toHaveLength(48);
      expect([...sorted(s.train), ...sorted(s.val)].sort((a, b) => a - b)).toEqual(Array.from({ length: 238 }, (_, i) => i));
      expect(new Set([...s.train, ...s.val]).size).toBe(238);
    }
    expect(new Set(splits.map((s) => sorted(s.val).join(","))).size).toBe(9);
    // deterministic: same call, same indices
    expect(randomSplits(238).map(splitToJSON)).toEqual(splits.map(splitToJSON));
  });

  it("documents the rounding: round(0.8 n) by default, floor as dgl on request", () => {
    expect(trainSize(95)).toBe(76);
    expect(trainSize(143)).toBe(114);
    expect(trainSize(3286)).toBe(2629);
    expect(trainSize(3286, 0.8, "floor")).toBe(2628);
    expect(trainSize(5578)).toBe(4462);
    expect(trainSize(2)).toBe(1);
    expect(randomSplits(3286, { runs: 1, trainSizeRule: "floor" })[0].val).toHaveLength(658);
    expect(() => trainSize(1)).toThrow(RangeError);
    expect(() => trainSize(10, 1)).toThrow(RangeError);
    expect(runSeed(0, 3)).toBe(3);
  });

  it("splits MIX group by group with the run's seed, as the authors split Dataset1 and Dataset2", () => {
    const mix = randomGroupSplits([95, 143]);
    const d1 = randomSplits(95);
    const d2 = randomSplits(143);
    for (let r = 0; r < 9; r++) {
      expect(Array.from(mix[r].train)).toEqual([...d1[r].train, ...Array.from(d2[r].train, (i) => i + 95)]);
      expect(Array.from(mix[r].val)).toEqual([...d1[r].val, ...Array.from(d2[r].val, (i) => i + 95)]);
    }
    expect(mix[0].train).toHaveLength(76 + 114);
  });

  it("round-trips through JSON", () => {
    const s = randomSplits(20, { runs: 1 })[0];
    const back = splitFromJSON(JSON.parse(JSON.stringify(splitToJSON(s))) as SplitJSON);
    expect(back).toEqual(s);
    expect(back.train).toBeInstanceOf(Int32Array);
  });
});
