/**
 * Cell-list neighbour search for large cells: linear in the number of sites.
 *
 * Sites are binned on a grid in fractional space whose bins are at least r/2 wide
 * (perpendicular to each face), so a centre only scans the few bins its sphere can reach,
 * enumerated as (bin, lattice translation) so that cutoffs larger than the cell and
 * skewed cells need no special case. Each centre's edges are sorted by (dst, n) before being
 * appended, so the output order is the same as `searchPairs`.
 */
import type { EdgeBuffer } from "./edge-buffer.js";
import { DISTANCE_TOLERANCE, type PreparedSites } from "./search.js";

const BINS_PER_CUTOFF = 2;

export function searchCellList(sites: PreparedSites, cutoff: number, out: EdgeBuffer): void {
  const { n, matrix, wrapped, shift, cart, widths } = sites;
  const r2tol = cutoff * cutoff + DISTANCE_TOLERANCE;
  const R = Math.sqrt(r2tol) * (1 + 1e-9) + 1e-9;
  const [a0, a1, a2, b0, b1, b2, c0, c1, c2] = matrix;

  const bins = binCounts(widths, R, n);
  const [m0, m1, m2] = bins;
  const nBins = m0 * m1 * m2;
  const binOf = new Int32Array(n);
  const binStart = new Int32Array(nBins + 1);
  for (let i = 0; i < n; i++) {
    const k0 = Math.min(m0 - 1, Math.floor(wrapped[3 * i] * m0));
    const k1 = Math.min(m1 - 1, Math.floor(wrapped[3 * i + 1] * m1));
    const k2 = Math.min(m2 - 1, Math.floor(wrapped[3 * i + 2] * m2));
    const bin = (k0 * m1 + k1) * m2 + k2;
    binOf[i] = bin;
    binStart[bin + 1]++;
  }
  for (let b = 0; b < nBins; b++) binStart[b + 1] += binStart[b];
  // counting sort keeps site order inside each bin
  const binSites = new Int32Array(n);
  const fill = binStart.slice(0, nBins);
  for (let i = 0; i < n; i++) binSites[fill[binOf[i]]++] = i;

  // reach of the sphere along each axis, in fractional units
  const reach0 = R / widths[0];
  const reach1 = R / widths[1];
  const reach2 = R / widths[2];
  const centre = new CentreEdges();

  for (let i = 0; i < n; i++) {
    const fi0 = wrapped[3 * i];
    const fi1 = wrapped[3 * i + 1];
    const fi2 = wrapped[3 * i + 2];
    const xi0 = cart[3 * i];
    const xi1 = cart[3 * i + 1];
    const xi2 = cart[3 * i + 2];
    const si0 = shift[3 * i];
    const si1 = shift[3 * i + 1];
    const si2 = shift[3 * i + 2];
    centre.clear();
    const lo0 = Math.floor((fi0 - reach0) * m0);
    const hi0 = Math.floor((fi0 + reach0) * m0);
    const lo1 = Math.floor((fi1 - reach1) * m1);
    const hi1 = Math.floor((fi1 + reach1) * m1);
    const lo2 = Math.floor((fi2 - reach2) * m2);
    const hi2 = Math.floor((fi2 + reach2) * m2);
    for (let B0 = lo0; B0 <= hi0; B0++) {
      const t0 = Math.floor(B0 / m0);
      const k0 = B0 - t0 * m0;
      for (let B1 = lo1; B1 <= hi1; B1++) {
        const t1 = Math.floor(B1 / m1);
        const k1 = B1 - t1 * m1;
        const tx1 = t0 * a0 + t1 * b0 - xi0;
        const ty1 = t0 * a1 + t1 * b1 - xi1;
        const tz1 = t0 * a2 + t1 * b2 - xi2;
        for (let B2 = lo2; B2 <= hi2; B2++) {
          const t2 = Math.floor(B2 / m2);
          const k2 = B2 - t2 * m2;
          const tx = tx1 + t2 * c0;
          const ty = ty1 + t2 * c1;
          const tz = tz1 + t2 * c2;
          const self = t0 === 0 && t1 === 0 && t2 === 0;
          const bin = (k0 * m1 + k1) * m2 + k2;
          const end = binStart[bin + 1];
          for (let p = binStart[bin]; p < end; p++) {
            const j = binSites[p];
            const x = cart[3 * j] + tx;
            const y = cart[3 * j + 1] + ty;
            const z = cart[3 * j + 2] + tz;
            const d2 = x * x + y * y + z * z;
            if (d2 < r2tol && (j !== i || !self)) {
              centre.push(
                j,
                t0 + si0 - shift[3 * j],
                t1 + si1 - shift[3 * j + 1],
                t2 + si2 - shift[3 * j + 2],
                Math.sqrt(d2),
              );
            }
          }
        }
      }
    }
    centre.flushSorted(i, out);
  }
}

