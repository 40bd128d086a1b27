/**
 * Set2Set readout after the member projection m, computed on the host with a hand-written
 * backward. Its tensors are tiny ([G, 4·16] gates; [N, 16] members), so ~25 tfjs kernels per
 * step (each ~15 µs of engine overhead) cost far more than the arithmetic: in JS the whole
 * readout, forward and backward, takes a few hundred µs. The only implementation of Set2Set's
 * equations: backend/set2set-op.ts wraps it for both tapes, nn/set2set.ts is the layer around it.
 */

export interface Set2SetHostSpec {
  readonly nHidden: number;
  readonly steps: number;
  /** megnet-keras: hard-sigmoid gates, cell reset every step; standard: sigmoid, cell carried. */
  readonly keras: boolean;
  readonly nSegments: number;
  /** Segment (graph) of each member. */
  readonly ids: Int32Array;
}

interface StepCache {
  readonly qIn: Float64Array;
  readonly z: Float64Array;
  readonly gates: Float64Array; // i, f, g, o after activation, [G, 4n]
  readonly cPrev: Float64Array;
  readonly c: Float64Array;
  readonly tanhC: Float64Array;
  readonly h: Float64Array;
  readonly attention: Float64Array;
  /** q* = [h | r] after the step, [G, 2n]. */
  readonly qOut: Float64Array;
}

export interface Set2SetHostResult {
  /** q_T = [h | r], [G, 2n] row-major. */
  readonly q: Float32Array;
  readonly cache: readonly StepCache[];
}

/** Keras 2 hard sigmoid clip(0.2·x + 0.5, 0, 1) (Keras 3's x/6 + 0.5 would be wrong here). */
export const hardSigmoid = (x: number): number => Math.min(1, Math.max(0, 0.2 * x + 0.5));
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** d gate / d z from the gate's output y (sigmoid) or its input z (hard sigmoid: 0.2 inside the ramp). */
function gateGradient(keras: boolean, y: number, z: number): number {
  if (keras) {
    const lin = 0.2 * z + 0.5;
    return lin >= 0 && lin <= 1 ? 0.2 : 0;
  }
  return y * (1 - y);
}

/** Forward: m [N, n], kernel [2n, 4n], bias [4n] (row-major float32). */
export function set2setForward(m: Float32Array, kernel: Float32Array, bias: Float32Array, spec: Set2SetHostSpec): Set2SetHostResult {
  const { nHidden: n, nSegments: G, ids } = spec;
  const N = ids.length;
  const gate = spec.keras ? hardSigmoid : sigmoid;
  let q = new Float64Array(G * 2 * n);
  let c = new Float64Array(G * n);
  const cache: StepCache[] = [];
  for (let t = 0; t < spec.steps; t++) {
    const z = new Float64Array(G * 4 * n);
    for (let g = 0; g < G; g++)
      for (let j = 0; j < 4 * n; j++) {
        let s = bias[j];
        for (let k = 0; k < 2 * n; k++) s += q[g * 2 * n + k] * kernel[k * 4 * n + j];
        z[g * 4 * n + j] = s;
      }
    const gates = new Float64Array(G * 4 * n);
    const cNew = new Float64Array(G * n);
    const tanhC = new Float64Array(G * n);
    const h = new Float64Array(G * n);
    for (let g = 0; g < G; g++)
      for (let j = 0; j < n; j++) {
        const o4 = g * 4 * n;
        const i = gate(z[o4 + j]);
        const f = gate(z[o4 + n + j]);
        const cand = Math.tanh(z[o4 + 2 * n + j]);
        const o = gate(z[o4 + 3 * n + j]);
        gates[o4 + j] = i;
        gates[o4 + n + j] = f;
        gates[o4 + 2 * n + j] = cand;
        gates[o4 + 3 * n + j] = o;
        const cv = spec.keras ? i * cand : f * c[g * n + j] + i * cand;
        cNew[g * n + j] = cv;
        tanhC[g * n + j] = Math.tanh(cv);
        h[g * n + j] = o * tanhC[g * n + j];
      }
    // attention per segment, max-shifted softmax of m_k · h_g
    const scores = new Float64Array(N);
    const shift = new Float64Array(G).fill(Number.NEGATIVE_INFINITY);
    for (let k = 0; k < N; k++) {
      const g = ids[k];
      const mk = k * n;
      const hg = g * n;
      let s = 0;
      for (let j = 0; j < n; j++) s += m[mk + j] * h[hg + j];
      scores[k] = s;
      if (s > shift[g]) shift[g] = s;
    }
    const denominator = new Float64Array(G);
    const attention = new Float64Array(N);
    for (let k = 0; k < N; k++) {
      attention[k] = Math.exp(scores[k] - shift[ids[k]]);
      denominator[ids[k]] += attention[k];
    }
    const qNext = new Float64Array(G * 2 * n);
    for (let g = 0; g < G; g++) for (let j = 0; j < n; j++) qNext[g * 2 * n + j] = h[g * n + j];
    for (let k = 0; k < N; k++) {
      const g = ids[k];
      const a = attention[k] / denominator[g];
      attention[k] = a;
      const mk = k * n;
      const rg = g * 2 * n + n;
      for (let j = 0; j < n; j++) qNext[rg + j] += a * m[mk + j];
    }
    cache.push({ qIn: q, z, gates, cPrev: c, c: cNew, tanhC, h, attention, qOut: qNext });
    q = qNext;
    c = cNew;
  }
  return { q: Float32Array.from(q), cache };
}

