/** Small fixed-size linear algebra for lattices: 3-vectors and 3×3 matrices (rows). */

export type Vec3 = readonly [number, number, number];
/** A 3×3 matrix as three rows. For a lattice, the rows are the lattice vectors a, b, c. */
export type Mat3 = readonly [Vec3, Vec3, Vec3];

export const dot = (u: Vec3, v: Vec3): number => u[0] * v[0] + u[1] * v[1] + u[2] * v[2];

export const cross = (u: Vec3, v: Vec3): Vec3 => [
  u[1] * v[2] - u[2] * v[1],
  u[2] * v[0] - u[0] * v[2],
  u[0] * v[1] - u[1] * v[0],
];

export const norm = (u: Vec3): number => Math.sqrt(dot(u, u));

export const det3 = (m: Mat3): number => dot(m[0], cross(m[1], m[2]));

/** Inverse of a 3×3 matrix (adjugate / determinant). Throws on a singular matrix. */
export function inv3(m: Mat3): Mat3 {
  const d = det3(m);
  if (!Number.isFinite(d) || d === 0) throw new RangeError("singular 3x3 matrix");
  const c0 = cross(m[1], m[2]);
  const c1 = cross(m[2], m[0]);
  const c2 = cross(m[0], m[1]);
  // columns of the inverse are the cross products / det
  return [
    [c0[0] / d, c1[0] / d, c2[0] / d],
    [c0[1] / d, c1[1] / d, c2[1] / d],
    [c0[2] / d, c1[2] / d, c2[2] / d],
  ];
}

/** Row vector times matrix: v·M. */
export const vecMat = (v: Vec3, m: Mat3): Vec3 => [
  v[0] * m[0][0] + v[1] * m[1][0] + v[2] * m[2][0],
  v[0] * m[0][1] + v[1] * m[1][1] + v[2] * m[2][1],
  v[0] * m[0][2] + v[1] * m[1][2] + v[2] * m[2][2],
];

export const transpose3 = (m: Mat3): Mat3 => [
  [m[0][0], m[1][0], m[2][0]],
  [m[0][1], m[1][1], m[2][1]],
  [m[0][2], m[1][2], m[2][2]],
];

export const matMul3 = (a: Mat3, b: Mat3): Mat3 => [vecMat(a[0], b), vecMat(a[1], b), vecMat(a[2], b)];
