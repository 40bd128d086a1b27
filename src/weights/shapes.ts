/**
 * The canonical weight names and shapes implied by a {@link MEGNetConfig} (see `models/config.ts`),
 * used to validate imported and loaded weight maps.
 */
import { WeightsError } from "../core/errors.js";
import { type MEGNetConfig, set2setProjects, type WeightMap } from "../models/config.js";

/** Name → expected shape, in a stable canonical order. */
export type ShapeSpec = ReadonlyMap<string, readonly number[]>;

function addDenseStack(spec: Map<string, number[]>, prefix: string, inputSize: number, units: readonly number[]): number {
  let size = inputSize;
  units.forEach((out, i) => {
    spec.set(`${prefix}.${i}.kernel`, [size, out]);
    spec.set(`${prefix}.${i}.bias`, [out]);
    size = out;
  });
  return size;
}

const last = (units: readonly number[], fallback: number): number => (units.length > 0 ? units[units.length - 1] : fallback);

/** Expected shape of every weight of a MEGNet trunk + readout with this config. */
export function megnetWeightShapes(config: MEGNetConfig): ShapeSpec {
  const spec = new Map<string, number[]>();
  spec.set("embedding", [config.nAtomTypes, config.embeddingDim]);
  const bondDim = config.graph.centers.length;
  const atomWidth = addDenseStack(spec, "preblock.atom", config.embeddingDim, config.preblockUnits);
  const bondWidth = addDenseStack(spec, "preblock.bond", bondDim, config.preblockUnits);
  const stateWidth = addDenseStack(spec, "preblock.state", config.stateDim, config.preblockUnits);
  // Residual sums keep each stream's width fixed across blocks.
  const { edge, node, state } = config.megnetUnits;
  for (let b = 0; b < config.nBlocks; b++) {
    let [a, e, s] = [atomWidth, bondWidth, stateWidth];
    if (b > 0) {
      a = addDenseStack(spec, `block${b}.ff.atom`, atomWidth, config.blockFFUnits);
      e = addDenseStack(spec, `block${b}.ff.bond`, bondWidth, config.blockFFUnits);
      s = addDenseStack(spec, `block${b}.ff.state`, stateWidth, config.blockFFUnits);
    }
    const edgeOut = addDenseStack(spec, `block${b}.phi_e`, 2 * a + e + s, edge);
    const nodeOut = addDenseStack(spec, `block${b}.phi_v`, edgeOut + a + s, node);
    addDenseStack(spec, `block${b}.phi_u`, edgeOut + nodeOut + s, state);
  }
  const h = config.set2set.nHidden;
  for (const stream of ["atom", "bond"] as const) {
    const width = stream === "atom" ? last(node, atomWidth) : last(edge, bondWidth);
    if (set2setProjects(config)) {
      spec.set(`set2set.${stream}.x_to_m.kernel`, [width, h]);
      spec.set(`set2set.${stream}.x_to_m.bias`, [h]);
    }
    spec.set(`set2set.${stream}.recurrent.kernel`, [2 * h, 4 * h]);
    spec.set(`set2set.${stream}.recurrent.bias`, [4 * h]);
  }
  addDenseStack(spec, "readout", 4 * h + last(state, stateWidth), config.readoutUnits);
  return spec;
}

/** Internal consistency of a config (residual widths must match), as a list of problems. */
export function configProblems(config: MEGNetConfig): string[] {
  const problems: string[] = [];
  const width = last(config.preblockUnits, -1);
  const { edge, node, state } = config.megnetUnits;
  for (const [label, units] of [["edge", edge], ["node", node], ["state", state]] as const) {
    if (config.nBlocks > 0 && last(units, -1) !== width) {
      problems.push(`MEGNet ${label} output ${last(units, -1)} differs from the pre-block width ${width} (residual sums need equal widths)`);
    }
  }
  if (config.nBlocks > 1 && config.blockFFUnits.length === 0) problems.push("blocks after the first need feed-forward units");
  if (config.graph.centers.length === 0) problems.push("graph.centers is empty");
  if (!set2setProjects(config) && config.set2set.nHidden !== last(node, width)) {
    problems.push(`a Set2Set without projection attends over the ${last(node, width)}-wide features: nHidden must be ${last(node, width)}, got ${config.set2set.nHidden}`);
  }
  return problems;
}

export function shapeToString(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * Throw a {@link WeightsError} unless `weights` holds exactly the names of `spec` with matching
 * shapes and data lengths. `where(name)` describes the weight's origin for messages.
 */
export function validateWeights(weights: WeightMap, spec: ShapeSpec, context: string, where: (name: string) => string = (n) => n): void {
  for (const [name, expected] of spec) {
    const found = weights.get(name);
    if (found === undefined) throw new WeightsError(`${context}: missing weight ${where(name)} (expected shape ${shapeToString(expected)})`);
    if (!sameShape(found.shape, expected)) {
      throw new WeightsError(`${context}: ${where(name)}: expected shape ${shapeToString(expected)}, found ${shapeToString(found.shape)}`);
    }
    const size = expected.reduce((p, d) => p * d, 1);
    if (found.data.length !== size) throw new WeightsError(`${context}: ${where(name)}: shape ${shapeToString(expected)} needs ${size} values, found ${found.data.length}`);
  }
  for (const name of weights.keys()) {
    if (!spec.has(name)) throw new WeightsError(`${context}: unexpected weight ${where(name)} not in the architecture`);
  }
}

/** Total number of scalar parameters in a weight map. */
export function countParameters(weights: WeightMap): number {
  let total = 0;
  for (const w of weights.values()) total += w.data.length;
  return total;
}
