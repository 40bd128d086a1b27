/**
 * Hand-written wasm SIMD kernels (kernels.c) run in place on tfjs-wasm's heap: the module is
 * instantiated with the backend's own `WebAssembly.Memory` and gets tensors' heap offsets, so
 * nothing is copied. Registered as tfjs kernels of the "wasm" backend under paraisite's own
 * names; callers check {@link wasmKernelsActive} and otherwise use plain tfjs ops.
 * `PARAISITE_WASM_KERNELS=0` or {@link setWasmKernelsEnabled} turns them off (for comparisons).
 */
import * as tf from "@tensorflow/tfjs-core";
import { KERNELS_RELAXED_WASM_BASE64, KERNELS_WASM_BASE64 } from "./kernels-wasm.js";
import { allowRelaxedSimd, platformEnv } from "./platform.js";

export const MATMUL_KERNEL = "ParaisiteMatMul";
/** Σ_t x_t[ids_t] (row gathers of equal width and index length). */
export const GATHER_SUM_KERNEL = "ParaisiteGatherSum";
/** Σ over rows of a matrix (bias gradients). */
export const COLUMN_SUM_KERNEL = "ParaisiteColumnSum";
/** One torch Adam update in float32: new p out, m and v in place. */
export const ADAM_KERNEL = "ParaisiteAdam";
/** sp2(x) = softplus(x) − ln 2, with a registered gradient (usable on tfjs's tape). */
export const SOFTPLUS2_KERNEL = "ParaisiteSoftplus2";


/** The WebAssembly global (the project's TypeScript libs do not declare it). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: object };
  instantiate(bytes: Uint8Array, imports: object): Promise<{ readonly instance: { readonly exports: object } }>;
  readonly Memory: abstract new (...args: never[]) => object;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The parts of tfjs-wasm's BackendWasm used here. */
