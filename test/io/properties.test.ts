import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Vec3 } from "../../src/core/vec3.js";
import { applyOp, wrap01 } from "../../src/io/cif/symmetry/operation.js";
import { allSpaceGroupSettings } from "../../src/io/cif/symmetry/spacegroups.js";
import { parseCifStructure, parsePoscar, writeCif, writePoscar } from "../../src/io/index.js";
import { Lattice } from "../../src/structure/lattice.js";
import { type Site, Structure } from "../../src/structure/structure.js";

const ELEMENTS = ["H", "Li", "O", "Na", "Si", "Cl", "Fe", "Co", "Sr", "Te", "Pb", "U"];
const coord = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const frac = fc.tuple(coord, coord, coord);

const lattice = fc
  .record({
    a: fc.double({ min: 2, max: 15, noNaN: true }),
    b: fc.double({ min: 2, max: 15, noNaN: true }),
    c: fc.double({ min: 2, max: 15, noNaN: true }),
    alpha: fc.double({ min: 60, max: 120, noNaN: true }),
    beta: fc.double({ min: 60, max: 120, noNaN: true }),
    gamma: fc.double({ min: 60, max: 120, noNaN: true }),
  })
  .filter((p) => {
    try {
      return Lattice.fromParameters(p.a, p.b, p.c, p.alpha, p.beta, p.gamma).volume > 0.3 * p.a * p.b * p.c;
    } catch {
      return false;
    }
  })
  .map((p) => Lattice.fromParameters(p.a, p.b, p.c, p.alpha, p.beta, p.gamma));

const site: fc.Arbitrary<Site> = fc.oneof(
  fc.record({
    species: fc.tuple(fc.constantFrom(...ELEMENTS), fc.option(fc.integer({ min: -3, max: 4 }), { nil: undefined })).map(
      ([element, ox]) => [ox === undefined || ox === 0 ? { element, occupancy: 1 } : { element, occupancy: 1, oxidationState: ox }],
    ),
    frac,
  }),
  fc.record({
    species: fc
      .tuple(fc.shuffledSubarray(ELEMENTS, { minLength: 2, maxLength: 2 }), fc.double({ min: 0.05, max: 0.45, noNaN: true }))
      .map(([[a, b], x]) => [
        { element: a, occupancy: x },
        { element: b, occupancy: 1 - x - 0.1 },
      ]),
    frac,
  }),
);

/** Sites far enough apart (0.01 in some fractional coordinate) that the parser cannot merge them. */
function separated(sites: readonly Site[]): boolean {
  for (let i = 0; i < sites.length; i++) {
    for (let j = 0; j < i; j++) {
      const close = [0, 1, 2].every((k) => {
        const d = sites[i].frac[k] - sites[j].frac[k];
        return Math.abs(d - Math.round(d)) < 0.01;
      });
      if (close) return false;
    }
  }
  return true;
}

const structure = fc
  .tuple(lattice, fc.array(site, { minLength: 1, maxLength: 12 }))
  .filter(([, sites]) => separated(sites))
  .map(([lat, sites]) => new Structure(lat, sites));

const periodicDiff = (a: number, b: number) => {
  const d = a - b;
  return Math.abs(d - Math.round(d));
};

