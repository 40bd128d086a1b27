// Small wasm SIMD kernels that work in place on tfjs-wasm's heap (the module imports tfjs's
// memory). Build: scripts/build-kernels.sh. No libc: everything here is plain arithmetic.
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(#name)))

// a·b + c. The plain build rounds the product, then the sum (IEEE, the same on every machine).
// The relaxed-SIMD build (-DPARAISITE_RELAXED, scripts/build-kernels.sh) uses f32x4.relaxed_madd,
// a fused multiply-add on CPUs with FMA (one rounding; more accurate, and bits that depend on the
// CPU, identical run to run on one machine). Adam never uses it: its bits are torch's.
#ifdef PARAISITE_RELAXED
#define MADD(a, b, c) ((v128_t)__builtin_wasm_relaxed_madd_f32x4((__f32x4)(a), (__f32x4)(b), (__f32x4)(c)))
#else
#define MADD(a, b, c) wasm_f32x4_add(wasm_f32x4_mul((a), (b)), (c))
#endif

// The scalar a·b + c of the column tails, rounded as MADD rounds (wasm has no scalar fused
// multiply-add): every output element is then the same chain of operations wherever its row and
// column fall in the SIMD blocking, so a structure's result does not depend on its batch.
static inline float madd1(float a, float b, float c) {
#ifdef PARAISITE_RELAXED
  return wasm_f32x4_extract_lane(MADD(wasm_f32x4_splat(a), wasm_f32x4_splat(b), wasm_f32x4_splat(c)), 0);
#else
  return a * b + c;
#endif
}

// C[M,N] = A·B (+ bias[N]) (+ addend[M,N]) where a(i,k) = A[i*ars + k*acs] (so A may be a
// transposed view) and B is row-major [K,N]. Each C element is summed over k in increasing
// order, one product at a time (MADD), so the result does not depend on the blocking; the
// bias, then the addend, are added to the finished sum (as matMul, add, add would).
EXPORT(matmul)
void matmul(const float* A, int ars, int acs, const float* B, const float* bias, const float* addend, float* C, int M, int K, int N) {
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
        c00 = MADD(x0, b0, c00);
        c01 = MADD(x0, b1, c01);
        c10 = MADD(x1, b0, c10);
        c11 = MADD(x1, b1, c11);
        c20 = MADD(x2, b0, c20);
        c21 = MADD(x2, b1, c21);
        c30 = MADD(x3, b0, c30);
        c31 = MADD(x3, b1, c31);
      }
      if (bias) {
        v128_t z0 = wasm_v128_load(bias + j), z1 = wasm_v128_load(bias + j + 4);
        c00 = wasm_f32x4_add(c00, z0); c01 = wasm_f32x4_add(c01, z1);
        c10 = wasm_f32x4_add(c10, z0); c11 = wasm_f32x4_add(c11, z1);
        c20 = wasm_f32x4_add(c20, z0); c21 = wasm_f32x4_add(c21, z1);
        c30 = wasm_f32x4_add(c30, z0); c31 = wasm_f32x4_add(c31, z1);
      }
      if (addend) {
        const float* d = addend + i * N + j;
        c00 = wasm_f32x4_add(c00, wasm_v128_load(d)); c01 = wasm_f32x4_add(c01, wasm_v128_load(d + 4)); d += N;
        c10 = wasm_f32x4_add(c10, wasm_v128_load(d)); c11 = wasm_f32x4_add(c11, wasm_v128_load(d + 4)); d += N;
        c20 = wasm_f32x4_add(c20, wasm_v128_load(d)); c21 = wasm_f32x4_add(c21, wasm_v128_load(d + 4)); d += N;
        c30 = wasm_f32x4_add(c30, wasm_v128_load(d)); c31 = wasm_f32x4_add(c31, wasm_v128_load(d + 4));
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
        for (int k = 0; k < K; k++) s = madd1(a[k * acs], B[k * N + j], s);
        if (bias) s += bias[j];
        if (addend) s += addend[(i + r) * N + j];
        C[(i + r) * N + j] = s;
      }
    }
  }
  for (; i < M; i++) {
    const float* a = A + i * ars;
    int j = 0;
    for (; j + 4 <= N; j += 4) {
      v128_t c0 = wasm_f32x4_splat(0);
      for (int k = 0; k < K; k++) c0 = MADD(wasm_f32x4_splat(a[k * acs]), wasm_v128_load(B + k * N + j), c0);
      if (bias) c0 = wasm_f32x4_add(c0, wasm_v128_load(bias + j));
      if (addend) c0 = wasm_f32x4_add(c0, wasm_v128_load(addend + i * N + j));
      wasm_v128_store(C + i * N + j, c0);
    }
    for (; j < N; j++) {
      float s = 0;
      for (int k = 0; k < K; k++) s = madd1(a[k * acs], B[k * N + j], s);
      if (bias) s += bias[j];
      if (addend) s += addend[i * N + j];
      C[i * N + j] = s;
    }
  }
}

