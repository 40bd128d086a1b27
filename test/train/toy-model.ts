/** A tiny model implementing TrainableModel: z = tanh(x·W1 + b1)·w2 + b2, on fixed features. */
import "@tensorflow/tfjs-backend-cpu";
import * as tf from "@tensorflow/tfjs-core";
import { createRng } from "../../src/core/prng.js";
import { Compose, Log10Plus1, Standardize, type TargetTransform } from "../../src/core/target-transform.js";
import type { NamedWeight, WeightMap } from "../../src/models/config.js";
import type { TrainableModel } from "../../src/train/model.js";

await tf.setBackend("cpu");

export interface ToyBatch {
  readonly x: tf.Tensor2D;
}

export interface ToyData {
  readonly features: Float32Array;
  readonly nFeatures: number;
  readonly targets: Float64Array;
  readonly transform: TargetTransform;
}

/** n items with `nFeatures` features and κ = 10^(a·x + noise) − 1 spread over decades. */
export function makeToyData(n: number, nFeatures = 3, seed = 7): ToyData {
  const rng = createRng(seed);
  const features = new Float32Array(n * nFeatures);
  const targets = new Float64Array(n);
  const coef = [0.8, -0.5, 0.3, 0.2, -0.1];
  for (let i = 0; i < n; i++) {
    let s = 1.2;
    for (let f = 0; f < nFeatures; f++) {
      const v = rng.nextNormal();
      features[i * nFeatures + f] = v;
      s += coef[f % coef.length] * v;
    }
    targets[i] = 10 ** (s + 0.05 * rng.nextNormal()) - 1;
  }
  const logs = Array.from(targets, (y) => Math.log10(y + 1));
  const transform = new Compose([Log10Plus1, Standardize.fit(logs)]);
  return { features, nFeatures, targets, transform };
}

/**
 * z = tanh(x·W1 + b1)·W2 + b2 as one op with a hand-written gradient: tfjs-core registers no op
 * gradients in Node, and the real model's layers carry their own gradients the same way.
 */
const toyOp = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, w1, b1, w2, b2] = args.slice(0, 5) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.Tensor2D, tf.Tensor1D];
  const save = args[5] as tf.GradSaveFunc;
  const h = tf.tanh(tf.add(tf.matMul(x, w1), b1));
  save([x, w1, w2, h]);
  return {
    value: tf.reshape(tf.add(tf.matMul(h, w2), b2), [-1]),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sx, sw1, sw2, sh] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
      const dz = tf.reshape(dy, [-1, 1]) as tf.Tensor2D;
      const da = tf.mul(tf.matMul(dz, sw2, false, true), tf.sub(1, tf.square(sh))) as tf.Tensor2D;
      return [tf.matMul(da, sw1, false, true), tf.matMul(sx, da, true, false), tf.sum(da, 0), tf.matMul(sh, dz, true, false), tf.sum(dz, 0)];
    },
  };
});

function toyNet(x: tf.Tensor2D, w1: tf.Variable, b1: tf.Variable, w2: tf.Variable, b2: tf.Variable): tf.Tensor1D {
  return toyOp(x, w1, b1, w2, b2) as tf.Tensor1D;
}

export class ToyModel implements TrainableModel<ToyBatch> {
  readonly trainableVariables: readonly tf.Variable[];
  private readonly names = ["dense.kernel", "dense.bias", "head.kernel", "head.bias"];

  constructor(
    readonly nFeatures: number,
    readonly targetTransform: TargetTransform,
    seed = 1,
    hidden = 4,
  ) {
    const rng = createRng(seed);
    const init = (shape: number[], scale: number) =>
      tf.variable(tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => scale * rng.nextNormal()), shape));
    this.trainableVariables = [init([nFeatures, hidden], 0.5), init([hidden], 0.1), init([hidden, 1], 0.5), init([1], 0.1)];
  }

  forward(batch: ToyBatch, _options: { training: boolean }): tf.Tensor1D {
    return toyNet(batch.x, ...(this.trainableVariables as [tf.Variable, tf.Variable, tf.Variable, tf.Variable]));
  }

  getWeights(): WeightMap {
    const out = new Map<string, NamedWeight>();
    this.trainableVariables.forEach((v, i) => {
      out.set(this.names[i], { shape: [...v.shape], data: Float32Array.from(v.dataSync() as Float32Array) });
    });
    return out;
  }

  setWeights(weights: WeightMap): void {
    tf.tidy(() => {
      this.trainableVariables.forEach((v, i) => {
        const w = weights.get(this.names[i]);
        if (w === undefined) throw new Error(`missing weight ${this.names[i]}`);
        v.assign(tf.tensor(w.data, v.shape));
      });
    });
  }

  dispose(): void {
    for (const v of this.trainableVariables) v.dispose();
  }
}

export function toyBatcher(data: ToyData): (indices: Int32Array) => ToyBatch {
  return (indices) => {
    const x = new Float32Array(indices.length * data.nFeatures);
    indices.forEach((item, row) => {
      x.set(data.features.subarray(item * data.nFeatures, (item + 1) * data.nFeatures), row * data.nFeatures);
    });
    return { x: tf.tensor2d(x, [indices.length, data.nFeatures]) };
  };
}

/** All weights concatenated, for exact comparisons. */
export function flatWeights(model: ToyModel): Float32Array {
  const parts = [...model.getWeights().values()].map((w) => w.data);
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
