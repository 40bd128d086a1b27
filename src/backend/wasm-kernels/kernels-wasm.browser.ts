// Browser build: the kernels are fetched from the wasm path and compiled asynchronously
// (prepareWasmKernels), so the bundle does not carry them as base64.
export const KERNELS_WASM_BASE64 = "";
export const KERNELS_RELAXED_WASM_BASE64 = "";
