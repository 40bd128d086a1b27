/**
 * Growable struct-of-arrays edge storage. Kernels append through `push` (no per-edge objects) and
 * the builder copies the filled prefix out with `finish`, so the graph never holds slack capacity.
 */
export class EdgeBuffer {
  src: Int32Array;
  dst: Int32Array;
  images: Int32Array;
  distances: Float64Array;
  length = 0;
  private capacity: number;

  constructor(initialCapacity: number) {
    this.capacity = Math.max(16, Math.ceil(initialCapacity));
    this.src = new Int32Array(this.capacity);
    this.dst = new Int32Array(this.capacity);
    this.images = new Int32Array(3 * this.capacity);
    this.distances = new Float64Array(this.capacity);
  }

  push(i: number, j: number, n0: number, n1: number, n2: number, d: number): void {
    if (this.length === this.capacity) this.grow();
    const k = this.length++;
    this.src[k] = i;
    this.dst[k] = j;
    const k3 = 3 * k;
    this.images[k3] = n0;
    this.images[k3 + 1] = n1;
    this.images[k3 + 2] = n2;
    this.distances[k] = d;
  }

  private grow(): void {
    const next = this.capacity * 2;
    this.src = copyInto(new Int32Array(next), this.src);
    this.dst = copyInto(new Int32Array(next), this.dst);
    this.images = copyInto(new Int32Array(3 * next), this.images);
    this.distances = copyInto(new Float64Array(next), this.distances);
    this.capacity = next;
  }

  /** Exact-length copies of the filled part. */
  finish(): { src: Int32Array; dst: Int32Array; images: Int32Array; distances: Float64Array } {
    const n = this.length;
    return {
      src: this.src.slice(0, n),
      dst: this.dst.slice(0, n),
      images: this.images.slice(0, 3 * n),
      distances: this.distances.slice(0, n),
    };
  }
}

function copyInto<T extends Int32Array | Float64Array>(target: T, source: T): T {
  target.set(source);
  return target;
}
