/**
 * A minimal reverse-mode tape for the training forward pass. tfjs's own tape clones every saved
 * input (an Identity kernel), reshapes every broadcast gradient and computes unused input
 * gradients of custom ops: ~2,000 kernel launches per MEGNet training step, which at ~15 µs of
 * engine overhead each cost more than the arithmetic. Here each primitive records one closure
 * that launches only the kernels its gradient needs, and intermediates are kept by reference.
 *
 * Usage: create, run primitives, `backward(output, dy)`, read `gradient(variable)`, `dispose()`.
 */
import * as tf from "@tensorflow/tfjs-core";
import { softplus2Kernel } from "./activation-ops.js";
import type { SegmentIndex } from "./graph-ops.js";
import { gatherRowsHost, scatterRowsFast } from "./graph-ops.js";

export type TapeActivation = "softplus2" | "relu" | "tanh" | "sigmoid" | "linear";

export class ManualTape {
  private readonly backs: (() => void)[] = [];
  private readonly kept: tf.Tensor[] = [];
  private readonly grads = new Map<number, tf.Tensor>();
  /** Tensors whose gradient is wanted or that depend on one (others get no gradient work). */
  private readonly live = new Set<number>();
  private taken = 0;

  constructor(trainable: readonly tf.Tensor[]) {
    for (const t of trainable) this.live.add(t.id);
  }

  private needs(t: tf.Tensor): boolean {
    return this.live.has(t.id);
  }

  /** Keep a forward value alive until dispose, and mark it live if any input is. */
  private out<T extends tf.Tensor>(t: T, inputs: readonly tf.Tensor[]): T {
    tf.keep(t);
    this.kept.push(t);
    if (inputs.some((x) => this.needs(x))) this.live.add(t.id);
    return t;
  }

  private record(y: tf.Tensor, back: (dy: tf.Tensor) => void): void {
    if (!this.needs(y)) return;
    this.backs.push(() => {
      const dy = this.grads.get(y.id);
      if (dy === undefined) return;
      this.grads.delete(y.id);
      back(dy);
      dy.dispose();
    });
  }

  /** Accumulate gradient g (consumed) into t, when t is live. */
  private acc(t: tf.Tensor, g: () => tf.Tensor): void {
    if (!this.needs(t)) return;
    const value = tf.keep(tf.tidy(g));
    const previous = this.grads.get(t.id);
    if (previous === undefined) {
      this.grads.set(t.id, value);
      return;
    }
    this.grads.set(t.id, tf.keep(tf.add(previous, value)));
    previous.dispose();
    value.dispose();
  }

  /** y = act(x·W + b + addend), gradient with explicit transposes (fast on wasm). */
  dense(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D | undefined, act: TapeActivation, addend?: tf.Tensor2D): tf.Tensor2D {
    const inputs = [x, w, ...(b ? [b] : []), ...(addend ? [addend] : [])];
    const { pre, y } = tf.tidy(() => {
      let p: tf.Tensor2D = b === undefined ? tf.matMul(x, w) : (tf.add(tf.matMul(x, w), b) as tf.Tensor2D);
      if (addend !== undefined) p = tf.add(p, addend) as tf.Tensor2D;
      const out = activate(p, act);
      if (out !== p) tf.keep(p);
      return { pre: p, y: tf.keep(out) };
    });
    this.out(y, inputs);
    if (pre !== y) this.kept.push(pre);
    this.record(y, (dy) => {
      const dPre = tf.keep(tf.tidy(() => activationGrad(dy, pre, y, act)));
      this.acc(w, () => tf.matMul(tf.transpose(x), dPre));
      if (b !== undefined) this.acc(b, () => tf.sum(dPre, 0));
      this.acc(x, () => tf.matMul(dPre, tf.transpose(w)));
      if (addend !== undefined) this.acc(addend, () => tf.clone(dPre));
      dPre.dispose();
    });
    return y;
  }

  /** Rows [start, start + n) of a matrix (kernel row blocks). */
  rows(w: tf.Tensor2D, start: number, n: number): tf.Tensor2D {
    const y = this.out(tf.slice(w, [start, 0], [n, w.shape[1]]), [w]);
    this.record(y, (dy) => this.acc(w, () => tf.pad(dy, [[start, w.shape[0] - start - n], [0, 0]])));
    return y;
  }