// dst[c,r] = src[r,c] for a row-major [rows, cols] src.
EXPORT(transpose)
void transpose(const float* src, float* dst, int rows, int cols) {
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++) dst[c * rows + r] = src[r * cols + c];
}

// out[j] = Σ_i x[i, j] over rows in increasing order (bias gradients).
EXPORT(column_sum)
void column_sum(const float* x, float* out, int rows, int cols) {
  int j = 0;
  for (; j + 4 <= cols; j += 4) {
    v128_t s = wasm_f32x4_splat(0);
    for (int i = 0; i < rows; i++) s = wasm_f32x4_add(s, wasm_v128_load(x + i * cols + j));
    wasm_v128_store(out + j, s);
  }
  for (; j < cols; j++) {
    float s = 0;
    for (int i = 0; i < rows; i++) s += x[i * cols + j];
    out[j] = s;
  }
}

// out[k] = x[ids[k]] (accumulate = 0) or out[k] += x[ids[k]] (accumulate = 1), rows of `width`.
EXPORT(gather_rows)
void gather_rows(float* out, const float* x, const int* ids, int n, int width, int accumulate) {
  for (int k = 0; k < n; k++) {
    const float* src = x + ids[k] * width;
    float* dst = out + k * width;
    int f = 0;
    if (accumulate) {
      for (; f + 4 <= width; f += 4) wasm_v128_store(dst + f, wasm_f32x4_add(wasm_v128_load(dst + f), wasm_v128_load(src + f)));
      for (; f < width; f++) dst[f] += src[f];
    } else {
      for (; f + 4 <= width; f += 4) wasm_v128_store(dst + f, wasm_v128_load(src + f));
      for (; f < width; f++) dst[f] = src[f];
    }
  }
}

// ---- softplus2 ----------------------------------------------------------------------------
// sp2(x) = softplus(x) − ln 2 = max(x, 0) + log1p(e) − ln 2 with e = exp(−|x|) ∈ (0, 1]; exp and
// log1p are Cephes' single-precision polynomials (≈1 ulp), vectorised. (Its derivative σ(x) is
// left to tfjs's Sigmoid kernel, which is vectorised and faster than a polynomial here.)

static inline v128_t splat(float x) { return wasm_f32x4_splat(x); }

// exp(x) for x ≤ 0 (clamped at −87.3, where the result is ~1e−38).
static inline v128_t exp_nonpositive(v128_t x) {
  x = wasm_f32x4_max(x, splat(-87.3f));
  v128_t n = wasm_f32x4_floor(wasm_f32x4_add(wasm_f32x4_mul(x, splat(1.44269504088896341f)), splat(0.5f)));
  v128_t r = wasm_f32x4_sub(x, wasm_f32x4_mul(n, splat(0.693359375f)));
  r = wasm_f32x4_sub(r, wasm_f32x4_mul(n, splat(-2.12194440e-4f)));
  v128_t z = wasm_f32x4_mul(r, r);
  v128_t p = splat(1.9875691500e-4f);
  p = MADD(p, r, splat(1.3981999507e-3f));
  p = MADD(p, r, splat(8.3334519073e-3f));
  p = MADD(p, r, splat(4.1665795894e-2f));
  p = MADD(p, r, splat(1.6666665459e-1f));
  p = MADD(p, r, splat(5.0000001201e-1f));
  p = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_mul(p, z), r), splat(1.0f));
  // × 2^n through the exponent bits (n ∈ [−126, 0])
  v128_t bits = wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(n), wasm_i32x4_splat(127)), 23);
  return wasm_f32x4_mul(p, bits);
}

