/**
 * Hall symbols → space-group operations (S. R. Hall, Acta Cryst. A37, 517 (1981); the
 * explicit-origin notation of International Tables vol. B, §1.4). A symbol such as
 * `-F 4vw 2vw 3` gives a lattice (centering + optional inversion) and up to four generator
 * matrices; the group is their closure.
 */
import { type SymOp, closeGroup, compose, parseXyz } from "./operation.js";

type Mat = readonly number[];

const CENTERING: Readonly<Record<string, readonly (readonly [number, number, number])[]>> = {
  P: [],
  A: [[0, 0.5, 0.5]],
  B: [[0.5, 0, 0.5]],
  C: [[0.5, 0.5, 0]],
  I: [[0.5, 0.5, 0.5]],
  R: [
    [2 / 3, 1 / 3, 1 / 3],
    [1 / 3, 2 / 3, 2 / 3],
  ],
  S: [
    [1 / 3, 1 / 3, 2 / 3],
    [2 / 3, 2 / 3, 1 / 3],
  ],
  T: [
    [1 / 3, 2 / 3, 1 / 3],
    [2 / 3, 1 / 3, 2 / 3],
  ],
  F: [
    [0, 0.5, 0.5],
    [0.5, 0, 0.5],
    [0.5, 0.5, 0],
  ],
};

// Hall's Table 3: proper rotations along the principal axes, the face diagonals (' and ")
// relative to the preceding axis, and the body diagonal (*).
const PRINCIPAL: Readonly<Record<string, Readonly<Record<number, Mat>>>> = {
  x: {
    1: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    2: [1, 0, 0, 0, -1, 0, 0, 0, -1],
    3: [1, 0, 0, 0, 0, -1, 0, 1, -1],
    4: [1, 0, 0, 0, 0, -1, 0, 1, 0],
    6: [1, 0, 0, 0, 1, -1, 0, 1, 0],
  },
  y: {
    1: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    2: [-1, 0, 0, 0, 1, 0, 0, 0, -1],
    3: [-1, 0, 1, 0, 1, 0, -1, 0, 0],
    4: [0, 0, 1, 0, 1, 0, -1, 0, 0],
    6: [0, 0, 1, 0, 1, 0, -1, 0, 1],
  },
  z: {
    1: [1, 0, 0, 0, 1, 0, 0, 0, 1],
    2: [-1, 0, 0, 0, -1, 0, 0, 0, 1],
    3: [0, -1, 0, 1, -1, 0, 0, 0, 1],
    4: [0, -1, 0, 1, 0, 0, 0, 0, 1],
    6: [1, -1, 0, 1, 0, 0, 0, 0, 1],
  },
};
const DIAGONAL: Readonly<Record<string, Readonly<Record<string, Mat>>>> = {
  x: { "'": [-1, 0, 0, 0, 0, -1, 0, -1, 0], '"': [-1, 0, 0, 0, 0, 1, 0, 1, 0] },
  y: { "'": [0, 0, -1, 0, -1, 0, -1, 0, 0], '"': [0, 0, 1, 0, -1, 0, 1, 0, 0] },
  z: { "'": [0, -1, 0, -1, 0, 0, 0, 0, -1], '"': [0, 1, 0, 1, 0, 0, 0, 0, -1] },
};
const BODY_DIAGONAL: Mat = [0, 0, 1, 1, 0, 0, 0, 1, 0];

const TRANSLATION: Readonly<Record<string, readonly [number, number, number]>> = {
  a: [0.5, 0, 0],
  b: [0, 0.5, 0],
  c: [0, 0, 0.5],
  n: [0.5, 0.5, 0.5],
  u: [0.25, 0, 0],
  v: [0, 0.25, 0],
  w: [0, 0, 0.25],
  d: [0.25, 0.25, 0.25],
};

const AXIS_INDEX: Readonly<Record<string, number>> = { x: 0, y: 1, z: 2 };

