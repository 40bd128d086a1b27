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
import { activationGradient, applyActivation, type DenseActivation } from "./activation-ops.js";
import { columnSum, linearProduct } from "./fast-matmul.js";
import { gatherRowsHost, type SegmentIndex, scatterRowsFast } from "./graph-ops.js";
import type { LayerOps, Set2SetOpSpec } from "./layer-ops.js";
import { set2setOnHost } from "./set2set-op.js";

export class ManualTape implements LayerOps {
  private readonly backs: (() => void)[] = [];
  private readonly kept: tf.Tensor[] = [];
  private readonly grads = new Map<number, tf.Tensor>();
  /** Tensors whose gradient is wanted or that depend on one (others get no gradient work). */
  private readonly live = new Set<number>();
  private taken = 0;
  /** The gradient being propagated by the closure that runs now, and whether `give` kept it. */
  private current?: tf.Tensor;
  private currentGiven = false;

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
      this.current = dy;
      this.currentGiven = false;
      back(dy);
      // unless `give` stored it as an input's gradient
      if (!this.currentGiven) dy.dispose();
      this.current = undefined;
    });
  }

  /**
   * Accumulate the kept tensor g into t's gradient, taking ownership of g (when t is live; else g
   * is freed). Used instead of `acc(t, () => tf.clone(g))` when g is not needed afterwards: the
   * clone would cost a kernel launch.
   */
  private give(t: tf.Tensor, g: tf.Tensor): void {
    if (!this.needs(t)) {
      if (g !== this.current) g.dispose();
      return;
    }
    const previous = this.grads.get(t.id);
    if (previous === undefined) {
      this.grads.set(t.id, g);
      if (g === this.current) this.currentGiven = true;
      return;
    }
    this.grads.set(t.id, tf.keep(tf.add(previous, g)));
    previous.dispose();
    if (g !== this.current) g.dispose();
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
  dense(x: tf.Tensor2D, w: tf.Tensor2D, b: tf.Tensor1D | undefined, act: DenseActivation, addend?: tf.Tensor2D): tf.Tensor2D {
    const inputs = [x, w, ...(b ? [b] : []), ...(addend ? [addend] : [])];
    const { pre, y } = tf.tidy(() => {
      const p = linearProduct(x, w, { bias: b, addend });
      const out = applyActivation(p, act);
      if (out !== p) tf.keep(p);
      return { pre: p, y: tf.keep(out) };
    });
    this.out(y, inputs);
    if (pre !== y) this.kept.push(pre);
    this.record(y, (dy) => {
      const dPre = act === "linear" ? dy : tf.keep(tf.tidy(() => activationGradient(dy, pre, y, act)));
      this.acc(w, () => linearProduct(x, dPre as tf.Tensor2D, { transposeX: true }));
      if (b !== undefined) this.acc(b, () => columnSum(dPre as tf.Tensor2D));
      this.acc(x, () => linearProduct(dPre as tf.Tensor2D, w, { transposeW: true }));
      if (addend !== undefined) this.give(addend, dPre);
      else if (dPre !== dy) dPre.dispose();
    });
    return y;
  }

  /** Rows [start, start + n) of a matrix (kernel row blocks). */
  rows(w: tf.Tensor2D, start: number, n: number): tf.Tensor2D {
    const y = this.out(tf.slice(w, [start, 0], [n, w.shape[1]]), [w]);
    this.record(y, (dy) => this.acc(w, () => tf.pad(dy, [[start, w.shape[0] - start - n], [0, 0]])));
    return y;
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
      this.acc(b, () => tf.clone(dy));
      this.give(a, dy);
    });
    return y;
  }

  /** Set2Set after the member projection m, on the host (see set2set-host.ts). */
  set2set(m: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D, graphOf: SegmentIndex, spec: Set2SetOpSpec): tf.Tensor2D {
    const host = set2setOnHost(m, kernel, bias, graphOf, spec);
    const y = this.out(tf.tensor2d(host.q, [graphOf.nSegments, 2 * m.shape[1]]), [m, kernel, bias]);
    this.record(y, (dy) => {
      const grads = host.backward(dy.dataSync() as Float32Array);
      this.acc(m, () => tf.tensor2d(grads.dm, m.shape));
      this.acc(kernel, () => tf.tensor2d(grads.dKernel, kernel.shape));
      this.acc(bias, () => tf.tensor1d(grads.dBias));
    });
    return y;
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

  /**
   * Accumulated gradient of a trainable tensor (the caller owns it). Gradients are accumulated as
   * kept tensors, which no `tf.tidy` would free: the tensor is handed over to the caller's scope
   * (no copy: a clone cost one Identity launch per variable, 111 per ParAIsite step).
   */
  take(t: tf.Tensor): tf.Tensor | undefined {
    const g = this.grads.get(t.id);
    this.grads.delete(t.id);
    this.taken += 1;
    if (g === undefined) return undefined;
    return adoptIntoScope(g);
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

/**
 * Un-keep `t` and let the current tidy scope own it, as if it had been created there: what
 * `tf.clone` + dispose achieves, without a kernel launch. Uses the engine's scope state
 * (`kept`, `scopeId`, `state.activeScope.track`), which tfjs-core 4.x declares public.
 */
function adoptIntoScope<T extends tf.Tensor>(t: T): T {
  t.kept = false;
  const scope = tf.engine().state.activeScope;
  if (scope != null) {
    t.scopeId = scope.id;
    scope.track.push(t);
  }
  return t;
}