// log1p(x) − k·ln2 handled by the caller; here Cephes logf's core for x ∈ [√½ − 1, √2 − 1].
static inline v128_t log1p_core(v128_t x) {
  v128_t z = wasm_f32x4_mul(x, x);
  v128_t p = splat(7.0376836292e-2f);
  p = MADD(p, x, splat(-1.1514610310e-1f));
  p = MADD(p, x, splat(1.1676998740e-1f));
  p = MADD(p, x, splat(-1.2420140846e-1f));
  p = MADD(p, x, splat(1.4249322787e-1f));
  p = MADD(p, x, splat(-1.6668057665e-1f));
  p = MADD(p, x, splat(2.0000714765e-1f));
  p = MADD(p, x, splat(-2.4999993993e-1f));
  p = MADD(p, x, splat(3.3333331174e-1f));
  v128_t y = wasm_f32x4_mul(wasm_f32x4_mul(p, x), z);
  y = wasm_f32x4_sub(y, wasm_f32x4_mul(splat(0.5f), z));
  return wasm_f32x4_add(x, y);
}

static inline v128_t sp2_vec(v128_t x) {
  v128_t e = exp_nonpositive(wasm_f32x4_neg(wasm_f32x4_abs(x)));
  // log1p(e) − ln2: for e < √2 − 1, log1p(e) − ln2 directly; else log1p(e) = ln2 + log1p((e − 1)/2)
  // exactly, and the ln2 cancels.
  v128_t small = wasm_f32x4_lt(e, splat(0.41421356237f));
  v128_t reduced = wasm_f32x4_mul(wasm_f32x4_sub(e, splat(1.0f)), splat(0.5f));
  v128_t arg = wasm_v128_bitselect(e, reduced, small);
  v128_t l = log1p_core(arg);
  // ln2 = 0.693359375 − 2.12194440e−4 (Cephes' split), subtracted in two steps
  v128_t shifted = wasm_f32x4_sub(wasm_f32x4_sub(l, splat(0.693359375f)), splat(-2.12194440e-4f));
  l = wasm_v128_bitselect(shifted, l, small);
  return wasm_f32x4_add(wasm_f32x4_max(x, splat(0.0f)), l);
}

// Four independent vectors per step: the polynomials are long dependency chains, and
// interleaving four of them lets the CPU overlap them (1M values: 6.8 → 4.6 ms; 2 or 8 are slower).
#define LANES 4
#define EACH for (int j = 0; j < LANES; j++)

static inline void sp2_x4(const float* x, float* y) {
  v128_t v[LANES], e[LANES], n[LANES], r[LANES], z[LANES], p[LANES], small[LANES], a[LANES], l[LANES];
  EACH v[j] = wasm_v128_load(x + 4 * j);
  // e = exp(−|x|), clamped at −87.3
  EACH e[j] = wasm_f32x4_max(wasm_f32x4_neg(wasm_f32x4_abs(v[j])), splat(-87.3f));
  EACH n[j] = wasm_f32x4_floor(wasm_f32x4_add(wasm_f32x4_mul(e[j], splat(1.44269504088896341f)), splat(0.5f)));
  EACH r[j] = wasm_f32x4_sub(e[j], wasm_f32x4_mul(n[j], splat(0.693359375f)));
  EACH r[j] = wasm_f32x4_sub(r[j], wasm_f32x4_mul(n[j], splat(-2.12194440e-4f)));
  EACH z[j] = wasm_f32x4_mul(r[j], r[j]);
  EACH p[j] = MADD(splat(1.9875691500e-4f), r[j], splat(1.3981999507e-3f));
  EACH p[j] = MADD(p[j], r[j], splat(8.3334519073e-3f));
  EACH p[j] = MADD(p[j], r[j], splat(4.1665795894e-2f));
  EACH p[j] = MADD(p[j], r[j], splat(1.6666665459e-1f));
  EACH p[j] = MADD(p[j], r[j], splat(5.0000001201e-1f));
  EACH p[j] = wasm_f32x4_add(wasm_f32x4_add(wasm_f32x4_mul(p[j], z[j]), r[j]), splat(1.0f));
  EACH e[j] = wasm_f32x4_mul(p[j], wasm_i32x4_shl(wasm_i32x4_add(wasm_i32x4_trunc_sat_f32x4(n[j]), wasm_i32x4_splat(127)), 23));
  // log1p(e) − ln 2, with the reduction of sp2_vec
  EACH small[j] = wasm_f32x4_lt(e[j], splat(0.41421356237f));
  EACH a[j] = wasm_v128_bitselect(e[j], wasm_f32x4_mul(wasm_f32x4_sub(e[j], splat(1.0f)), splat(0.5f)), small[j]);
  EACH z[j] = wasm_f32x4_mul(a[j], a[j]);
  EACH p[j] = MADD(splat(7.0376836292e-2f), a[j], splat(-1.1514610310e-1f));
  EACH p[j] = MADD(p[j], a[j], splat(1.1676998740e-1f));
  EACH p[j] = MADD(p[j], a[j], splat(-1.2420140846e-1f));
  EACH p[j] = MADD(p[j], a[j], splat(1.4249322787e-1f));
  EACH p[j] = MADD(p[j], a[j], splat(-1.6668057665e-1f));
  EACH p[j] = MADD(p[j], a[j], splat(2.0000714765e-1f));
  EACH p[j] = MADD(p[j], a[j], splat(-2.4999993993e-1f));
  EACH p[j] = MADD(p[j], a[j], splat(3.3333331174e-1f));
  EACH l[j] = wasm_f32x4_sub(wasm_f32x4_mul(wasm_f32x4_mul(p[j], a[j]), z[j]), wasm_f32x4_mul(splat(0.5f), z[j]));
  EACH l[j] = wasm_f32x4_add(a[j], l[j]);
  EACH l[j] = wasm_v128_bitselect(wasm_f32x4_sub(wasm_f32x4_sub(l[j], splat(0.693359375f)), splat(-2.12194440e-4f)), l[j], small[j]);
  EACH wasm_v128_store(y + 4 * j, wasm_f32x4_add(wasm_f32x4_max(v[j], splat(0.0f)), l[j]));
}