describe("properties", () => {
  it("parseCif(writeCif(s)) reproduces s within 1e-6", () => {
    fc.assert(
      fc.property(structure, (s) => {
        const back = parseCifStructure(writeCif(s));
        expect(back.nSites).toBe(s.nSites);
        for (const key of ["a", "b", "c", "alpha", "beta", "gamma"] as const) {
          expect(Math.abs(back.lattice[key] - s.lattice[key])).toBeLessThan(1e-6);
        }
        s.sites.forEach((orig, i) => {
          const got = back.sites[i];
          for (let k = 0; k < 3; k++) expect(periodicDiff(got.frac[k], orig.frac[k])).toBeLessThan(1e-6);
          expect(got.species.map((x) => x.element)).toEqual(orig.species.map((x) => x.element));
          got.species.forEach((sp, j) => {
            expect(Math.abs(sp.occupancy - orig.species[j].occupancy)).toBeLessThan(1e-6);
            expect(sp.oxidationState).toBe(orig.species[j].oxidationState);
          });
        });
      }),
      { numRuns: 150 },
    );
  });

  it("parsePoscar(writePoscar(s)) reproduces an ordered s within 1e-6", () => {
    fc.assert(
      fc.property(structure, (s) => {
        fc.pre(s.isOrdered);
        const back = parsePoscar(writePoscar(s));
        expect(back.sites.map((x) => x.species[0].element)).toEqual(s.sites.map((x) => x.species[0].element));
        for (let i = 0; i < 3; i++) {
          for (let k = 0; k < 3; k++) expect(Math.abs(back.lattice.matrix[i][k] - s.lattice.matrix[i][k])).toBeLessThan(1e-6);
        }
        for (const [i, x] of back.sites.entries()) {
          for (let k = 0; k < 3; k++) expect(Math.abs(x.frac[k] - s.sites[i].frac[k])).toBeLessThan(1e-6);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("symmetry expansion of a random asymmetric unit equals brute force under a random space group", () => {
    const settings = allSpaceGroupSettings();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: settings.length - 1 }),
        fc.array(fc.tuple(fc.constantFrom(...ELEMENTS), frac), { minLength: 1, maxLength: 3 }),
        (index, atoms) => {
          const group = settings[index];
          // brute force: every image of every atom, duplicates of the same atom removed pairwise
          const expected: { el: string; p: Vec3; atom: number }[] = [];
          atoms.forEach(([el, f], atom) => {
            for (const op of group.ops) {
              const q = applyOp(op, f).map(wrap01) as unknown as Vec3;
              const same = (e: { p: Vec3 }) => [0, 1, 2].every((k) => periodicDiff(e.p[k], q[k]) < 1e-4);
              if (!expected.some((e) => e.atom === atom && same(e))) expected.push({ el, p: q, atom });
            }
          });
          // distinct atoms must not share (or nearly share) an image, else the parser rightly merges them
          const near = (a: Vec3, b: Vec3) => [0, 1, 2].every((k) => periodicDiff(a[k], b[k]) < 1e-3);
          fc.pre(expected.every((e, i) => expected.every((g, j) => j <= i || e.atom === g.atom || !near(e.p, g.p))));
          const rows = atoms.map(([el, f], i) => `${el}${i} ${el} ${f.map((x) => x.toFixed(12)).join(" ")}`).join("\n");
          const cif = `data_r\n_cell_length_a 7\n_cell_length_b 7\n_cell_length_c 7\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n_space_group_name_Hall '${group.hall}'\nloop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n${rows}\n`;
          const s = parseCifStructure(cif);
          expect(s.nSites).toBe(expected.length);
          for (const e of expected) {
            const match = s.sites.find((x) => [0, 1, 2].every((k) => periodicDiff(x.frac[k], e.p[k]) < 1e-9));
            expect(match?.species[0].element).toBe(e.el);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("site order does not change the composition (structure and parsed CIF rows)", () => {
    fc.assert(
      fc.property(
        structure.chain((s) => fc.tuple(fc.constant(s), fc.shuffledSubarray([...s.sites.keys()], { minLength: s.nSites }))),
        ([s, order]) => {
          const p = s.permuted(order);
          const close = (a: Record<string, number>, b: Record<string, number>) => {
            expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
            for (const k of Object.keys(a)) expect(Math.abs(a[k] - b[k])).toBeLessThan(1e-6);
          };
          close(p.composition, s.composition);
          expect(p.reducedFormula).toBe(s.reducedFormula);
          close(parseCifStructure(writeCif(p)).composition, s.composition);
        },
      ),
      { numRuns: 100 },
    );
  });
});
