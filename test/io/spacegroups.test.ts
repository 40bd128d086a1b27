import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { hallGenerators, operationsFromHall } from "../../src/io/cif/symmetry/hall.js";
import { type SymOp, closeGroup, opKey, parseXyz } from "../../src/io/cif/symmetry/operation.js";
import {
  allSpaceGroupSettings,
  normalizeHM,
  spaceGroupByHall,
  spaceGroupByName,
  spaceGroupByNumber,
} from "../../src/io/cif/symmetry/spacegroups.js";
import { fixturesDir } from "../helpers/paths.js";

interface OracleSetting {
  number: number;
  hm: string;
  hall: string;
  order: number;
  ops?: string[];
}
const oracle: { settings: OracleSetting[]; changeOfBasis: { hall: string; order: number; ops?: string[] }[] } = JSON.parse(
  readFileSync(resolve(fixturesDir(), "cif/spacegroups.json"), "utf8"),
);

const keys = (ops: readonly SymOp[]) => new Set(ops.map(opKey));
const xyz = (s: string) => {
  const op = parseXyz(s);
  if (typeof op === "string") throw new Error(op);
  return op;
};

describe("x,y,z operations", () => {
  it("parses the spellings found in real files", () => {
    expect(xyz("-x+1/2, y, z+0.25")).toEqual({ rot: [-1, 0, 0, 0, 1, 0, 0, 0, 1], trans: [0.5, 0, 0.25] });
    expect(xyz("x-y,x,z+1/6")).toEqual({ rot: [1, -1, 0, 1, 0, 0, 0, 0, 1], trans: [0, 0, 1 / 6] });
    expect(xyz("1/2+X,-Y,+Z")).toEqual({ rot: [1, 0, 0, 0, -1, 0, 0, 0, 1], trans: [0.5, 0, 0] });
    expect(xyz("x,y,z,-1").rot).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]); // magnetic time reversal dropped
    expect(parseXyz("x,y")).toMatch(/3 comma-separated parts/);
    expect(parseXyz("x,y,q")).toMatch(/unexpected 'q'/);
  });
});

describe("Hall symbols → groups", () => {
  it("has all 230 groups in the table", () => {
    const numbers = new Set(allSpaceGroupSettings().map((s) => s.number));
    expect(numbers.size).toBe(230);
    expect(allSpaceGroupSettings()).toHaveLength(oracle.settings.length);
  });

  it("gives every setting the group order of the International Tables (pymatgen's symm_ops.json)", () => {
    const mismatches = allSpaceGroupSettings()
      .map((s, i) => [s.hall, s.ops.length, oracle.settings[i].order] as const)
      .filter(([, mine, theirs]) => mine !== theirs);
    expect(mismatches).toEqual([]);
  });

  it("matches a few orders straight from the International Tables", () => {
    const order = (n: number) => spaceGroupByNumber(n)?.ops.length;
    // P1, P-1, P2_1/c, Pnma, Fddd, I4_1/amd, R-3m (hexagonal axes), P6_3/mmc, Fm-3m, Ia-3d
    expect([1, 2, 14, 62, 70, 141, 166, 194, 225, 230].map(order)).toEqual([1, 2, 4, 8, 32, 32, 36, 24, 192, 96]);
  });

  it("reproduces pymatgen's operations exactly for a sample of settings", () => {
    const sampled = oracle.settings.filter((s) => s.ops);
    expect(sampled.length).toBeGreaterThan(40);
    for (const s of sampled) {
      const mine = spaceGroupByHall(s.hall);
      expect(keys(mine?.ops ?? []), s.hall).toEqual(keys((s.ops ?? []).map(xyz)));
    }
  });

  it("reads Hall symbols with a unimodular x,y,z change of basis (133 non-standard settings)", () => {
    expect(oracle.changeOfBasis).toHaveLength(133);
    for (const e of oracle.changeOfBasis) {
      const ops = operationsFromHall(e.hall);
      expect(ops.length, e.hall).toBe(e.order);
      if (e.ops) expect(keys(ops), e.hall).toEqual(keys(e.ops.map(xyz)));
    }
    expect(() => operationsFromHall("-P 2ybc (1/2*x,y,-1/2*x+z)")).toThrow(/unimodular/);
  });

  it("applies Hall's default axes and origin shifts", () => {
    // P 6_1 2 2: 2-fold after a 6-fold is along a−b
    expect(hallGenerators(" P 61 2 (0 0 5)")).toHaveLength(2);
    expect(operationsFromHall("-P 3* 2")).toHaveLength(12); // R-3m, rhombohedral axes
    expect(() => operationsFromHall("Q 1")).toThrow(/unknown lattice symbol/);
    expect(() => closeGroup([xyz("x+0.13,y,z")], 10)).toThrow(/exceeds/);
  });
});

describe("space-group names", () => {
  it("normalises the spellings used in CIFs", () => {
    expect(normalizeHM("P 1 21/c 1")).toBe("p121/c1");
    expect(normalizeHM("F d -3 m Z")).toBe("fd-3m:2");
    expect(normalizeHM("P2(1)/c")).toBe("p21/c");
    expect(normalizeHM("Cmca")).toBe("cmce");
  });

  it("finds groups by full, short, old and setting-qualified names", () => {
    expect(spaceGroupByName("P 21/c")?.hall).toBe("-P 2ybc");
    expect(spaceGroupByName("Pnma")?.number).toBe(62);
    expect(spaceGroupByName("Fm3m")?.number).toBe(225);
    expect(spaceGroupByName("Cmca")?.number).toBe(64);
    expect(spaceGroupByName("F d -3 m")?.symbol).toBe("F d -3 m :1"); // pymatgen's default
    expect(spaceGroupByName("F d -3 m :2")?.hall).toBe("-F 4vw 2vw 3");
    expect(spaceGroupByName("R -3 m")?.symbol).toBe("R -3 m :H");
    expect(spaceGroupByName("R -3 m", { rhombohedral: true })?.symbol).toBe("R -3 m :R");
    expect(spaceGroupByName("X 9")).toBeUndefined();
    expect(spaceGroupByNumber(231)).toBeUndefined();
  });
});
