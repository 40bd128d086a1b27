/**
 * Periodic neighbour search: every (centre i, neighbour j, translation n) with
 * |x_j + n·L − x_i|² < r² + 1e-8, except the zero-translation self pair (megnet-keras-format §2).
 *
 * Two kernels produce the same edges in the same order (src, then dst, then image n0, n1, n2):
 * - `searchPairs`: every ordered pair, with the exact range of translations that can reach the
 *   sphere (outer axis from the perpendicular width, inner axes by solving the quadratic), so the
 *   innermost loop almost only visits real edges. Best for the small cells of crystal datasets.
 * - `searchCellList`: sites binned in fractional space so each centre only looks at nearby bins;
 *   cost grows linearly with the number of sites. Used for large cells.
 * Both handle skewed cells and cutoffs larger than the cell (translations are enumerated, never
 * assumed to be within ±1).
 */
import type { EdgeBuffer } from "./edge-buffer.js";

/** Squared-distance tolerance of megnet / pymatgen (Å²). */
export const DISTANCE_TOLERANCE = 1e-8;

/** Sites prepared for the search: lattice rows, wrapped fractional and Cartesian coordinates. */
export interface PreparedSites {
  readonly n: number;
  /** Lattice vectors as rows, row-major [a0 a1 a2 b0 b1 b2 c0 c1 c2]. */
  readonly matrix: Float64Array;
  /** Fractional coordinates wrapped into [0, 1), 3 per site. */
  readonly wrapped: Float64Array;
  /** Integer shift removed by wrapping: original = wrapped + shift. */
  readonly shift: Float64Array;
  /** Cartesian coordinates of the wrapped sites. */
  readonly cart: Float64Array;
  /** Reciprocal rows without 2π (recip_k · a_l = δ_kl), row-major. */
  readonly recip: Float64Array;
  /** Perpendicular widths of the cell (distance between opposite faces), Å. */
  readonly widths: Float64Array;
  readonly volume: number;
}

/** Wrap coordinates into the cell and precompute what both kernels need. */
export function prepareSites(matrix: ArrayLike<number>, frac: ArrayLike<number>): PreparedSites {
  const m = Float64Array.from(matrix);
  const n = frac.length / 3;
  const [a0, a1, a2, b0, b1, b2, c0, c1, c2] = m;
  // cross products of lattice rows; recip_k = (a_{k+1} × a_{k+2}) / V
  const bc = [b1 * c2 - b2 * c1, b2 * c0 - b0 * c2, b0 * c1 - b1 * c0];
  const ca = [c1 * a2 - c2 * a1, c2 * a0 - c0 * a2, c0 * a1 - c1 * a0];
  const ab = [a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0];
  const det = a0 * bc[0] + a1 * bc[1] + a2 * bc[2];
  const recip = Float64Array.from([...bc, ...ca, ...ab], (x) => x / det);
  const widths = new Float64Array(3);
  for (let k = 0; k < 3; k++) {
    widths[k] = 1 / Math.hypot(recip[3 * k], recip[3 * k + 1], recip[3 * k + 2]);
  }
  const wrapped = new Float64Array(3 * n);
  const shift = new Float64Array(3 * n);
  const cart = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 3; k++) {
      const f = frac[3 * i + k];
      let s = Math.floor(f);
      let w = f - s;
      // f − floor(f) rounds to 1 for tiny negative f: keep wrapped strictly below 1
      if (w >= 1) {
        w -= 1;
        s += 1;
      }
      wrapped[3 * i + k] = w;
      shift[3 * i + k] = s;
    }
    const f0 = wrapped[3 * i];
    const f1 = wrapped[3 * i + 1];
    const f2 = wrapped[3 * i + 2];
    cart[3 * i] = f0 * a0 + f1 * b0 + f2 * c0;
    cart[3 * i + 1] = f0 * a1 + f1 * b1 + f2 * c1;
    cart[3 * i + 2] = f0 * a2 + f1 * b2 + f2 * c2;
  }
  return { n, matrix: m, wrapped, shift, cart, recip, widths, volume: Math.abs(det) };
}

