/**
 * Space-group operations on fractional coordinates: x' = R·x + t, with R an integer 3×3 matrix
 * (row-major, 9 entries) and t a translation. Parsed from CIF `x,y,z` strings and composed
 * into groups.
 */
import type { Vec3 } from "../../../core/vec3.js";

export interface SymOp {
  /** Row-major rotation part: x'_i = Σ_j rot[3i+j]·x_j + trans_i. */
  readonly rot: readonly number[];
  readonly trans: Vec3;
}

export const IDENTITY: SymOp = Object.freeze({
  rot: Object.freeze([1, 0, 0, 0, 1, 0, 0, 0, 1]),
  trans: Object.freeze([0, 0, 0]) as unknown as Vec3,
});

/** Image of fractional coordinates under `op` (not wrapped). */
export function applyOp(op: SymOp, f: Vec3): Vec3 {
  const r = op.rot;
  return [
    r[0] * f[0] + r[1] * f[1] + r[2] * f[2] + op.trans[0],
    r[3] * f[0] + r[4] * f[1] + r[5] * f[2] + op.trans[1],
    r[6] * f[0] + r[7] * f[1] + r[8] * f[2] + op.trans[2],
  ];
}

/** Reduce to [0, 1); values within 1e-12 below 1 (round-off) become 0. */
export function wrap01(x: number): number {
  const y = x - Math.floor(x);
  return y >= 1 - 1e-12 ? 0 : y;
}

/** a∘b: apply b first, then a. Translation reduced modulo 1. */
export function compose(a: SymOp, b: SymOp): SymOp {
  const r: number[] = new Array(9);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) {
      r[3 * i + j] = a.rot[3 * i] * b.rot[j] + a.rot[3 * i + 1] * b.rot[3 + j] + a.rot[3 * i + 2] * b.rot[6 + j];
    }
  }
  const t = applyOp({ rot: a.rot, trans: a.trans }, b.trans);
  return { rot: r, trans: [wrapTrans(t[0]), wrapTrans(t[1]), wrapTrans(t[2])] };
}

/** Translations live on a grid of 1/24 (fractions like 1/3, 1/4, 1/6, 1/8); snap to kill round-off. */
function wrapTrans(x: number): number {
  const s = Math.round(x * 24) / 24;
  const v = Math.abs(s - x) < 1e-6 ? s : x;
  return wrap01(v);
}

/** A key identifying an operation modulo lattice translations. */
export function opKey(op: SymOp): string {
  const t = op.trans.map((x) => {
    // on the 1/24 grid (every crystallographic translation, also when written as 0.3333): exact; else 6 decimals
    const w = wrap01(x);
    const g = Math.round(w * 24);
    return Math.abs(w * 24 - g) < 24e-4 ? String(g % 24) : (Math.round(w * 1e6) / 1e6).toFixed(6);
  });
  return `${op.rot.join(",")}|${t.join(",")}`;
}

/** Close a set of generators into a group (translations mod 1). Throws RangeError past `maxOrder`. */
export function closeGroup(generators: readonly SymOp[], maxOrder = 192): SymOp[] {
  const ops: SymOp[] = [IDENTITY];
  const seen = new Set([opKey(IDENTITY)]);
  for (let i = 0; i < ops.length; i++) {
    for (const g of generators) {
      const h = compose(g, ops[i]);
      const key = opKey(h);
      if (!seen.has(key)) {
        seen.add(key);
        ops.push(h);
        if (ops.length > maxOrder) throw new RangeError(`group exceeds ${maxOrder} operations`);
      }
    }
  }
  return ops;
}

/**
 * Parse one `x,y,z`-style operation ("-x+1/2, y, z+0.25", "x-y,x,z+1/6", "1/2+X"). A fourth
 * component (magnetic time reversal, "+1"/"-1") is ignored. Returns an error reason on failure.
 */
export function parseXyz(text: string): SymOp | string {
  const parts = text.replace(/\s+/g, "").toLowerCase().split(",");
  if (parts.length !== 3 && parts.length !== 4) return `'${text}' is not a symmetry operation (expected 3 comma-separated parts)`;
  const rot = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  const trans: [number, number, number] = [0, 0, 0];
  for (let row = 0; row < 3; row++) {
    const s = parts[row];
    if (s.length === 0) return `'${text}' has an empty component`;
    let p = 0;
    while (p < s.length) {
      let sign = 1;
      while (s[p] === "+" || s[p] === "-") {
        if (s[p] === "-") sign = -sign;
        p++;
      }
      let num: number | undefined;
      const numStart = p;
      while (p < s.length && /[0-9.]/.test(s[p])) p++;
      if (p > numStart) {
        num = Number(s.slice(numStart, p));
        if (s[p] === "/") {
          const denStart = ++p;
          while (p < s.length && /[0-9.]/.test(s[p])) p++;
          const den = Number(s.slice(denStart, p));
          if (!(den > 0)) return `'${text}' has a bad fraction`;
          num /= den;
        }
        if (!Number.isFinite(num)) return `'${text}' has a bad number`;
        if (s[p] === "*") p++;
      }
      const axis = "xyz".indexOf(s[p] ?? "");
      if (axis >= 0 && p < s.length) {
        p++;
        let coef = num ?? 1;
        if (s[p] === "/") {
          const denStart = ++p;
          while (p < s.length && /[0-9]/.test(s[p])) p++;
          coef /= Number(s.slice(denStart, p));
        }
        rot[3 * row + axis] += sign * coef;
      } else if (num !== undefined) {
        trans[row] += sign * num;
      } else {
        return `'${text}' is not a symmetry operation (unexpected '${s[p] ?? "end"}' in '${parts[row]}')`;
      }
    }
  }
  if (!rot.every((r) => Number.isInteger(r))) return `'${text}' has a non-integer rotation part`;
  return { rot, trans };
}
