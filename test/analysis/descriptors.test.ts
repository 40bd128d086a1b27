import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  compositionDescriptors,
  DESCRIPTORS,
  descriptorInfo,
  descriptorLabel,
  parseFormula,
  structureDescriptors,
} from "../../src/analysis/descriptors.js";
import { DataError } from "../../src/core/errors.js";
import type { Vec3 } from "../../src/core/vec3.js";
import { Lattice, Structure } from "../../src/structure/index.js";
import { fixturesDir } from "../helpers/paths.js";

interface Entry {
  id: string;
  formula: string;
  matrix: number[][];
  species: string[];
  frac: number[][];
  descriptors: Record<string, number | null>;
}
const { structures } = JSON.parse(readFileSync(resolve(fixturesDir(), "analysis/descriptors.json"), "utf8")) as {
  structures: Entry[];
};

describe("structure descriptors against pymatgen", () => {
  for (const e of structures) {
    it(`${e.id} (${e.formula})`, () => {
      const s = Structure.fromSpecies(Lattice.fromMatrix(e.matrix), e.species, e.frac as unknown as Vec3[]);
      const got = structureDescriptors(s);
      expect(Object.keys(got).sort()).toEqual(DESCRIPTORS.map((d) => d.key).sort());
      for (const [key, want] of Object.entries(e.descriptors)) {
        if (want === null) expect(Number.isNaN(got[key]), key).toBe(true);
        else expect(Math.abs(got[key] - want), key).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want)));
      }
    });
  }
});

describe("composition descriptors and formulas", () => {
  it("parses plain, bracketed and fractional formulas", () => {
    expect(parseFormula("Li2O")).toEqual({ Li: 2, O: 1 });
    expect(parseFormula("PbTe")).toEqual({ Pb: 1, Te: 1 });
    expect(parseFormula("Ca3(PO4)2")).toEqual({ Ca: 3, P: 2, O: 8 });
    expect(parseFormula("Al4(B2O5)3")).toEqual({ Al: 4, B: 6, O: 15 });
    expect(parseFormula("Fe0.5Ni0.5")).toEqual({ Fe: 0.5, Ni: 0.5 });
    expect(parseFormula("K[Fe(CN)6]")).toEqual({ K: 1, Fe: 1, C: 6, N: 6 });
  });

  it("rejects malformed formulas with DataError", () => {
    expect(() => parseFormula("Xx2")).toThrow(DataError);
    expect(() => parseFormula("Ca3(PO4")).toThrow(DataError);
    expect(() => parseFormula("li2o")).toThrow(DataError);
    expect(() => parseFormula("")).toThrow(DataError);
  });

  it("formula descriptors equal the structure's (same composition ratio)", () => {
    const e = structures.find((x) => x.formula === "Ag2HgO2") as Entry;
    const fromFormula = compositionDescriptors(parseFormula(e.formula));
    for (const [key, value] of Object.entries(fromFormula)) {
      expect(value).toBeCloseTo(e.descriptors[key] as number, 10);
    }
  });

  it("labels carry units", () => {
    expect(descriptorLabel("volume")).toBe("volume (Å³)");
    expect(descriptorLabel("density")).toBe("density (g/cm³)");
    expect(descriptorLabel("nsites")).toBe("sites");
    expect(descriptorInfo("band_gap").unit).toBe("");
    for (const d of DESCRIPTORS) expect(d.description.length).toBeGreaterThan(5);
  });
});