/** Bins per axis: at least r/BINS_PER_CUTOFF wide, and not many more bins than sites. */
function binCounts(widths: Float64Array, R: number, n: number): [number, number, number] {
  const m = [0, 1, 2].map((k) => Math.max(1, Math.floor((widths[k] * BINS_PER_CUTOFF) / R)));
  const maxBins = 2 * n + 8;
  let total = m[0] * m[1] * m[2];
  while (total > maxBins) {
    // coarsen the finest axis (bins only get wider, so the search stays complete)
    const k = m.indexOf(Math.max(...m));
    m[k] = Math.max(1, Math.floor(m[k] / 2));
    total = m[0] * m[1] * m[2];
  }
  return [m[0], m[1], m[2]];
}

/** Scratch space for one centre's edges, sorted by (dst, n0, n1, n2) when flushed. */
class CentreEdges {
  private dst = new Int32Array(64);
  private img = new Int32Array(192);
  private dist = new Float64Array(64);
  private order = new Int32Array(64);
  private length = 0;

  clear(): void {
    this.length = 0;
  }

  push(j: number, n0: number, n1: number, n2: number, d: number): void {
    if (this.length === this.dst.length) this.grow();
    const k = this.length++;
    this.dst[k] = j;
    this.img[3 * k] = n0;
    this.img[3 * k + 1] = n1;
    this.img[3 * k + 2] = n2;
    this.dist[k] = d;
  }

  private grow(): void {
    const size = 2 * this.dst.length;
    const dst = new Int32Array(size);
    dst.set(this.dst);
    const img = new Int32Array(3 * size);
    img.set(this.img);
    const dist = new Float64Array(size);
    dist.set(this.dist);
    this.dst = dst;
    this.img = img;
    this.dist = dist;
    this.order = new Int32Array(size);
  }

  private less(p: number, q: number): boolean {
    const { dst, img } = this;
    if (dst[p] !== dst[q]) return dst[p] < dst[q];
    for (let k = 0; k < 3; k++) {
      if (img[3 * p + k] !== img[3 * q + k]) return img[3 * p + k] < img[3 * q + k];
    }
    return false;
  }

  flushSorted(i: number, out: EdgeBuffer): void {
    const { order, img } = this;
    const len = this.length;
    for (let k = 0; k < len; k++) order[k] = k;
    if (len > 64) {
      order.subarray(0, len).sort((p, q) => (this.less(p, q) ? -1 : this.less(q, p) ? 1 : 0));
    } else {
      // insertion sort: segments are usually short (tens of edges)
      for (let k = 1; k < len; k++) {
        const v = order[k];
        let p = k - 1;
        while (p >= 0 && this.less(v, order[p])) {
          order[p + 1] = order[p];
          p--;
        }
        order[p + 1] = v;
      }
    }
    for (let k = 0; k < len; k++) {
      const e = order[k];
      out.push(i, this.dst[e], img[3 * e], img[3 * e + 1], img[3 * e + 2], this.dist[e]);
    }
  }
}