interface WasmBackendInternals {
  readonly wasm: { readonly asm: { readonly memory: object }; _malloc(bytes: number): number; _free(offset: number): void };
  readonly dataIdMap: { get(dataId: object): { readonly memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

interface KernelExports {
  matmul(a: number, aRowStride: number, aColStride: number, b: number, bias: number, addend: number, c: number, m: number, k: number, n: number): void;
  transpose(src: number, dst: number, rows: number, cols: number): void;
  column_sum(x: number, out: number, rows: number, cols: number): void;
  gather_rows(out: number, x: number, ids: number, n: number, width: number, accumulate: number): void;
  softplus2(x: number, y: number, n: number): void;
  adam(p: number, g: number, m: number, v: number, out: number, n: number, ...scalars: number[]): void;
}

/** Scalars of one Adam step (rounded to float32 on the way into wasm, as torch's kernels see them). */
export interface AdamStepScalars {
  readonly oneMinusBeta1: number;
  readonly beta2: number;
  readonly oneMinusBeta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly stepSize: number;
  readonly biasCorrection2Sqrt: number;
}

/** Kernel instances per backend, for the plain and the fused (relaxed SIMD) module. */
const instances = { plain: new WeakMap<object, KernelExports>(), fused: new WeakMap<object, KernelExports>() };
let registered = false;
let unavailable = false;
let enabled = platformEnv("PARAISITE_WASM_KERNELS") !== "0";
let fmaWanted = platformEnv("PARAISITE_WASM_FMA") !== "0";
let fusedModuleBytes: Uint8Array | null | undefined;
let plainModuleBytes: Uint8Array | undefined;

/** Switch the custom kernels on or off (default on, unless `PARAISITE_WASM_KERNELS=0`). */
export function setWasmKernelsEnabled(on: boolean): void {
  enabled = on;
}

/**
 * Use the relaxed-SIMD build of the kernels (fused multiply-add in matmul and softplus2) when this
 * Node can run it (default on, unless `PARAISITE_WASM_FMA=0`). FMA rounds once where the plain
 * build rounds twice: results differ from the plain build in the last bits and depend on whether
 * the CPU has FMA, but are identical run to run on one machine. Adam never fuses (torch's bits).
 */
export function setWasmFusedMultiplyAdd(on: boolean): void {
  fmaWanted = on;
}

/** True when the kernels in use (or about to be) are the fused relaxed-SIMD build. */
export function wasmKernelsFused(): boolean {
  return fmaWanted && fusedBytes() !== null;
}

function decode(base64: string): Uint8Array {
  // atob: in Node ≥ 16 and browsers alike (Buffer is Node's only)
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

/** `bytes` when this engine can run relaxed SIMD, else null (Node 20 needs its flag, set here). */
function validatedFused(bytes: Uint8Array): Uint8Array | null {
  if (!wasmApi.validate(bytes)) allowRelaxedSimd();
  return wasmApi.validate(bytes) ? bytes : null;
}

/** The relaxed-SIMD module, or null when this engine cannot run it. */
function fusedBytes(): Uint8Array | null {
  // null (cannot run) is a cached answer too, hence no ??=
  if (fusedModuleBytes === undefined) fusedModuleBytes = validatedFused(decode(KERNELS_RELAXED_WASM_BASE64));
  return fusedModuleBytes;
}

function plainBytes(): Uint8Array {
  plainModuleBytes ??= decode(KERNELS_WASM_BASE64);
  return plainModuleBytes;
}

/** The kernels bound to `backend`'s memory (instantiated once per backend instance and build). */
function kernelsFor(backend: WasmBackendInternals): KernelExports {
  const fused = fmaWanted ? fusedBytes() : null;
  const cache = fused === null ? instances.plain : instances.fused;
  let k = cache.get(backend);
  if (k === undefined) {
    const module = new wasmApi.Module(fused ?? plainBytes());
    const instance = new wasmApi.Instance(module, { env: { memory: backend.wasm.asm.memory } });
    k = instance.exports as unknown as KernelExports;
    cache.set(backend, k);
  }
  return k;
}

function offsetOf(backend: WasmBackendInternals, t: tf.TensorInfo): number {
  const data = backend.dataIdMap.get(t.dataId);
  if (data === undefined) throw new Error("paraisite wasm kernel: tensor not on the wasm backend");
  return data.memoryOffset;
}

function register(): void {
  tf.registerKernel({
    kernelName: MATMUL_KERNEL,
    backendName: "wasm",
    kernelFunc: ({ inputs, backend, attrs }) => {
      const be = backend as unknown as WasmBackendInternals;
      const { a, b, bias, addend } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo; bias?: tf.TensorInfo; addend?: tf.TensorInfo };
      const { transposeA, transposeB } = attrs as { transposeA?: boolean; transposeB?: boolean };
      const [rows, cols] = a.shape;
      const [m, k] = transposeA === true ? [cols, rows] : [rows, cols];
      const n = transposeB === true ? b.shape[0] : b.shape[1];
      const out = be.makeOutput([m, n], "float32");
      const kernels = kernelsFor(be);
      // a(i, k) = A[i·rowStride + k·colStride]: a transposed A is read in place
      const [rowStride, colStride] = transposeA === true ? [1, cols] : [cols, 1];
      // a transposed B is transposed into scratch memory first (the kernel streams B's rows)
      let bOffset = offsetOf(be, b);
      const scratch = transposeB === true ? be.wasm._malloc(4 * k * n) >>> 0 : 0;
      if (transposeB === true) {
        kernels.transpose(bOffset, scratch, n, k);
        bOffset = scratch;
      }
      const optional = (t: tf.TensorInfo | undefined): number => (t === undefined ? 0 : offsetOf(be, t));
      kernels.matmul(offsetOf(be, a), rowStride, colStride, bOffset, optional(bias), optional(addend), offsetOf(be, out), m, k, n);
      if (scratch !== 0) be.wasm._free(scratch);
      return out;
    },
  });
  tf.registerKernel({
    kernelName: GATHER_SUM_KERNEL,
    backendName: "wasm",
    kernelFunc: ({ inputs, backend, attrs }) => {
      const be = backend as unknown as WasmBackendInternals;
      const terms = (attrs as { terms: number }).terms;
      const named = inputs as Record<string, tf.TensorInfo>;
      const first = named.x0;
      const n = sizeOf(named.ids0);
      const width = sizeOf(first) / first.shape[0];
      const out = be.makeOutput([n, ...first.shape.slice(1)], "float32");
      const kernels = kernelsFor(be);
      for (let t = 0; t < terms; t++) {
        const x = named[`x${t}`];
        const ids = named[`ids${t}`];
        if (sizeOf(ids) !== n || sizeOf(x) / x.shape[0] !== width) throw new Error("paraisite gather-sum: terms differ in shape");
        kernels.gather_rows(offsetOf(be, out), offsetOf(be, x), offsetOf(be, ids), n, width, t === 0 ? 0 : 1);
      }
      return out;
    },
  });
  tf.registerKernel({
    kernelName: COLUMN_SUM_KERNEL,
    backendName: "wasm",
    kernelFunc: ({ inputs, backend }) => {
      const be = backend as unknown as WasmBackendInternals;
      const { x } = inputs as { x: tf.TensorInfo };
      const [rows, cols] = x.shape;
      const out = be.makeOutput([cols], "float32");
      kernelsFor(be).column_sum(offsetOf(be, x), offsetOf(be, out), rows, cols);
      return out;
    },
  });
  tf.registerKernel({
    kernelName: SOFTPLUS2_KERNEL,
    backendName: "wasm",
    kernelFunc: ({ inputs, backend }) => {
      const be = backend as unknown as WasmBackendInternals;
      const { x } = inputs as { x: tf.TensorInfo };
      const out = be.makeOutput([...x.shape], "float32");
      kernelsFor(be).softplus2(offsetOf(be, x), offsetOf(be, out), sizeOf(x));
      return out;
    },
  });
  tf.registerKernel({
    kernelName: ADAM_KERNEL,
    backendName: "wasm",
    kernelFunc: ({ inputs, backend, attrs }) => {
      const be = backend as unknown as WasmBackendInternals;
      const { p, g, m, v } = inputs as { p: tf.TensorInfo; g: tf.TensorInfo; m: tf.TensorInfo; v: tf.TensorInfo };
      const n = sizeOf(p);
      if (sizeOf(g) !== n || sizeOf(m) !== n || sizeOf(v) !== n) throw new Error("paraisite Adam kernel: sizes differ");
      const a = attrs as unknown as AdamStepScalars;
      const out = be.makeOutput([...p.shape], "float32");
      kernelsFor(be).adam(
        offsetOf(be, p),
        offsetOf(be, g),
        offsetOf(be, m),
        offsetOf(be, v),
        offsetOf(be, out),
        n,
        a.oneMinusBeta1,
        a.beta2,
        a.oneMinusBeta2,
        a.eps,
        a.weightDecay,
        a.stepSize,
        a.biasCorrection2Sqrt,
      );
      return out;
    },
  });
  tf.registerGradient({
    kernelName: SOFTPLUS2_KERNEL,
    inputsToSave: ["x"],
    gradFunc: (dy, saved) => ({ x: () => tf.mul(dy as tf.Tensor, tf.sigmoid(saved[0])) }),
  });
}

function sizeOf(t: tf.TensorInfo): number {
  return t.shape.reduce((a, b) => a * b, 1);
}

/**
 * Σ_t x_t[ids_t] on the wasm kernel (call only when {@link wasmKernelsActive}; ids int32 and in
 * range of their x's rows, which the caller checks).
 */
export function gatherSumWasmKernel(terms: readonly (readonly [tf.Tensor, tf.Tensor])[]): tf.Tensor {
  const inputs: Record<string, tf.Tensor> = {};
  terms.forEach(([x, ids], t) => {
    inputs[`x${t}`] = x;
    inputs[`ids${t}`] = ids;
  });
  return tf.engine().runKernel(GATHER_SUM_KERNEL, inputs as unknown as tf.NamedTensorMap, { terms: terms.length } as unknown as tf.NamedAttrMap) as unknown as tf.Tensor;
}

/**
 * One Adam step on the wasm kernel (call only when {@link wasmKernelsActive}): returns the new
 * p; `m` and `v` are updated IN PLACE, so they must be tensors no one else holds.
 */
export function adamWasmUpdate(p: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, scalars: AdamStepScalars): tf.Tensor {
  return tf.engine().runKernel(ADAM_KERNEL, { p, g, m, v } as unknown as tf.NamedTensorMap, scalars as unknown as tf.NamedAttrMap) as unknown as tf.Tensor;
}

/** sp2(x) on the wasm kernel (call only when {@link wasmKernelsActive}). */
export function softplus2WasmKernel<T extends tf.Tensor>(x: T): T {
  return tf.engine().runKernel(SOFTPLUS2_KERNEL, { x } as unknown as tf.NamedTensorMap) as unknown as T;
}

/** Kernel module bytes supplied by the host instead of the embedded ones (a browser fetches them). */
export interface WasmKernelBytes {
  readonly plain: Uint8Array;
  /** The relaxed-SIMD build; ignored when this engine cannot validate it. */
  readonly fused?: Uint8Array;
}

/**
 * Instantiate the kernels for the current wasm backend asynchronously (from `bytes` when given),
 * then register them. Browsers refuse to compile or instantiate a module over 4 kB synchronously
 * on a page's main thread, so the browser entry calls this after selecting the wasm backend; in
 * Node the lazy path of {@link wasmKernelsActive} does the same synchronously. Resolves to whether
 * the kernels are active.
 */
export async function prepareWasmKernels(bytes?: WasmKernelBytes): Promise<boolean> {
  if (bytes !== undefined) {
    plainModuleBytes = bytes.plain;
    fusedModuleBytes = bytes.fused === undefined ? null : validatedFused(bytes.fused);
  }
  if (!enabled || unavailable || tf.getBackend() !== "wasm") return false;
  const backend = tf.backend() as unknown as WasmBackendInternals;
  const memory = backend.wasm?.asm?.memory;
  if (memory instanceof wasmApi.Memory) {
    try {
      // both builds, so that setWasmFusedMultiplyAdd can switch later without a synchronous compile
      for (const [cache, build] of [[instances.plain, plainBytes()], [instances.fused, fusedBytes()]] as const) {
        if (build !== null && !cache.has(backend)) cache.set(backend, (await wasmApi.instantiate(build, { env: { memory } })).instance.exports as unknown as KernelExports);
      }
    } catch {
      unavailable = true;
    }
  }
  return wasmKernelsActive();
}

/** True when the current backend is wasm and the kernels are usable (registered on first call). */
export function wasmKernelsActive(): boolean {
  if (!enabled || unavailable || tf.getBackend() !== "wasm") return false;
  if (!registered) {
    try {
      const backend = tf.backend() as unknown as WasmBackendInternals;
      if (!(backend.wasm?.asm?.memory instanceof wasmApi.Memory) || backend.dataIdMap === undefined) throw new Error("unexpected tfjs-wasm internals");
      kernelsFor(backend);
      register();
      registered = true;
    } catch {
      // an unexpected tfjs-wasm build or no SIMD: stay on the plain tfjs ops
      unavailable = true;
      return false;
    }
  }
  return true;
}
