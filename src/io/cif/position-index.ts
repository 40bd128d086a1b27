/**
 * Finds an earlier site at the same fractional position (periodically, per-coordinate tolerance)
 * in O(1): positions are bucketed on a grid whose cells are at least `tol` wide, so a match can
 * only sit in the 27 neighbouring cells. Keeps a 10,000-atom P1 file linear.
 */
import type { Vec3 } from "../../core/vec3.js";

/** Up to this many positions, a linear scan is used and the grid is not built. */
const LINEAR_LIMIT = 48;

export class PositionIndex {
  private readonly tol: number;
  private readonly bins: number;
  private readonly cells = new Map<number, number[]>();
  private readonly positions: Vec3[] = [];
  private readonly ids: number[] = [];

  constructor(tol: number) {
    this.tol = tol;
    // cells no narrower than tol; cap keeps keys exact in a double (bins³ < 2^53)
    this.bins = Math.max(1, Math.min(100_000, Math.floor(1 / Math.max(tol, 1e-12))));
  }

  /** Register `id` at `pos` (coordinates already wrapped into [0, 1)). */
  add(id: number, pos: Vec3): void {
    const slot = this.positions.length;
    this.positions.push(pos);
    this.ids.push(id);
    if (slot === LINEAR_LIMIT) {
      for (let k = 0; k <= slot; k++) this.insert(k);
    } else if (slot > LINEAR_LIMIT) this.insert(slot);
  }

  private insert(slot: number): void {
    const pos = this.positions[slot];
    const key = this.key(this.cell(pos[0]), this.cell(pos[1]), this.cell(pos[2]));
    const list = this.cells.get(key);
    if (list) list.push(slot);
    else this.cells.set(key, [slot]);
  }

  /** The id of a registered position within tolerance of `pos`, or -1. */
  find(pos: Vec3): number {
    if (this.positions.length <= LINEAR_LIMIT) {
      // small cells: a scan beats 27 hash lookups
      for (let slot = 0; slot < this.positions.length; slot++) if (this.close(this.positions[slot], pos)) return this.ids[slot];
      return -1;
    }
    const b = this.bins;
    const cx = this.cell(pos[0]);
    const cy = this.cell(pos[1]);
    const cz = this.cell(pos[2]);
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (let dz = -1; dz <= 1; dz++) {
          const list = this.cells.get(this.key((cx + dx + b) % b, (cy + dy + b) % b, (cz + dz + b) % b));
          if (!list) continue;
          for (const slot of list) if (this.close(this.positions[slot], pos)) return this.ids[slot];
        }
      }
    }
    return -1;
  }

  private cell(x: number): number {
    const c = Math.floor(x * this.bins);
    return ((c % this.bins) + this.bins) % this.bins;
  }

  private key(i: number, j: number, k: number): number {
    return (i * this.bins + j) * this.bins + k;
  }

  private close(a: Vec3, b: Vec3): boolean {
    for (let k = 0; k < 3; k++) {
      const d = a[k] - b[k];
      if (Math.abs(d - Math.round(d)) >= this.tol) return false;
    }
    return true;
  }
}
