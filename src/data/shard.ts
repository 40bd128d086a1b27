/**
 * Deterministic sharding so that a job array can split a large scan: every machine puts a given
 * id in the same shard, independent of input order. The hash is 32-bit FNV-1a over the UTF-8
 * bytes of the id (offset basis 2166136261, prime 16777619).
 */

const encoder = new TextEncoder();

/** 32-bit FNV-1a of the UTF-8 bytes of `text`, as an unsigned integer. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of encoder.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function checkShardCount(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`shard count must be a positive integer, got ${n}`);
}

/** The shard (0..n-1) that `id` belongs to. */
export function shardOf(id: string, n: number): number {
  checkShardCount(n);
  return fnv1a32(id) % n;
}

/** True when `id` belongs to shard `index` of `n` (0-based index). */
export function inShard(id: string, index: number, n: number): boolean {
  checkShardCount(n);
  if (!Number.isInteger(index) || index < 0 || index >= n) {
    throw new RangeError(`shard index must be an integer in [0, ${n}), got ${index}`);
  }
  return fnv1a32(id) % n === index;
}
