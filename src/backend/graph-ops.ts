/**
 * The only graph primitives the model uses: row gather and segment sum/mean/softmax, each with
 * a hand-written gradient. The segment sum is a `scatterND` (sums duplicate indices, exists on
 * every backend, ~4000× faster than cpu's `unsortedSegmentSum`, which wasm lacks entirely);
 * the gather's gradient is that segment sum, so nothing needs `UnsortedSegmentSum`.
 */
import * as tf from "@tensorflow/tfjs-core";
import { customOp } from "./custom-op.js";
import { gatherSumWasmKernel, wasmKernelsActive } from "./wasm-kernels/kernels.js";

/**
 * An index vector prepared once per batch in the shapes the kernels want: flat int32 for
 * `gather`, a column [N, 1] for `scatterND`, and a host copy for per-segment constants.
 */
export interface SegmentIndex {
  /** Target row of each element, [N] int32. */
  readonly ids: tf.Tensor1D;
  /** The same as a column [N, 1] int32 (scatterND indices). */
  readonly column: tf.Tensor2D;
  /** Host copy of the indices. */
  readonly host: Int32Array;
  /** Number of segments (rows of the gathered/aggregated tensor). */
  readonly nSegments: number;
  /** 1 / max(count, 1) per segment as [nSegments, 1] float32 (mean divisor; empty segments give 0). */
  readonly inverseCounts: tf.Tensor2D;
}

/** Build a {@link SegmentIndex} (allocates tensors: dispose with {@link disposeSegmentIndex}). */
export function segmentIndex(ids: Int32Array, nSegments: number): SegmentIndex {
  const counts = new Float32Array(nSegments);
  for (let k = 0; k < ids.length; k++) {
    const s = ids[k];
    if (!(s >= 0 && s < nSegments)) throw new RangeError(`segment id ${s} at ${k} outside [0, ${nSegments})`);
    counts[s] += 1;
  }
  for (let s = 0; s < nSegments; s++) counts[s] = 1 / Math.max(counts[s], 1);
  const host = Int32Array.from(ids);
  return {
    ids: tf.tensor1d(host, "int32"),
    column: tf.tensor2d(host, [host.length, 1], "int32"),
    host,
    nSegments,
    inverseCounts: tf.tensor2d(counts, [nSegments, 1]),
  };
}

export function disposeSegmentIndex(index: SegmentIndex): void {
  tf.dispose([index.ids, index.column, index.inverseCounts]);
}

function scatterRows(x: tf.Tensor, index: SegmentIndex): tf.Tensor {
  return tf.scatterND(index.column, x, [index.nSegments, ...x.shape.slice(1)]);
}

/** out[s] = Σ_{k: ids[k] = s} x[k]; rows of empty segments are 0. Gradient: gather. */
export function segmentSum<T extends tf.Tensor>(x: T, index: SegmentIndex): T {
  return customOp(
    [x],
    () => scatterRows(x, index) as T,
    (dy) => [() => (nativeGather() ? tf.gather(dy, index.ids) : hostGatherSum([[dy, index]]))],
  );
}

/** out[s] = mean of x[k] over ids[k] = s, 0 for empty segments (divisor max(count, 1)). */
export function segmentMean(x: tf.Tensor2D, index: SegmentIndex): tf.Tensor2D {
  return tf.mul(segmentSum(x, index), index.inverseCounts);
}

/**
 * Σ_i x_i[ids_i[k]] computed in one host loop over row-major data. tfjs-wasm's Gather kernel is
 * ~5× slower than this loop (measured 8.5 ms vs 1.6 ms for 1500×64 rows from 200), and fusing
 * the sum saves one tensor upload per extra term. Native backends keep their own gather.
 */
