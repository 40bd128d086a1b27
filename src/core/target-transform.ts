/**
 * Invertible target transforms, stored inside a model (as matgl's TransformedTargetModel) so that
 * `predict` speaks the physical unit and nobody inverts by hand. ParAIsite uses
 * `Log10Plus1` then `Standardize`: z = (log10(κ + 1) − mean) / std.
 */

/** Serializable description of a transform. */
export type TargetTransformJSON =
  | { readonly kind: "identity" }
  | { readonly kind: "log10plus1" }
  | { readonly kind: "log10" }
  | { readonly kind: "standardize"; readonly mean: number; readonly std: number }
  | { readonly kind: "compose"; readonly steps: readonly TargetTransformJSON[] };

/** y (physical) → z (what the network predicts), and back. */
export interface TargetTransform {
  forward(y: number): number;
  inverse(z: number): number;
  toJSON(): TargetTransformJSON;
}

export const Identity: TargetTransform = {
  forward: (y) => y,
  inverse: (z) => z,
  toJSON: () => ({ kind: "identity" }),
};

/** z = log10(y + 1); inverse y = 10^z − 1. */
export const Log10Plus1: TargetTransform = {
  forward: (y) => Math.log10(y + 1),
  inverse: (z) => 10 ** z - 1,
  toJSON: () => ({ kind: "log10plus1" }),
};

/**
 * z = log10(y); inverse y = 10^z, positive for every z. κ models use it so that no prediction can be
 * negative (log10(κ + 1) inverts to κ < 0 for z < 0) and the low-κ end keeps its resolution: 0.1 and
 * 2 W/(m·K) are 1.3 apart in log10 κ, 0.44 apart in log10(κ + 1).
 */
export const Log10: TargetTransform = {
  forward: (y) => Math.log10(y),
  inverse: (z) => 10 ** z,
  toJSON: () => ({ kind: "log10" }),
};

/** z = (y − mean) / std. */
export class Standardize implements TargetTransform {
  constructor(
    readonly mean: number,
    readonly std: number,
  ) {
    if (!(std > 0) || !Number.isFinite(mean)) throw new RangeError(`invalid standardization mean=${mean} std=${std}`);
  }

  /**
   * Fit on values. `ddof` 0 is the population std (numpy's default, used by matgl's
   * StandardScaler-style fitting); 1 is the sample std (torch.std's default).
   */
  static fit(values: ArrayLike<number>, ddof: 0 | 1 = 0): Standardize {
    const n = values.length;
    if (n - ddof <= 0) throw new RangeError("too few values to standardize");
    let mean = 0;
    for (let i = 0; i < n; i++) mean += values[i];
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
    return new Standardize(mean, Math.sqrt(ss / (n - ddof)));
  }

  forward(y: number): number {
    return (y - this.mean) / this.std;
  }
  inverse(z: number): number {
    return z * this.std + this.mean;
  }
  toJSON(): TargetTransformJSON {
    return { kind: "standardize", mean: this.mean, std: this.std };
  }
}

/** Apply `steps` in order on the way forward, in reverse order on the way back. */
export class Compose implements TargetTransform {
  readonly steps: readonly TargetTransform[];
  constructor(steps: readonly TargetTransform[]) {
    this.steps = steps;
  }
  forward(y: number): number {
    return this.steps.reduce((v, t) => t.forward(v), y);
  }
  inverse(z: number): number {
    return this.steps.reduceRight((v, t) => t.inverse(v), z);
  }
  toJSON(): TargetTransformJSON {
    return { kind: "compose", steps: this.steps.map((t) => t.toJSON()) };
  }
}

/** Rebuild a transform from its JSON form. */
export function targetTransformFromJSON(json: TargetTransformJSON): TargetTransform {
  switch (json.kind) {
    case "identity":
      return Identity;
    case "log10plus1":
      return Log10Plus1;
    case "log10":
      return Log10;
    case "standardize":
      return new Standardize(json.mean, json.std);
    case "compose":
      return new Compose(json.steps.map(targetTransformFromJSON));
  }
}