EXPORT(softplus2)
void softplus2(const float* x, float* y, int n) {
  int i = 0;
  for (; i + 4 * LANES <= n; i += 4 * LANES) sp2_x4(x + i, y + i);
  for (; i + 4 <= n; i += 4) wasm_v128_store(y + i, sp2_vec(wasm_v128_load(x + i)));
  for (; i < n; i++) {
    v128_t r = sp2_vec(splat(x[i]));
    y[i] = wasm_f32x4_extract_lane(r, 0);
  }
}

// ---- Adam (torch.optim.Adam, float32) -----------------------------------------------------
// One update of p with gradient g; m and v are updated in place, the new p goes to out. Each
// operation is one IEEE single-precision operation in the order of torch's float32 kernels
// (no FMA, no reassociation), so the bits equal torch's and the host-loop version's.
EXPORT(adam)
void adam(const float* p, const float* g, float* m, float* v, float* out, int n, float one_minus_beta1, float beta2,
          float one_minus_beta2, float eps, float decay, float step_size, float bias_correction2_sqrt) {
  v128_t b1c = splat(one_minus_beta1), b2 = splat(beta2), b2c = splat(one_minus_beta2), ve = splat(eps);
  v128_t vd = splat(decay), ss = splat(step_size), bc = splat(bias_correction2_sqrt);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t pk = wasm_v128_load(p + i);
    v128_t gk = wasm_v128_load(g + i);
    if (decay != 0.0f) gk = wasm_f32x4_add(gk, wasm_f32x4_mul(pk, vd));
    v128_t mk = wasm_v128_load(m + i);
    mk = wasm_f32x4_add(mk, wasm_f32x4_mul(wasm_f32x4_sub(gk, mk), b1c));
    v128_t vk = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(v + i), b2), wasm_f32x4_mul(wasm_f32x4_mul(gk, gk), b2c));
    wasm_v128_store(m + i, mk);
    wasm_v128_store(v + i, vk);
    v128_t denom = wasm_f32x4_add(wasm_f32x4_div(wasm_f32x4_sqrt(vk), bc), ve);
    wasm_v128_store(out + i, wasm_f32x4_sub(pk, wasm_f32x4_mul(wasm_f32x4_div(mk, denom), ss)));
  }
  for (; i < n; i++) {
    // the same operations on single lanes
    v128_t pk = wasm_f32x4_splat(p[i]);
    v128_t gk = wasm_f32x4_splat(g[i]);
    if (decay != 0.0f) gk = wasm_f32x4_add(gk, wasm_f32x4_mul(pk, vd));
    v128_t mk = wasm_f32x4_splat(m[i]);
    mk = wasm_f32x4_add(mk, wasm_f32x4_mul(wasm_f32x4_sub(gk, mk), b1c));
    v128_t vk = wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_splat(v[i]), b2), wasm_f32x4_mul(wasm_f32x4_mul(gk, gk), b2c));
    m[i] = wasm_f32x4_extract_lane(mk, 0);
    v[i] = wasm_f32x4_extract_lane(vk, 0);
    v128_t denom = wasm_f32x4_add(wasm_f32x4_div(wasm_f32x4_sqrt(vk), bc), ve);
    out[i] = wasm_f32x4_extract_lane(wasm_f32x4_sub(pk, wasm_f32x4_mul(wasm_f32x4_div(mk, denom), ss)), 0);
  }
}
