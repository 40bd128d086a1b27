/**
 * Deliberately naive O(N² · images) reference search, independent of the fast kernels
 * (no wrapping, no range tricks): the oracle of the property tests.
 */
import { DISTANCE_TOLERANCE } from "./search.js";

export interface ReferenceEdges {
  readonly src: number[];
  readonly dst: number[];
  /** One [n0, n1, n2] per edge, relative to the given coordinates. */
  readonly images: [number, number, number][];
  readonly distances: number[];
}

/**
 * Every (i, j, n) with |(f_j + n − f_i)·L|² < r² + 1e-8 except i = j, n = 0, sorted by
 * (src, dst, n) like `buildCrystalGraph`. `lattice` rows are the lattice vectors; `frac` is 3 per site.
 */
export function bruteForceEdges(lattice: readonly (readonly number[])[], frac: readonly number[], cutoff: number): ReferenceEdges {
  const n = frac.length / 3;
  const r2tol = cutoff * cutoff + DISTANCE_TOLERANCE;
  const L = lattice;
  // generous translation box: the cutoff over the perpendicular width, plus one cell each side
  const volume = Math.abs(det(L));
  const reach = [0, 1, 2].map((k) => {
    const u = L[(k + 1) % 3];
    const v = L[(k + 2) % 3];
    const area = Math.hypot(u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]);
    return Math.ceil(cutoff / (volume / area)) + 1;
  });
  const out: ReferenceEdges = { src: [], dst: [], images: [], distances: [] };
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const df = [0, 1, 2].map((k) => frac[3 * j + k] - frac[3 * i + k]);
      const centreN = df.map((x) => -Math.round(x));
      for (let n0 = centreN[0] - reach[0]; n0 <= centreN[0] + reach[0]; n0++) {
        for (let n1 = centreN[1] - reach[1]; n1 <= centreN[1] + reach[1]; n1++) {
          for (let n2 = centreN[2] - reach[2]; n2 <= centreN[2] + reach[2]; n2++) {
            if (i === j && n0 === 0 && n1 === 0 && n2 === 0) continue;
            const t = [df[0] + n0, df[1] + n1, df[2] + n2];
            let d2 = 0;
            for (let c = 0; c < 3; c++) {
              const x = t[0] * L[0][c] + t[1] * L[1][c] + t[2] * L[2][c];
              d2 += x * x;
            }
            if (d2 < r2tol) {
              out.src.push(i);
              out.dst.push(j);
              out.images.push([n0, n1, n2]);
              out.distances.push(Math.sqrt(d2));
            }
          }
        }
      }
    }
  }
  return out;
}

function det(m: readonly (readonly number[])[]): number {
  return (
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
    m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
    m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
  );
}
