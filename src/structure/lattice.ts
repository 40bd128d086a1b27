import { type Mat3, type Vec3, det3, dot, inv3, norm, transpose3, vecMat } from "../core/vec3.js";
import { StructureError } from "../core/errors.js";

const DEG = Math.PI / 180;

/**
 * A crystal lattice: three lattice vectors as the rows of a 3×3 matrix (Å).
 * Immutable. Fractional coordinates are row vectors: cart = frac · matrix.
 */
export class Lattice {
  readonly matrix: Mat3;
  /** Inverse of `matrix`: frac = cart · inverse. */
  readonly inverse: Mat3;

  private constructor(matrix: Mat3) {
    this.matrix = matrix;
    this.inverse = inv3(matrix);
  }

  /** From a 3×3 matrix whose rows are the lattice vectors. Rejects singular or non-finite input. */
  static fromMatrix(matrix: ArrayLike<ArrayLike<number>>): Lattice {
    const rows = [0, 1, 2].map((i) => [0, 1, 2].map((j) => Number(matrix[i]?.[j]))) as unknown as Mat3;
    if (rows.some((r) => r.some((x) => !Number.isFinite(x)))) {
      throw new StructureError("lattice matrix must be 3x3 with finite entries");
    }
    const volume = Math.abs(det3(rows));
    if (!(volume > 1e-8)) throw new StructureError(`lattice has zero volume (${volume})`);
    return new Lattice(rows);
  }

  /**
   * From lengths (Å) and angles (degrees), in pymatgen's convention (c along z; a in the xz plane),
   * so matrices agree with pymatgen's `Lattice.from_parameters` to round-off.
   */
  static fromParameters(a: number, b: number, c: number, alpha: number, beta: number, gamma: number): Lattice {
    for (const [name, v] of [["a", a], ["b", b], ["c", c]] as const) {
      if (!(Number.isFinite(v) && v > 0)) throw new StructureError(`cell length ${name} must be positive, got ${v}`);
    }
    for (const [name, v] of [["alpha", alpha], ["beta", beta], ["gamma", gamma]] as const) {
      if (!(Number.isFinite(v) && v > 0 && v < 180)) {
        throw new StructureError(`cell angle ${name} must be strictly between 0 and 180 degrees, got ${v}`);
      }
    }
    if (alpha + beta + gamma >= 360 || alpha + beta <= gamma || alpha + gamma <= beta || beta + gamma <= alpha) {
      throw new StructureError(`impossible cell angles alpha=${alpha} beta=${beta} gamma=${gamma}`);
    }
    const [ca, cb, cg] = [Math.cos(alpha * DEG), Math.cos(beta * DEG), Math.cos(gamma * DEG)];
    const [sa, sb] = [Math.sin(alpha * DEG), Math.sin(beta * DEG)];
    const val = Math.min(1, Math.max(-1, (ca * cb - cg) / (sa * sb)));
    const gammaStar = Math.acos(val);
    const matrix: Mat3 = [
      [a * sb, 0, a * cb],
      [-b * sa * Math.cos(gammaStar), b * sa * Math.sin(gammaStar), b * ca],
      [0, 0, c],
    ];
    return Lattice.fromMatrix(matrix);
  }

  get a(): number {
    return norm(this.matrix[0]);
  }
  get b(): number {
    return norm(this.matrix[1]);
  }
  get c(): number {
    return norm(this.matrix[2]);
  }
  /** Angle between b and c, degrees. */
  get alpha(): number {
    return angle(this.matrix[1], this.matrix[2]);
  }
  /** Angle between a and c, degrees. */
  get beta(): number {
    return angle(this.matrix[0], this.matrix[2]);
  }
  /** Angle between a and b, degrees. */
  get gamma(): number {
    return angle(this.matrix[0], this.matrix[1]);
  }
  /** Cell volume, Å³ (always positive). */
  get volume(): number {
    return Math.abs(det3(this.matrix));
  }

  /** Lengths and angles in one object. */
  get parameters(): { a: number; b: number; c: number; alpha: number; beta: number; gamma: number } {
    return { a: this.a, b: this.b, c: this.c, alpha: this.alpha, beta: this.beta, gamma: this.gamma };
  }

  /** Reciprocal lattice with the 2π factor (rows b_i with a_i·b_j = 2π δ_ij), as pymatgen's `reciprocal_lattice`. */
  get reciprocal(): Lattice {
    return Lattice.fromMatrix(this.reciprocalCrystallographic.matrix.map((r) => r.map((x) => 2 * Math.PI * x)));
  }

  /** Reciprocal lattice without 2π (a_i·b_j = δ_ij). Row norms are the inverse interplanar spacings. */
  get reciprocalCrystallographic(): Lattice {
    return Lattice.fromMatrix(transpose3(this.inverse));
  }

  /** Perpendicular widths of the cell (distance between opposite faces), Å. */
  get perpendicularWidths(): Vec3 {
    const r = transpose3(this.inverse);
    return [1 / norm(r[0]), 1 / norm(r[1]), 1 / norm(r[2])];
  }

  fracToCart(frac: Vec3): Vec3 {
    return vecMat(frac, this.matrix);
  }

  cartToFrac(cart: Vec3): Vec3 {
    return vecMat(cart, this.inverse);
  }

  toJSON(): { matrix: number[][] } {
    return { matrix: this.matrix.map((r) => [...r]) };
  }
}

function angle(u: Vec3, v: Vec3): number {
  const c = dot(u, v) / (norm(u) * norm(v));
  return Math.acos(Math.min(1, Math.max(-1, c))) / DEG;
}