/** Parse a Hall symbol into its generators (centering translations and inversion included). Throws RangeError. */
export function hallGenerators(hall: string): SymOp[] {
  const text = hall.trim();
  const paren = text.indexOf("(");
  const main = (paren >= 0 ? text.slice(0, paren) : text).trim();
  const change = paren >= 0 ? text.slice(paren + 1, text.lastIndexOf(")")).trim() : "";
  const words = main.split(/\s+/);
  const latticeWord = words[0];
  const centro = latticeWord.startsWith("-");
  const letter = (centro ? latticeWord.slice(1) : latticeWord).toUpperCase();
  const centering = CENTERING[letter];
  if (!centering) throw new RangeError(`Hall symbol '${hall}': unknown lattice symbol '${latticeWord}'`);

  const generators: SymOp[] = centering.map((t) => ({ rot: PRINCIPAL.z[1], trans: t }));
  if (centro) generators.push({ rot: [-1, 0, 0, 0, -1, 0, 0, 0, -1], trans: [0, 0, 0] });

  let previousOrder = 0;
  let previousAxis = "z";
  words.slice(1).forEach((word, position) => {
    const m = /^(-?)([12346])([xyz'"*]?)([abcnuvwd12345]*)$/.exec(word);
    if (!m) throw new RangeError(`Hall symbol '${hall}': cannot read '${word}'`);
    const [, improper, orderText, axisGiven, translations] = m;
    const order = Number(orderText);
    let axis = axisGiven;
    if (axis === "") {
      // Hall's default axes: first along c; a 2-fold after a 2/4 along a, after a 3/6 along a−b; a third 3-fold along the body diagonal
      if (position === 0) axis = "z";
      else if (position === 1 && order === 2) axis = previousOrder === 2 || previousOrder === 4 ? "x" : "'";
      else if (position === 2 && order === 3) axis = "*";
      else axis = order === 1 ? "z" : previousAxis;
    }
    let rot: Mat;
    if (axis === "*") rot = BODY_DIAGONAL;
    else if (axis === "'" || axis === '"') rot = DIAGONAL[previousAxis][axis];
    else {
      const r = PRINCIPAL[axis][order];
      if (!r) throw new RangeError(`Hall symbol '${hall}': no ${order}-fold rotation`);
      rot = r;
    }
    if (improper) rot = rot.map((x) => -x);
    const trans: [number, number, number] = [0, 0, 0];
    for (const ch of translations) {
      if (ch >= "1" && ch <= "5") {
        // screw component k/N along the rotation axis
        const k = AXIS_INDEX[axis];
        if (k === undefined) throw new RangeError(`Hall symbol '${hall}': screw translation needs a principal axis`);
        trans[k] += Number(ch) / order;
      } else {
        const t = TRANSLATION[ch];
        for (let k = 0; k < 3; k++) trans[k] += t[k];
      }
    }
    generators.push({ rot, trans });
    previousOrder = order;
    if (axis === "x" || axis === "y" || axis === "z") previousAxis = axis;
  });

  if (change === "") return generators;
  const v = parseChangeOfBasis(change, hall);
  const vInverse = inverseOp(v);
  // S' = V·S·V⁻¹
  return generators.map((g) => compose(compose(v, g), vInverse));
}

/**
 * Change of basis in Hall's "(a b c)" twelfths form (an origin shift) or in x,y,z form such as
 * "(x+1/4,y+1/4,z)" or "(z,x,y)". Only integer matrices with determinant ±1 are supported
 * (settings that keep the cell volume).
 */
function parseChangeOfBasis(text: string, hall: string): SymOp {
  const parts = text.split(/\s+/);
  if (parts.length === 3 && parts.every((p) => /^-?\d+$/.test(p))) {
    return { rot: PRINCIPAL.z[1], trans: [Number(parts[0]) / 12, Number(parts[1]) / 12, Number(parts[2]) / 12] };
  }
  const op = parseXyz(text);
  if (typeof op === "string" || Math.abs(det(op.rot)) !== 1) {
    throw new RangeError(`Hall symbol '${hall}': change of basis '(${text})' must be an origin shift or a unimodular x,y,z transformation`);
  }
  return op;
}

function det(r: Mat): number {
  return r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6]) + r[2] * (r[3] * r[7] - r[4] * r[6]);
}

/** Inverse of an operation whose rotation is integer with determinant ±1. */
function inverseOp(op: SymOp): SymOp {
  const r = op.rot;
  const d = det(r);
  const inv = [
    r[4] * r[8] - r[5] * r[7],
    r[2] * r[7] - r[1] * r[8],
    r[1] * r[5] - r[2] * r[4],
    r[5] * r[6] - r[3] * r[8],
    r[0] * r[8] - r[2] * r[6],
    r[2] * r[3] - r[0] * r[5],
    r[3] * r[7] - r[4] * r[6],
    r[1] * r[6] - r[0] * r[7],
    r[0] * r[4] - r[1] * r[3],
  ].map((x) => x / d);
  const t = op.trans;
  const trans: [number, number, number] = [0, 1, 2].map(
    (i) => -(inv[3 * i] * t[0] + inv[3 * i + 1] * t[1] + inv[3 * i + 2] * t[2]),
  ) as [number, number, number];
  return { rot: inv, trans };
}

/** All operations of the space group with this Hall symbol (centering included). */
export function operationsFromHall(hall: string): SymOp[] {
  return closeGroup(hallGenerators(hall));
}
