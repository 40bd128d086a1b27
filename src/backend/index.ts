/**
 * `paraisite/backend`: backend selection and the tensor primitives the layers are written with:
 * the {@link LayerOps} interface and its tfjs-autodiff implementation, the graph ops (gather,
 * segment sum/mean/softmax) and custom-gradient ops with lazy input gradients. The manual tape,
 * the host Set2Set and the wasm kernels are internal.
 * @packageDocumentation
 */
export { AUTODIFF_OPS } from "./autodiff-ops.js";
export { customOp, isRecordingGradients, type LazyGradients } from "./custom-op.js";
export { denseOp } from "./dense-op.js";
export type { DenseActivation } from "./activation-ops.js";
export {
  disposeSegmentIndex,
  gatherRows,
  gatherSum,
  type SegmentIndex,
  segmentIndex,
  segmentMean,
  segmentSoftmax,
  segmentSum,
} from "./graph-ops.js";
export type { LayerOps, Set2SetOpSpec } from "./layer-ops.js";
export {
  BACKEND_REQUESTS,
  type BackendChoice,
  type BackendRequest,
  backendChoice,
  type ModuleLoader,
  type SelectBackendOptions,
  selectBackend,
  wasmBinaryDir,
} from "./select.js";
export { set2setOp } from "./set2set-op.js";