function hostGatherSum(terms: readonly (readonly [tf.Tensor, SegmentIndex])[]): tf.Tensor {
  // on wasm: the same copies and sums (same order, same bits) in a SIMD kernel on the heap
  if (wasmKernelsActive() && terms.every(([x, index]) => x.dtype === "float32" && x.shape[0] === index.nSegments)) {
    return gatherSumWasmKernel(terms.map(([x, index]) => [x, index.ids] as const));
  }
  const [first, firstIndex] = terms[0];
  const width = first.size / first.shape[0];
  const n = firstIndex.host.length;
  const out = new Float32Array(n * width);
  terms.forEach(([x, index], term) => {
    const data = x.dataSync() as Float32Array;
    const ids = index.host;
    if (term === 0) {
      // first term: row copies (memcpy), the rest accumulate
      for (let k = 0; k < n; k++) out.set(data.subarray(ids[k] * width, ids[k] * width + width), k * width);
      return;
    }
    addRows(out, data, ids, width);
  });
  return tf.tensor(out, [n, ...first.shape.slice(1)]);
}

function addRows(out: Float32Array, data: Float32Array, ids: Int32Array, width: number): void {
  const n = ids.length;
  for (let k = 0; k < n; k++) {
    const from = ids[k] * width;
    const to = k * width;
    for (let f = 0; f < width; f++) out[to + f] += data[from + f];
  }
}

/** Gather-sum with the fastest kernel of the active backend (no gradient). */
export function gatherRowsHost(terms: readonly (readonly [tf.Tensor, SegmentIndex])[]): tf.Tensor {
  if (nativeGather()) return tf.tidy(() => tf.addN(terms.map(([x, index]) => tf.gather(x, index.ids))));
  return hostGatherSum(terms);
}

/** Segment sum by scatterND (no gradient). */
export function scatterRowsFast(x: tf.Tensor, index: SegmentIndex): tf.Tensor {
  return scatterRows(x, index);
}

function nativeGather(): boolean {
  return tf.getBackend() === "tensorflow";
}

/**
 * out[k] = Σ_i x_i[ids_i[k]] for terms (x_i, ids_i) of equal width and equal index length: the
 * first φ_e layer's gathered atom and state projections. Gradient: segment sums of dy.
 */
export function gatherSum(terms: readonly (readonly [tf.Tensor2D, SegmentIndex])[]): tf.Tensor2D {
  if (terms.length === 0) throw new RangeError("gatherSum needs at least one term");
  return customOp<tf.Tensor2D>(
    terms.map(([x]) => x),
    () =>
      (nativeGather()
        ? tf.addN(terms.map(([x, index]) => tf.gather(x, index.ids)))
        : hostGatherSum(terms)) as tf.Tensor2D,
    (dy) => terms.map(([, index]) => () => scatterRows(dy, index)),
  );
}

/** out[k] = x[ids[k]]. Gradient: segment sum of dy into the rows of x. */
export function gatherRows<T extends tf.Tensor>(x: T, index: SegmentIndex): T {
  return customOp(
    [x],
    () => (nativeGather() ? tf.gather(x, index.ids) : hostGatherSum([[x, index]])) as T,
    (dy) => [() => scatterRows(dy, index)],
  );
}

/**
 * Softmax of scores [N] within each segment. The per-segment max shift is read from the data
 * and enters as a constant: softmax is shift-invariant, so the gradient is unchanged.
 */
export function segmentSoftmax(scores: tf.Tensor1D, index: SegmentIndex): tf.Tensor1D {
  const values = scores.dataSync();
  const shift = new Float32Array(index.nSegments).fill(Number.NEGATIVE_INFINITY);
  const ids = index.host;
  for (let k = 0; k < values.length; k++) if (values[k] > shift[ids[k]]) shift[ids[k]] = values[k];
  for (let s = 0; s < shift.length; s++) if (shift[s] === Number.NEGATIVE_INFINITY) shift[s] = 0;
  return tf.tidy(() => {
    const perRow = new Float32Array(ids.length);
    for (let k = 0; k < ids.length; k++) perRow[k] = shift[ids[k]];
    const shiftPerRow = tf.tensor1d(perRow);
    const ex = tf.exp(tf.sub(scores, shiftPerRow));
    const denominator = segmentSum(ex, index);
    return tf.div(ex, gatherRows(denominator, index));
  });
}
