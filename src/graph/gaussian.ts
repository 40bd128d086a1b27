/** Gaussian radial basis used by MEGNet: G_k(d) = exp(−(d − μ_k)² / σ²). Note σ², not 2σ². */
export interface GaussianExpansionOptions {
  /** Centres μ_k in Å. */
  readonly centers: ArrayLike<number>;
  /** Width σ in Å. */
  readonly width: number;
}

export class GaussianExpansion {
  readonly centers: Float64Array;
  readonly width: number;

  constructor({ centers, width }: GaussianExpansionOptions) {
    if (!(width > 0)) throw new RangeError(`Gaussian width must be positive, got ${width}`);
    this.centers = Float64Array.from(centers);
    this.width = width;
  }

  /** megnet's default grid: `n` centres evenly spaced from `min` to `max` inclusive (numpy linspace). */
  static linspace(min: number, max: number, n: number, width: number): GaussianExpansion {
    const step = (max - min) / (n - 1);
    return new GaussianExpansion({ centers: Array.from({ length: n }, (_, k) => min + k * step), width });
  }

  get size(): number {
    return this.centers.length;
  }

  /**
   * Expand distances into a row-major [nEdges, nCenters] float32 matrix. Distances are cast to
   * float32 first, as megnet does before its Keras model sees them.
   */
  expand(distances: ArrayLike<number>, out?: Float32Array): Float32Array {
    const n = distances.length;
    const k = this.centers.length;
    const result = out ?? new Float32Array(n * k);
    const inv = 1 / (this.width * this.width);
    const mu = this.centers;
    for (let e = 0; e < n; e++) {
      const d = Math.fround(distances[e]);
      const row = e * k;
      for (let c = 0; c < k; c++) {
        const x = d - mu[c];
        result[row + c] = Math.exp(-x * x * inv);
      }
    }
    return result;
  }
}
