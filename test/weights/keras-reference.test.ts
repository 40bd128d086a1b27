/**
 * The importer's name mapping checked against an independent numpy reference (shared
 * reference/megnet-li2o): recomputing stages from our canonical weights must reproduce its values.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { WeightMap } from "../../src/models/config.js";
import { loadKerasMEGNet } from "../../src/weights/index.js";
import { referenceDir, weightsDir } from "../helpers/paths.js";

type Matrix = number[][];
const sp2 = (x: number): number => Math.max(x, 0) + Math.log(0.5 * Math.exp(-Math.abs(x)) + 0.5);
const hardSigmoid = (x: number): number => Math.min(1, Math.max(0, 0.2 * x + 0.5));

function dense(weights: WeightMap, name: string, rows: Matrix, activation: (x: number) => number = sp2): Matrix {
  const k = weights.get(`${name}.kernel`)!;
  const b = weights.get(`${name}.bias`)!.data;
  const [nIn, nOut] = k.shape;
  return rows.map((row) => {
    expect(row).toHaveLength(nIn);
    return Array.from({ length: nOut }, (_, j) => {
      let s = b[j];
      for (let i = 0; i < nIn; i++) s += row[i] * k.data[i * nOut + j];
      return activation(s);
    });
  });
}

const mlp = (weights: WeightMap, prefix: string, rows: Matrix): Matrix =>
  dense(weights, `${prefix}.2`, dense(weights, `${prefix}.1`, dense(weights, `${prefix}.0`, rows)), (x) => x);

function set2set(weights: WeightMap, stream: string, x: Matrix, steps: number): number[] {
  const m = dense(weights, `set2set.${stream}.x_to_m`, x, (v) => v);
  const K = weights.get(`set2set.${stream}.recurrent.kernel`)!.data;
  const bias = weights.get(`set2set.${stream}.recurrent.bias`)!.data;
  let q = new Array(32).fill(0);
  for (let t = 0; t < steps; t++) {
    const z = Array.from({ length: 64 }, (_, j) => q.reduce((s, qi, i) => s + qi * K[i * 64 + j], bias[j]));
    const h = Array.from({ length: 16 }, (_, u) => hardSigmoid(z[48 + u]) * Math.tanh(hardSigmoid(z[u]) * Math.tanh(z[32 + u])));
    const e = m.map((row) => row.reduce((s, v, u) => s + v * h[u], 0));
    const max = Math.max(...e);
    const w = e.map((v) => Math.exp(v - max));
    const total = w.reduce((a, b) => a + b, 0);
    const r = Array.from({ length: 16 }, (_, u) => m.reduce((s, row, n) => s + (w[n] / total) * row[u], 0));
    q = [...h, ...r];
  }
  return q;
}

function expectClose(actual: Matrix | number[], expected: Matrix | number[], tol = 1e-9): void {
  const a = actual.flat();
  const b = expected.flat();
  expect(a).toHaveLength(b.length);
  const worst = a.reduce((w, v, i) => Math.max(w, Math.abs(v - b[i])), 0);
  expect(worst).toBeLessThanOrEqual(tol);
}

interface Stage {
  value: Matrix;
  atom_out: Matrix;
  bond_out: Matrix;
  state_out: Matrix;
  edge_mean_per_atom: Matrix;
  edge_mean_global: Matrix;
  atom_mean_global: Matrix;
}
interface Reference {
  atomic_numbers: number[];
  prediction: number[];
  edges_sorted_by_index1_index2_distance: { index1: number[]; index2: number[] };
  stages: Record<string, Stage & { value: Matrix | number[] }>;
}

describe.each([
  ["mp-2018.6.1", 3],
  ["mp-2019.4.1", 2],
])("Li2O reference stages recomputed from imported %s weights", (version, steps) => {
  it("embedding, pre-block, block-0 φ_e/φ_v/φ_u, block-1 FF, Set2Set and readout", async () => {
    const ref = JSON.parse(readFileSync(resolve(referenceDir(), `megnet-li2o/Li2O_${version}.json`), "utf8")) as Reference;
    const { weights, config } = await loadKerasMEGNet(resolve(weightsDir(), `megnet/${version}/formation_energy.hdf5`));
    expect(config.set2set.steps).toBe(steps);
    const st = ref.stages;
    const emb = weights.get("embedding")!.data;
    const atoms = ref.atomic_numbers.map((z) => Array.from(emb.subarray(z * 16, z * 16 + 16)));
    expectClose(atoms, st.atom_embedding.value as Matrix, 0);
    const a0 = dense(weights, "preblock.atom.1", dense(weights, "preblock.atom.0", atoms));
    expectClose(a0, st.preblock_atom_dense1.value as Matrix);
    const b0 = st.preblock_bond_dense1.value as Matrix;
    expectClose(dense(weights, "preblock.bond.1", st.preblock_bond_dense0.value as Matrix), b0);
    const s0 = dense(weights, "preblock.state.1", dense(weights, "preblock.state.0", [[0, 0]]));
    expectClose(s0, st.preblock_state_dense1.value as Matrix);

    const layer = st.block0_megnet_layer;
    const { index1, index2 } = ref.edges_sorted_by_index1_index2_distance;
    const edgeIn = b0.map((e, k) => [...a0[index1[k]], ...a0[index2[k]], ...e, ...s0[0]]);
    expectClose(mlp(weights, "block0.phi_e", edgeIn), layer.bond_out, 1e-8);
    const nodeIn = a0.map((v, i) => [...layer.edge_mean_per_atom[i], ...v, ...s0[0]]);
    expectClose(mlp(weights, "block0.phi_v", nodeIn), layer.atom_out, 1e-8);
    const stateIn = [[...layer.edge_mean_global[0], ...layer.atom_mean_global[0], ...s0[0]]];
    expectClose(mlp(weights, "block0.phi_u", stateIn), layer.state_out, 1e-8);

    const ffBond = dense(weights, "block1.ff.bond.1", dense(weights, "block1.ff.bond.0", st.block0_out_bond.value as Matrix));
    expectClose(ffBond, st.block1_ff_bond_dense1.value as Matrix, 1e-8);

    expectClose(set2set(weights, "atom", st.block2_out_atom.value as Matrix, steps), st.set2set_atom.value as number[], 1e-8);
    expectClose(set2set(weights, "bond", st.block2_out_bond.value as Matrix, steps), st.set2set_bond.value as number[], 1e-8);

    const concat = st.readout_concat.value as Matrix;
    const y = dense(weights, "readout.2", dense(weights, "readout.1", dense(weights, "readout.0", concat)), (v) => v);
    expect(y[0][0]).toBeCloseTo(ref.prediction[0], 9);
  });
});
