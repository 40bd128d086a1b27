/**
 * Named trainable parameters. Every layer registers its weights here under its canonical name
 * (`<layer>.kernel`, `<layer>.bias`, …) so a model's weights are one flat name → variable map.
 */
import type { Rng } from "../core/prng.js";
import * as tf from "@tensorflow/tfjs-core";

/**
 * How a weight is initialised when a model is created from scratch. `{ uniformBound: l }` is
 * U(−l, l); "standard-normal" is N(0, 1).
 */
export type Initializer = "glorot-uniform" | "zeros" | "ones" | "uniform-0.05" | "standard-normal" | { readonly uniformBound: number };

/**
 * Which framework's default initialisation layers use (consulted by Dense, Embedding, Set2Set):
 * - "keras" (default): Glorot-uniform kernels, zero biases, embeddings U(±0.05), Set2Set's
 *   recurrent bias zero except the forget block at 1 (megnet's Keras layers);
 * - "torch": `nn.Linear(in, out)` weight and bias U(±1/√in) (kaiming_uniform with a = √5 gives
 *   exactly 1/√fan_in), `nn.Embedding` N(0, 1), `nn.LSTM(hidden h)` every weight and bias
 *   U(±1/√h) (matgl and the authors' head use these defaults).
 */
export type InitScheme = "keras" | "torch";

export interface ParamStoreOptions {
  /** Initialisation scheme of the layers built into this store; default "keras". */
  readonly scheme?: InitScheme;
}

/** A flat collection of named variables. */
export class ParamStore {
  private readonly variables = new Map<string, tf.Variable>();
  readonly scheme: InitScheme;

  constructor(options: ParamStoreOptions = {}) {
    this.scheme = options.scheme ?? "keras";
    if (this.scheme !== "keras" && this.scheme !== "torch") throw new RangeError(`init scheme must be keras or torch, got ${String(this.scheme)}`);
  }

  /** Create the variable `name` with `shape`, initialised deterministically from `rng`. */
  add(name: string, shape: readonly number[], init: Initializer, rng: Rng): tf.Variable {
    if (this.variables.has(name)) throw new Error(`duplicate parameter name ${name}`);
    const data = initialValues(shape, init, rng);
    const v = tf.variable(tf.tensor(data, [...shape]), true, uniqueVariableName(name));
    this.variables.set(name, v);
    return v;
  }

  get(name: string): tf.Variable {
    const v = this.variables.get(name);
    if (v === undefined) throw new Error(`unknown parameter ${name}`);
    return v;
  }

  has(name: string): boolean {
    return this.variables.has(name);
  }

  /** Names in creation order (the model's layer order). */
  names(): string[] {
    return [...this.variables.keys()];
  }

  entries(): [string, tf.Variable][] {
    return [...this.variables.entries()];
  }

  /** Total number of scalars. */
  size(): number {
    let n = 0;
    for (const v of this.variables.values()) n += v.size;
    return n;
  }

  dispose(): void {
    for (const v of this.variables.values()) v.dispose();
    this.variables.clear();
  }
}

let variableCounter = 0;
// tfjs variable names are global; two models with the same weight names must not collide.
function uniqueVariableName(name: string): string {
  variableCounter += 1;
  return `paraisite/${variableCounter}/${name}`;
}

/**
 * Initial values. Glorot uniform: U(−l, l), l = √(6 / (fan_in + fan_out)) with fan_in = rows
 * and fan_out = columns of an [in, out] kernel (Keras' default for Dense); embeddings use
 * Keras' U(−0.05, 0.05); biases zeros. Bounded uniform and standard normal serve the torch scheme.
 */
export function initialValues(shape: readonly number[], init: Initializer, rng: Rng): Float32Array {
  const size = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(size);
  if (typeof init === "object") {
    const bound = init.uniformBound;
    if (!(bound >= 0 && Number.isFinite(bound))) throw new RangeError(`uniform bound must be finite and >= 0, got ${bound}`);
    for (let i = 0; i < size; i++) out[i] = (rng.next() * 2 - 1) * bound;
    return out;
  }
  switch (init) {
    case "zeros":
      return out;
    case "ones":
      return out.fill(1);
    case "standard-normal":
      for (let i = 0; i < size; i++) out[i] = rng.nextNormal();
      return out;
    case "uniform-0.05":
      for (let i = 0; i < size; i++) out[i] = (rng.next() * 2 - 1) * 0.05;
      return out;
    case "glorot-uniform": {
      const fanIn = shape.length >= 2 ? shape[0] : size;
      const fanOut = shape.length >= 2 ? shape[shape.length - 1] : size;
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      for (let i = 0; i < size; i++) out[i] = (rng.next() * 2 - 1) * limit;
      return out;
    }
  }
}
