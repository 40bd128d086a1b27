/** Shared helpers of the model tests: backends, the Li2O reference, graphs from the dump. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { selectBackend } from "../../src/backend/select.js";
import type { CrystalGraph } from "../../src/graph/types.js";
import { loadKerasMEGNet } from "../../src/weights/keras.js";
import { MEGNet } from "../../src/models/megnet.js";
import { referenceDir, weightsDir } from "../helpers/paths.js";

export const BACKENDS = ["wasm", "cpu"] as const;
export type TestBackend = (typeof BACKENDS)[number];

export async function useBackend(name: TestBackend): Promise<void> {
  await selectBackend({ backend: name });
  if (tf.getBackend() !== name) throw new Error(`backend ${name} not active`);
}

export type ModelName = "mp-2019.4.1" | "mp-2018.6.1";

export interface Li2OReference {
  readonly cutoff: number;
  readonly prediction: number;
  readonly atomic_numbers: number[];
  readonly edges_sorted_by_index1_index2_distance: { index1: number[]; index2: number[]; distance: number[] };
  readonly stages: Record<string, Record<string, unknown>>;
}

export function li2oReference(model: ModelName): Li2OReference {
  return JSON.parse(readFileSync(resolve(referenceDir(), "megnet-li2o", `Li2O_${model}.json`), "utf8")) as Li2OReference;
}

export function weightsPath(model: ModelName): string {
  return resolve(weightsDir(), "megnet", model, "formation_energy.hdf5");
}

export async function loadPretrained(model: ModelName): Promise<MEGNet> {
  const { config, weights } = await loadKerasMEGNet(weightsPath(model));
  return MEGNet.fromWeights(config, weights);
}

/** The Li2O graph exactly as listed in the reference dump (edge order = the dump's order). */
export function graphFromReference(ref: Li2OReference): CrystalGraph {
  const e = ref.edges_sorted_by_index1_index2_distance;
  const n = e.index1.length;
  return {
    nNodes: ref.atomic_numbers.length,
    nEdges: n,
    atomicNumbers: Int32Array.from(ref.atomic_numbers),
    src: Int32Array.from(e.index1),
    dst: Int32Array.from(e.index2),
    images: new Int32Array(3 * n),
    distances: Float64Array.from(e.distance),
    state: new Float32Array(2),
    cutoff: ref.cutoff,
  };
}

/** Pymatgen's Li2O test structure (3 sites O, Li, Li), as plain arrays. */
export const LI2O = {
  lattice: [
    [2.91738857, 0.09789437, 1.52000466],
    [0.96463406, 2.75503561, 1.52000466],
    [0.13320635, 0.09789443, 3.28691771],
  ],
  fracCoords: [0, 0, 0, 0.75017829, 0.75017829, 0.75017829, 0.24982171, 0.24982171, 0.24982171],
  atomicNumbers: [8, 3, 3],
} as const;

/** Flatten nested number arrays. */
export function flat(value: unknown): number[] {
  if (typeof value === "number") return [value];
  if (Array.isArray(value)) return value.flatMap(flat);
  throw new Error(`not numeric: ${JSON.stringify(value)?.slice(0, 80)}`);
}

/** Largest absolute difference. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}