/** Backward from dq_T [G, 2n]: gradients of m, kernel and bias (float32, row-major). */
export function set2setBackward(
  m: Float32Array,
  kernel: Float32Array,
  spec: Set2SetHostSpec,
  result: Set2SetHostResult,
  dqT: Float32Array,
): { dm: Float32Array; dKernel: Float32Array; dBias: Float32Array } {
  const { nHidden: n, nSegments: G, ids } = spec;
  const N = ids.length;
  const dm = new Float64Array(N * n);
  const dK = new Float64Array(2 * n * 4 * n);
  const db = new Float64Array(4 * n);
  let dq = Float64Array.from(dqT);
  let dcCarry = new Float64Array(G * n);
  for (let t = spec.steps - 1; t >= 0; t--) {
    const s = result.cache[t];
    const dh = new Float64Array(G * n);
    for (let g = 0; g < G; g++) for (let j = 0; j < n; j++) dh[g * n + j] = dq[g * 2 * n + j];
    // r_g = Σ a_k m_k: da_k = dr_g · m_k; dm_k += a_k dr_g
    const attention = s.attention;
    const hPrev = s.h;
    const da = new Float64Array(N);
    for (let k = 0; k < N; k++) {
      const rg = ids[k] * 2 * n + n;
      const mk = k * n;
      const a = attention[k];
      let acc = 0;
      for (let j = 0; j < n; j++) {
        const dr = dq[rg + j];
        acc += dr * m[mk + j];
        dm[mk + j] += a * dr;
      }
      da[k] = acc;
    }
    // softmax: de_k = a_k (da_k − Σ_seg a_j da_j)
    const weighted = new Float64Array(G);
    for (let k = 0; k < N; k++) weighted[ids[k]] += attention[k] * da[k];
    for (let k = 0; k < N; k++) {
      const g = ids[k];
      const de = attention[k] * (da[k] - weighted[g]);
      const mk = k * n;
      const hg = g * n;
      // e_k = m_k · h_g
      for (let j = 0; j < n; j++) {
        dm[mk + j] += de * hPrev[hg + j];
        dh[hg + j] += de * m[mk + j];
      }
    }
    // LSTM cell
    const dz = new Float64Array(G * 4 * n);
    const dcPrev = new Float64Array(G * n);
    const keras = spec.keras;
    for (let g = 0; g < G; g++)
      for (let j = 0; j < n; j++) {
        const o4 = g * 4 * n;
        const i = s.gates[o4 + j];
        const f = s.gates[o4 + n + j];
        const cand = s.gates[o4 + 2 * n + j];
        const o = s.gates[o4 + 3 * n + j];
        const tc = s.tanhC[g * n + j];
        const dhv = dh[g * n + j];
        const dc = dhv * o * (1 - tc * tc) + (keras ? 0 : dcCarry[g * n + j]);
        const dO = dhv * tc;
        const dI = dc * cand;
        const dCand = dc * i;
        const dF = keras ? 0 : dc * s.cPrev[g * n + j];
        if (!keras) dcPrev[g * n + j] = dc * f;
        dz[o4 + j] = dI * gateGradient(keras, i, s.z[o4 + j]);
        dz[o4 + n + j] = dF * gateGradient(keras, f, s.z[o4 + n + j]);
        dz[o4 + 2 * n + j] = dCand * (1 - cand * cand);
        dz[o4 + 3 * n + j] = dO * gateGradient(keras, o, s.z[o4 + 3 * n + j]);
      }
    // z = q·K + b
    const dqPrev = new Float64Array(G * 2 * n);
    for (let g = 0; g < G; g++)
      for (let j = 0; j < 4 * n; j++) {
        const d = dz[g * 4 * n + j];
        if (d === 0) continue;
        db[j] += d;
        for (let k = 0; k < 2 * n; k++) {
          dK[k * 4 * n + j] += s.qIn[g * 2 * n + k] * d;
          dqPrev[g * 2 * n + k] += kernel[k * 4 * n + j] * d;
        }
      }
    dq = dqPrev;
    dcCarry = dcPrev;
  }
  return { dm: Float32Array.from(dm), dKernel: Float32Array.from(dK), dBias: Float32Array.from(db) };
}