  /** Columns split into equal parts (LSTM gates). */
  splitColumns(x: tf.Tensor2D, parts: number): tf.Tensor2D[] {
    const width = x.shape[1] / parts;
    return Array.from({ length: parts }, (_, i) => {
      const y = this.out(tf.slice(x, [0, i * width], [x.shape[0], width]), [x]);
      this.record(y, (dy) => this.acc(x, () => tf.pad(dy, [[0, 0], [i * width, x.shape[1] - (i + 1) * width]])));
      return y;
    });
  }

  concatColumns(xs: readonly tf.Tensor2D[]): tf.Tensor2D {
    const y = this.out(tf.concat(xs as tf.Tensor2D[], 1), xs);
    this.record(y, (dy) => {
      let offset = 0;
      for (const x of xs) {
        const start = offset;
        this.acc(x, () => tf.slice(dy, [0, start], [dy.shape[0], x.shape[1]]));
        offset += x.shape[1];
      }
    });
    return y;
  }

  /** Σ_i x_i[ids_i] (gathered projections). */
  gatherSum(terms: readonly (readonly [tf.Tensor2D, SegmentIndex])[]): tf.Tensor2D {
    const y = this.out(gatherRowsHost(terms) as tf.Tensor2D, terms.map(([x]) => x));
    this.record(y, (dy) => {
      for (const [x, index] of terms) this.acc(x, () => scatterRowsFast(dy, index));
    });
    return y;
  }

  /** Segment sum, optionally times a per-segment column (1/count for means). */
  segmentSum(x: tf.Tensor, index: SegmentIndex, scale?: tf.Tensor2D): tf.Tensor {
    const y = this.out(
      tf.tidy(() => {
        const s = scatterRowsFast(x, index);
        return scale === undefined ? s : tf.mul(s, scale);
      }),
      [x],
    );
    this.record(y, (dy) => this.acc(x, () => gatherRowsHost([[scale === undefined ? dy : tf.mul(dy, scale), index]])));
    return y;
  }

  segmentMean(x: tf.Tensor2D, index: SegmentIndex): tf.Tensor2D {
    return this.segmentSum(x, index, index.inverseCounts) as tf.Tensor2D;
  }

  add(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
    const y = this.out(tf.add(a, b) as tf.Tensor2D, [a, b]);
    this.record(y, (dy) => {
      this.acc(a, () => tf.clone(dy));
      this.acc(b, () => tf.clone(dy));
    });
    return y;
  }

  /** Elementwise product of equal shapes. */
  mul(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
    const y = this.out(tf.mul(a, b) as tf.Tensor2D, [a, b]);
    this.record(y, (dy) => {
      this.acc(a, () => tf.mul(dy, b));
      this.acc(b, () => tf.mul(dy, a));
    });
    return y;
  }

  tanh(x: tf.Tensor2D): tf.Tensor2D {
    const y = this.out(tf.tanh(x), [x]);
    this.record(y, (dy) => this.acc(x, () => tf.mul(dy, tf.sub(1, tf.square(y)))));
    return y;
  }

  sigmoid(x: tf.Tensor2D): tf.Tensor2D {
    const y = this.out(tf.sigmoid(x), [x]);
    this.record(y, (dy) => this.acc(x, () => tf.mul(dy, tf.mul(y, tf.sub(1, y)))));
    return y;
  }

  /** Keras 2 hard sigmoid clip(0.2x + 0.5, 0, 1); gradient 0.2 strictly inside, 0 when clipped. */
  hardSigmoid(x: tf.Tensor2D): tf.Tensor2D {
    const y = this.out(tf.tidy(() => tf.clipByValue(tf.add(tf.mul(x, 0.2), 0.5), 0, 1)) as tf.Tensor2D, [x]);
    this.record(y, (dy) =>
      this.acc(x, () => tf.mul(dy, tf.mul(tf.cast(tf.logicalAnd(tf.greater(y, 0), tf.less(y, 1)), "float32"), 0.2))),
    );
    return y;
  }