// Range bounds get a little slack; the exact squared-distance test decides.
const RANGE_SLACK = 1e-9;

/**
 * All ordered pairs, with exact translation ranges. Edges come out sorted by (src, dst, n).
 * O(N² · images reaching the sphere).
 */
export function searchPairs(sites: PreparedSites, cutoff: number, out: EdgeBuffer): void {
  const { n, matrix, wrapped, shift, cart, recip } = sites;
  const r2tol = cutoff * cutoff + DISTANCE_TOLERANCE;
  const R2 = r2tol * (1 + RANGE_SLACK) + RANGE_SLACK;
  const R = Math.sqrt(R2);
  const [a0, a1, a2, b0, b1, b2, c0, c1, c2] = matrix;
  const cc = c0 * c0 + c1 * c1 + c2 * c2;
  // b with its c-component removed: the n1 range comes from the plane orthogonal to c
  const bDotC = b0 * c0 + b1 * c1 + b2 * c2;
  const p0 = b0 - (bDotC / cc) * c0;
  const p1 = b1 - (bDotC / cc) * c1;
  const p2 = b2 - (bDotC / cc) * c2;
  const pp = p0 * p0 + p1 * p1 + p2 * p2;
  const sa = R * Math.hypot(recip[0], recip[1], recip[2]);

  for (let i = 0; i < n; i++) {
    const xi0 = cart[3 * i];
    const xi1 = cart[3 * i + 1];
    const xi2 = cart[3 * i + 2];
    const fi0 = wrapped[3 * i];
    for (let j = 0; j < n; j++) {
      const df0 = wrapped[3 * j] - fi0;
      const lo0 = Math.ceil(-sa - df0);
      const hi0 = Math.floor(sa - df0);
      const bx0 = cart[3 * j] - xi0;
      const bx1 = cart[3 * j + 1] - xi1;
      const bx2 = cart[3 * j + 2] - xi2;
      // translation relative to the caller's (unwrapped) coordinates
      const s0 = shift[3 * i] - shift[3 * j];
      const s1 = shift[3 * i + 1] - shift[3 * j + 1];
      const s2 = shift[3 * i + 2] - shift[3 * j + 2];
      for (let n0 = lo0; n0 <= hi0; n0++) {
        const x0 = bx0 + n0 * a0;
        const y0 = bx1 + n0 * a1;
        const z0 = bx2 + n0 * a2;
        const xc0 = (x0 * c0 + y0 * c1 + z0 * c2) / cc;
        const perp2 = x0 * x0 + y0 * y0 + z0 * z0 - xc0 * xc0 * cc;
        const xp = x0 * p0 + y0 * p1 + z0 * p2;
        const disc1 = xp * xp - pp * (perp2 - R2);
        if (disc1 < 0) continue;
        const sq1 = Math.sqrt(disc1);
        const lo1 = Math.ceil((-xp - sq1) / pp - RANGE_SLACK);
        const hi1 = Math.floor((-xp + sq1) / pp + RANGE_SLACK);
        for (let n1 = lo1; n1 <= hi1; n1++) {
          const x1 = x0 + n1 * b0;
          const y1 = y0 + n1 * b1;
          const z1 = z0 + n1 * b2;
          const xc = x1 * c0 + y1 * c1 + z1 * c2;
          const disc2 = xc * xc - cc * (x1 * x1 + y1 * y1 + z1 * z1 - R2);
          if (disc2 < 0) continue;
          const sq2 = Math.sqrt(disc2);
          const lo2 = Math.ceil((-xc - sq2) / cc - RANGE_SLACK);
          const hi2 = Math.floor((-xc + sq2) / cc + RANGE_SLACK);
          for (let n2 = lo2; n2 <= hi2; n2++) {
            const x = x1 + n2 * c0;
            const y = y1 + n2 * c1;
            const z = z1 + n2 * c2;
            const d2 = x * x + y * y + z * z;
            if (d2 < r2tol && (i !== j || n0 !== 0 || n1 !== 0 || n2 !== 0)) {
              out.push(i, j, n0 + s0, n1 + s1, n2 + s2, Math.sqrt(d2));
            }
          }
        }
      }
    }
  }
}
