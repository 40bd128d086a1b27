/**
 * Predictions from graphs built by `buildCrystalGraph`: Li2O values, invariance under site
 * permutation, edge shuffling and a 2×2×2 supercell, and batched = single predictions.
 */
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRng, permutation } from "../../src/core/prng.js";
import { batchGraphs } from "../../src/graph/batch.js";
import { buildCrystalGraph } from "../../src/graph/build.js";
import type { CrystalGraph } from "../../src/graph/types.js";
import type { MEGNet } from "../../src/models/megnet.js";
import { BACKENDS, LI2O, loadPretrained, useBackend } from "./helpers.js";

interface Sites {
  lattice: number[][];
  fracCoords: number[];
  atomicNumbers: number[];
}

const li2o: Sites = { lattice: LI2O.lattice.map((r) => [...r]), fracCoords: [...LI2O.fracCoords], atomicNumbers: [...LI2O.atomicNumbers] };

function supercell(s: Sites, n: number): Sites {
  const frac: number[] = [];
  const z: number[] = [];
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++)
      for (let c = 0; c < n; c++)
        s.atomicNumbers.forEach((zi, i) => {
          frac.push((s.fracCoords[3 * i] + a) / n, (s.fracCoords[3 * i + 1] + b) / n, (s.fracCoords[3 * i + 2] + c) / n);
          z.push(zi);
        });
  return { lattice: s.lattice.map((row) => row.map((v) => v * n)), fracCoords: frac, atomicNumbers: z };
}

function permuteSites(s: Sites, seed: number): Sites {
  const p = permutation(s.atomicNumbers.length, createRng(seed));
  return {
    lattice: s.lattice,
    // a lattice translation of each site must not matter either
    fracCoords: Array.from(p).flatMap((i) => [s.fracCoords[3 * i] + 1, s.fracCoords[3 * i + 1] - 2, s.fracCoords[3 * i + 2]]),
    atomicNumbers: Array.from(p).map((i) => s.atomicNumbers[i]),
  };
}

/** Shuffle the edges (the model must not rely on their order). */
function shuffleEdges(g: CrystalGraph, seed: number): CrystalGraph {
  const p = permutation(g.nEdges, createRng(seed));
  const pick = <T extends Int32Array | Float64Array>(a: T, width = 1): T => {
    const out = new (a.constructor as new (n: number) => T)(a.length);
    p.forEach((from, to) => {
      for (let k = 0; k < width; k++) out[to * width + k] = a[from * width + k];
    });
    return out;
  };
  return { ...g, src: pick(g.src), dst: pick(g.dst), distances: pick(g.distances), images: pick(g.images, 3) };
}

/** A few distorted variants of Li2O and an elemental cell, to batch structures of different sizes. */
function variants(): Sites[] {
  const rng = createRng(7);
  const jitter = (s: Sites): Sites => ({ ...s, fracCoords: s.fracCoords.map((f) => f + (rng.next() - 0.5) * 0.04) });
  const cu: Sites = { lattice: [[0, 1.805, 1.805], [1.805, 0, 1.805], [1.805, 1.805, 0]], fracCoords: [0, 0, 0], atomicNumbers: [29] };
  return [li2o, jitter(li2o), cu, jitter(supercell(li2o, 2)), jitter(li2o)];
}

for (const backend of BACKENDS) {
  describe(`MEGNet invariances (${backend}, mp-2019.4.1)`, () => {
    let model: MEGNet;
    const graph = (s: Sites): CrystalGraph => buildCrystalGraph(s, { cutoff: model.config.graph.cutoff });
    const predictOne = (g: CrystalGraph): number => model.predict(batchGraphs([g]))[0];

    beforeAll(async () => {
      await useBackend(backend);
      model = await loadPretrained("mp-2019.4.1");
    });
    afterAll(() => model.dispose());

    it("predicts Li2O from a built graph (146 edges)", () => {
      const g = graph(li2o);
      expect(g.nEdges).toBe(146);
      expect(Math.abs(predictOne(g) - -2.0152957)).toBeLessThan(1e-5);
    });

    it("is invariant to site permutation, edge shuffling and a 2×2×2 supercell", () => {
      const base = predictOne(graph(li2o));
      expect(Math.abs(predictOne(graph(permuteSites(li2o, 3))) - base)).toBeLessThan(1e-5);
      expect(Math.abs(predictOne(shuffleEdges(graph(li2o), 11)) - base)).toBeLessThan(1e-5);
      const big = graph(supercell(li2o, 2));
      expect(big.nNodes).toBe(24);
      expect(Math.abs(predictOne(big) - base)).toBeLessThan(1e-5);
    });

    it("predicts a batch of N structures as N single predictions (1e-6)", () => {
      const graphs = variants().map(graph);
      const singles = graphs.map(predictOne);
      const before = tf.memory().numTensors;
      const batched = model.predict(batchGraphs(graphs));
      expect(tf.memory().numTensors).toBe(before);
      expect(batched.length).toBe(graphs.length);
      for (const [i, v] of batched.entries()) expect(Math.abs(v - singles[i])).toBeLessThan(1e-6);
      // the variants are really different structures
      expect(new Set(singles.map((v) => v.toFixed(4))).size).toBeGreaterThan(2);
    });
  });
}
