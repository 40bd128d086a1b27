/** Epoch orderings and batch slicing: seeded, and a pure function of (seed, epoch) so resume needs no RNG state. */
import { createRng, permutation, scrambleSeed } from "../core/prng.js";

/** The seed of epoch `epoch`'s shuffle, decorrelated from neighbouring epochs and seeds. */
export function epochSeed(seed: number, epoch: number): number {
  return scrambleSeed((seed ^ Math.imul(epoch + 1, 0x9e3779b9)) >>> 0);
}

/** The training items of one epoch, in the order they are visited. */
export function epochOrder(items: Int32Array, seed: number, epoch: number, shuffle: boolean): Int32Array {
  if (!shuffle) return items.slice();
  const perm = permutation(items.length, createRng(epochSeed(seed, epoch)));
  return Int32Array.from(perm, (p) => items[p]);
}

/** Consecutive batches of `size` (the last one shorter unless `dropLast`). */
export function sliceBatches(order: Int32Array, size: number, dropLast: boolean): Int32Array[] {
  const out: Int32Array[] = [];
  for (let start = 0; start < order.length; start += size) {
    const batch = order.subarray(start, Math.min(start + size, order.length));
    if (dropLast && batch.length < size) break;
    out.push(batch.slice());
  }
  return out;
}

/** Number of batches per epoch. */
export function batchCount(n: number, size: number, dropLast: boolean): number {
  return dropLast ? Math.floor(n / size) : Math.ceil(n / size);
}