  /** Row-wise dot products of a [N, F] and b [N, F] → [N]. */
  rowDot(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor1D {
    const y = this.out(tf.tidy(() => tf.sum(tf.mul(a, b), 1)) as tf.Tensor1D, [a, b]);
    this.record(y, (dy) => {
      const col = tf.reshape(dy, [dy.size, 1]);
      this.acc(a, () => tf.mul(b, col));
      this.acc(b, () => tf.mul(a, col));
      col.dispose();
    });
    return y;
  }

  /** x [N, F] scaled by a per-row weight w [N]. */
  scaleRows(x: tf.Tensor2D, w: tf.Tensor1D): tf.Tensor2D {
    const col = this.out(tf.reshape(w, [w.size, 1]) as tf.Tensor2D, []);
    const y = this.out(tf.mul(x, col) as tf.Tensor2D, [x, w]);
    this.record(y, (dy) => {
      this.acc(x, () => tf.mul(dy, col));
      this.acc(w, () => tf.sum(tf.mul(dy, x), 1));
    });
    return y;
  }

  /** Softmax within segments; the per-segment max shift is a constant. */
  segmentSoftmax(scores: tf.Tensor1D, index: SegmentIndex): tf.Tensor1D {
    const values = scores.dataSync();
    const ids = index.host;
    const shift = new Float32Array(index.nSegments).fill(Number.NEGATIVE_INFINITY);
    for (let k = 0; k < values.length; k++) if (values[k] > shift[ids[k]]) shift[ids[k]] = values[k];
    const perRow = new Float32Array(ids.length);
    for (let k = 0; k < ids.length; k++) perRow[k] = shift[ids[k]];
    const a = this.out(
      tf.tidy(() => {
        const ex = tf.exp(tf.sub(scores, tf.tensor1d(perRow)));
        const denominator = scatterRowsFast(ex, index);
        return tf.div(ex, gatherRowsHost([[denominator, index]])) as tf.Tensor1D;
      }),
      [scores],
    );
    // d s_k = a_k (d a_k − Σ_{j in seg(k)} a_j d a_j)
    this.record(a, (dy) =>
      this.acc(scores, () => {
        const weighted = tf.mul(a, dy);
        return tf.mul(a, tf.sub(dy, gatherRowsHost([[scatterRowsFast(weighted, index), index]])));
      }),
    );
    return a;
  }

  /** A constant (no gradient) kept for the tape's lifetime. */
  constant<T extends tf.Tensor>(t: T): T {
    tf.keep(t);
    this.kept.push(t);
    return t;
  }

  /** Run the recorded closures backwards once, seeded with (output, dOutput) pairs (not consumed). */
  backward(seeds: readonly (readonly [tf.Tensor, tf.Tensor])[]): void {
    for (const [y, dy] of seeds) this.acc(y, () => tf.clone(dy));
    for (let i = this.backs.length - 1; i >= 0; i--) this.backs[i]();
    // forward values are no longer needed; gradients stay until taken or disposed
    tf.dispose(this.kept);
    this.kept.length = 0;
    this.backs.length = 0;
  }

  /** Accumulated gradient of a trainable tensor (the caller owns it). */
  take(t: tf.Tensor): tf.Tensor | undefined {
    const g = this.grads.get(t.id);
    this.grads.delete(t.id);
    this.taken += 1;
    return g;
  }

  /** How many gradients were taken. */
  get takenCount(): number {
    return this.taken;
  }

  /** Free every kept value and any gradient not taken. */
  dispose(): void {
    tf.dispose(this.kept);
    this.kept.length = 0;
    for (const g of this.grads.values()) g.dispose();
    this.grads.clear();
    this.backs.length = 0;
  }
}

function activate(pre: tf.Tensor2D, act: TapeActivation): tf.Tensor2D {
  switch (act) {
    case "softplus2":
      return softplus2Kernel(pre);
    case "relu":
      return tf.relu(pre);
    case "tanh":
      return tf.tanh(pre);
    case "sigmoid":
      return tf.sigmoid(pre);
    case "linear":
      return pre;
  }
}

function activationGrad(dy: tf.Tensor, pre: tf.Tensor, y: tf.Tensor, act: TapeActivation): tf.Tensor {
  switch (act) {
    case "softplus2":
      return tf.mul(dy, tf.sigmoid(pre));
    case "relu":
      return tf.mul(dy, tf.step(pre));
    case "tanh":
      return tf.mul(dy, tf.sub(1, tf.square(y)));
    case "sigmoid":
      return tf.mul(dy, tf.mul(y, tf.sub(1, y)));
    case "linear":
      return tf.clone(dy);
  }
}
