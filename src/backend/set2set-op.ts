/**
 * Set2Set on tensors, around the host implementation (set2set-host.ts): the same forward and
 * backward for tfjs's tape (`set2setOp`, a custom-gradient op), the manual tape
 * (`ManualTape.set2set`) and per-step values for stage dumps (`set2setTrace`).
 */
import * as tf from "@tensorflow/tfjs-core";
import { customOp, isRecordingGradients } from "./custom-op.js";
import type { SegmentIndex } from "./graph-ops.js";
import type { Set2SetOpSpec } from "./layer-ops.js";
import { type Set2SetHostResult, type Set2SetHostSpec, set2setBackward, set2setForward } from "./set2set-host.js";

/** One forward on the host, and its backward from dq (float32, row-major). */
export interface HostSet2Set {
  /** q_T [G, 2n], row-major. */
  readonly q: Float32Array;
  readonly result: Set2SetHostResult;
  backward(dq: Float32Array): { dm: Float32Array; dKernel: Float32Array; dBias: Float32Array };
}

export function set2setOnHost(m: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D, graphOf: SegmentIndex, spec: Set2SetOpSpec): HostSet2Set {
  const hostSpec: Set2SetHostSpec = { nHidden: m.shape[1], steps: spec.steps, keras: spec.keras, nSegments: graphOf.nSegments, ids: graphOf.host };
  const mData = m.dataSync() as Float32Array;
  const kData = kernel.dataSync() as Float32Array;
  const result = set2setForward(mData, kData, bias.dataSync() as Float32Array, hostSpec);
  return { q: result.q, result, backward: (dq) => set2setBackward(mData, kData, hostSpec, result, dq) };
}

/** Set2Set as a tfjs op, differentiable in m, kernel and bias; without a tape, no op at all. */
export function set2setOp(m: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D, graphOf: SegmentIndex, spec: Set2SetOpSpec): tf.Tensor2D {
  const shape: [number, number] = [graphOf.nSegments, 2 * m.shape[1]];
  if (!isRecordingGradients()) return tf.tensor2d(set2setOnHost(m, kernel, bias, graphOf, spec).q, shape);
  let host: HostSet2Set | undefined;
  return customOp<tf.Tensor2D>(
    [m, kernel, bias],
    () => {
      host = set2setOnHost(m, kernel, bias, graphOf, spec);
      return tf.tensor2d(host.q, shape);
    },
    (dy) => {
      let grads: ReturnType<HostSet2Set["backward"]> | undefined;
      // one host backward, shared by the three input gradients
      const g = () => (grads ??= (host as HostSet2Set).backward(dy.dataSync() as Float32Array));
      return [() => tf.tensor2d(g().dm, m.shape), () => tf.tensor2d(g().dKernel, kernel.shape), () => tf.tensor1d(g().dBias)];
    },
  );
}

/** Values of one step, row-major: h and r [G, n], attention [N], q* = [h | r] [G, 2n]. */
export interface Set2SetTraceStep {
  readonly h: Float32Array;
  readonly attention: Float32Array;
  readonly r: Float32Array;
  readonly qStar: Float32Array;
}

/** Every step's values (stage-by-stage checks against a reference). */
export function set2setTrace(m: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D, graphOf: SegmentIndex, spec: Set2SetOpSpec): Set2SetTraceStep[] {
  const n = m.shape[1];
  return set2setOnHost(m, kernel, bias, graphOf, spec).result.cache.map((step) => {
    const r = new Float32Array(graphOf.nSegments * n);
    for (let g = 0; g < graphOf.nSegments; g++) for (let j = 0; j < n; j++) r[g * n + j] = step.qOut[g * 2 * n + n + j];
    return { h: Float32Array.from(step.h), attention: Float32Array.from(step.attention), r, qStar: Float32Array.from(step.qOut) };
  });
}
