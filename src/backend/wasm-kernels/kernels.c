// Small wasm SIMD kernels that work in place on tfjs-wasm's heap (the module imports tfjs's
// memory). Build: scripts/build-kernels.sh. No libc: everything here is plain arithmetic.
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

// C[M,N] = A·B (+ bias[N]) where a(i,k) = A[i*ars + k*acs] (so A may be a transposed view) and
// B is row-major [K,N]. Each C element is summed over k in increasing order, one product at a
// time (no FMA), so the result does not depend on the blocking.
EXPORT(matmul)
void matmul(const float* A, int ars, int acs, const float* B, const float* bias, float* C, int M, int K, int N) {
  int i = 0;
  for (; i + 4 <= M; i += 4) {
    const float* a0 = A + (i + 0) * ars;
    const float* a1 = A + (i + 1) * ars;
    const float* a2 = A + (i + 2) * ars;
    const float* a3 = A + (i + 3) * ars;
    int j = 0;
    for (; j + 8 <= N; j += 8) {
      v128_t c00 = wasm_f32x4_splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
      const float* b = B + j;
      for (int k = 0; k < K; k++, b += N) {
        v128_t b0 = wasm_v128_load(b), b1 = wasm_v128_load(b + 4);
        v128_t x0 = wasm_f32x4_splat(a0[k * acs]);
        v128_t x1 = wasm_f32x4_splat(a1[k * acs]);
        v128_t x2 = wasm_f32x4_splat(a2[k * acs]);
        v128_t x3 = wasm_f32x4_splat(a3[k * acs]);
        c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(x0, b0));
        c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(x0, b1));
        c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(x1, b0));
        c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(x1, b1));
        c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(x2, b0));
        c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(x2, b1));
        c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(x3, b0));
        c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(x3, b1));
      }
      if (bias) {
        v128_t z0 = wasm_v128_load(bias + j), z1 = wasm_v128_load(bias + j + 4);
        c00 = wasm_f32x4_add(c00, z0); c01 = wasm_f32x4_add(c01, z1);
        c10 = wasm_f32x4_add(c10, z0); c11 = wasm_f32x4_add(c11, z1);
        c20 = wasm_f32x4_add(c20, z0); c21 = wasm_f32x4_add(c21, z1);
        c30 = wasm_f32x4_add(c30, z0); c31 = wasm_f32x4_add(c31, z1);
      }
      float* c = C + i * N + j;
      wasm_v128_store(c, c00); wasm_v128_store(c + 4, c01); c += N;
      wasm_v128_store(c, c10); wasm_v128_store(c + 4, c11); c += N;
      wasm_v128_store(c, c20); wasm_v128_store(c + 4, c21); c += N;
      wasm_v128_store(c, c30); wasm_v128_store(c + 4, c31);
    }
    for (; j < N; j++) {
      for (int r = 0; r < 4; r++) {
        const float* a = A + (i + r) * ars;
        float s = 0;
        for (int k = 0; k < K; k++) s += a[k * acs] * B[k * N + j];
        if (bias) s += bias[j];
        C[(i + r) * N + j] = s;
      }
    }
  }
  for (; i < M; i++) {
    const float* a = A + i * ars;
    int j = 0;
    for (; j + 4 <= N; j += 4) {
      v128_t c0 = wasm_f32x4_splat(0);
      for (int k = 0; k < K; k++) c0 = wasm_f32x4_add(c0, wasm_f32x4_mul(wasm_f32x4_splat(a[k * acs]), wasm_v128_load(B + k * N + j)));
      if (bias) c0 = wasm_f32x4_add(c0, wasm_v128_load(bias + j));
      wasm_v128_store(C + i * N + j, c0);
    }
    for (; j < N; j++) {
      float s = 0;
      for (int k = 0; k < K; k++) s += a[k * acs] * B[k * N + j];
      if (bias) s += bias[j];
      C[i * N + j] = s;
    }
  }
}
