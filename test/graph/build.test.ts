import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { GraphError, StructureError } from "../../src/core/errors.js";
import {
  batchGraphs,
  buildCrystalGraph,
  centreOffsets,
  graphSummary,
  structureGraphSummary,
} from "../../src/graph/index.js";
import { Lattice, Structure } from "../../src/structure/index.js";
import { referenceDir } from "../helpers/paths.js";

interface PymatgenJson {
  lattice: { matrix: number[][] };
  sites: { species: { element: string }[]; abc: [number, number, number] }[];
}

function li2o(): Structure {
  const json = JSON.parse(
    readFileSync(resolve(referenceDir(), "megnet-li2o/Li2O.pymatgen.json"), "utf8"),
  ) as PymatgenJson;
  return Structure.fromSpecies(
    Lattice.fromMatrix(json.lattice.matrix),
    json.sites.map((s) => s.species[0].element),
    json.sites.map((s) => s.abc),
  );
}

const cubic = (a: number) => Lattice.fromParameters(a, a, a, 90, 90, 90);

describe("buildCrystalGraph", () => {
  it("gives megnet's Li2O graph: 112 edges at 4 Å ([44, 34, 34]) and 146 at 5 Å (54 self-images)", () => {
    const g4 = buildCrystalGraph(li2o(), { cutoff: 4 });
    expect(g4.nEdges).toBe(112);
    expect(graphSummary(g4).perSiteCn).toEqual([44, 34, 34]);
    const g5 = buildCrystalGraph(li2o(), { cutoff: 5 });
    expect(g5.nEdges).toBe(146);
    let selfImages = 0;
    for (let k = 0; k < g5.nEdges; k++) if (g5.src[k] === g5.dst[k]) selfImages++;
    expect(selfImages).toBe(54);
    expect(Array.from(g5.atomicNumbers)).toEqual([8, 3, 3]);
    expect(Array.from(g5.state)).toEqual([0, 0]);
  });

  it("sorts edges by src, then dst, then image, and pairs every edge with its reverse", () => {
    const g = buildCrystalGraph(li2o(), { cutoff: 5 });
    for (let k = 1; k < g.nEdges; k++) {
      const a = [g.src[k - 1], g.dst[k - 1], ...g.images.subarray(3 * k - 3, 3 * k)];
      const b = [g.src[k], g.dst[k], ...g.images.subarray(3 * k, 3 * k + 3)];
      const cmp = a.findIndex((x, i) => x !== b[i]);
      expect(cmp).toBeGreaterThanOrEqual(0);
      expect(a[cmp]).toBeLessThan(b[cmp]);
    }
    const key = (i: number, j: number, n: ArrayLike<number>) => `${i},${j},${n[0]},${n[1]},${n[2]}`;
    const byKey = new Map<string, number>();
    for (let k = 0; k < g.nEdges; k++) byKey.set(key(g.src[k], g.dst[k], g.images.subarray(3 * k)), g.distances[k]);
    for (let k = 0; k < g.nEdges; k++) {
      const n = g.images.subarray(3 * k, 3 * k + 3);
      const back = byKey.get(key(g.dst[k], g.src[k], [-n[0], -n[1], -n[2]]));
      expect(back).toBeCloseTo(g.distances[k], 12);
    }
  });

  it("keeps an edge at exactly the cutoff (d² < r² + 1e-8) and counts self-images in a 1-atom cell", () => {
    const po = Structure.fromSpecies(cubic(3), ["Po"], [[0.5, 0.5, 0.5]]);
    const g = buildCrystalGraph(po, { cutoff: 3 });
    expect(g.nEdges).toBe(6);
    expect(Array.from(g.dst)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(g.distances)).toEqual([3, 3, 3, 3, 3, 3]);
    expect(buildCrystalGraph(po, { cutoff: 3 * Math.SQRT2 }).nEdges).toBe(18);
  });

  it("images are relative to the caller's coordinates, wrapped or not", () => {
    const s = Structure.fromSpecies(cubic(3), ["Na", "Cl"], [[0, 0, 0], [0.5, 0.5, 0.5]]);
    const far = Structure.fromSpecies(cubic(3), ["Na", "Cl"], [[2, -1, 0], [-0.5, 3.5, 0.5]]);
    for (const st of [s, far]) {
      const g = buildCrystalGraph(st, { cutoff: 2.7 });
      for (let k = 0; k < g.nEdges; k++) {
        const fi = st.sites[g.src[k]].frac;
        const fj = st.sites[g.dst[k]].frac;
        const v = [0, 1, 2].map((c) => 3 * (fj[c] + g.images[3 * k + c] - fi[c]));
        expect(Math.hypot(...v)).toBeCloseTo(g.distances[k], 12);
      }
      expect(g.nEdges).toBe(16);
    }
  });

  it("applies the isolated-atom policy (ignore | warn | error)", () => {
    // two atoms 2 Å apart along z in a long cell, one far away in x
    const s = Structure.fromSpecies(Lattice.fromParameters(20, 20, 20, 90, 90, 90), ["Cs", "I", "I"], [
      [0.5, 0.5, 0.5],
      [0.5, 0.5, 0.6],
      [0.0, 0.0, 0.0],
    ]);
    const warnings: string[] = [];
    const g = buildCrystalGraph(s, { cutoff: 3, onWarning: (m) => warnings.push(m) });
    expect(g.nEdges).toBe(2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/1 isolated atom.*site 2/);
    expect(() => buildCrystalGraph(s, { cutoff: 3, isolatedAtoms: "error" })).toThrow(GraphError);
    const quiet: string[] = [];
    buildCrystalGraph(s, { cutoff: 3, isolatedAtoms: "ignore", onWarning: (m) => quiet.push(m) });
    expect(quiet).toHaveLength(0);
  });

  it("refuses a graph with no edge, and disordered structures with a how-to", () => {
    const s = Structure.fromSpecies(cubic(10), ["Na"], [[0, 0, 0]]);
    expect(() => buildCrystalGraph(s, { cutoff: 4 })).toThrow(/cutoff is too small/);
    expect(buildCrystalGraph(s, { cutoff: 4, allowEmpty: true }).nEdges).toBe(0);
    const disordered = new Structure(cubic(4), [
      { species: [{ element: "Na", occupancy: 0.5 }, { element: "K", occupancy: 0.5 }], frac: [0, 0, 0] },
    ]);
    expect(() => buildCrystalGraph(disordered, { cutoff: 5 })).toThrow(StructureError);
    expect(() => buildCrystalGraph(disordered, { cutoff: 5 })).toThrow(/order it first/);
    expect(() => buildCrystalGraph(s, { cutoff: -1 })).toThrow(GraphError);
  });

  it("handles cutoffs much larger than the cell, and refuses absurd ones", () => {
    // 1-atom cubic cell: the edges are the lattice points of norm ≤ 20/3 in Z³, minus the origin
    let points = 0;
    for (let x = -7; x <= 7; x++) {
      for (let y = -7; y <= 7; y++) for (let z = -7; z <= 7; z++) if (x * x + y * y + z * z <= 400 / 9) points++;
    }
    const po = Structure.fromSpecies(cubic(3), ["Po"], [[0.2, 0.7, 0.1]]);
    expect(buildCrystalGraph(po, { cutoff: 20 }).nEdges).toBe(points - 1);
    expect(buildCrystalGraph(po, { cutoff: 20, method: "cell-list" }).nEdges).toBe(points - 1);
    expect(() => buildCrystalGraph(po, { cutoff: 2000 })).toThrow(/maxEdges/);
  });

  it("accepts plain arrays and gives the same graph with either kernel", () => {
    const st = li2o().supercell(3, 2, 2);
    const m = st.lattice.matrix;
    const plain = {
      lattice: m,
      fracCoords: st.sites.flatMap((s) => [...s.frac]),
      atomicNumbers: st.atomicNumbers(),
    };
    const a = buildCrystalGraph(plain, { cutoff: 5, method: "pairs" });
    const b = buildCrystalGraph(st, { cutoff: 5, method: "cell-list" });
    expect(a.nEdges).toBe(146 * 12);
    expect(Array.from(b.src)).toEqual(Array.from(a.src));
    expect(Array.from(b.dst)).toEqual(Array.from(a.dst));
    expect(Array.from(b.images)).toEqual(Array.from(a.images));
    for (let k = 0; k < a.nEdges; k++) expect(Math.abs(a.distances[k] - b.distances[k])).toBeLessThan(1e-12);
  });
});

describe("graph summaries (inspect --cutoff)", () => {
  it("gives cutoff, edge count, per-site CN in site order and sorted distances", () => {
    const s = li2o().permuted([1, 0, 2]);
    const summary = structureGraphSummary(s, 4);
    expect(summary?.cutoff).toBe(4);
    expect(summary?.nEdges).toBe(112);
    expect(summary?.perSiteCn).toEqual([34, 44, 34]);
    const d = summary?.distances ?? [];
    expect(d).toHaveLength(112);
    for (let k = 1; k < d.length; k++) expect(d[k]).toBeGreaterThanOrEqual(d[k - 1]);
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  });

  it("reports empty graphs and skips disordered structures", () => {
    const lone = Structure.fromSpecies(cubic(10), ["Cs"], [[0, 0, 0]]);
    expect(structureGraphSummary(lone, 4)).toEqual({ cutoff: 4, nEdges: 0, perSiteCn: [0], distances: [] });
    const disordered = new Structure(cubic(4), [
      { species: [{ element: "Na", occupancy: 0.5 }], frac: [0, 0, 0] },
    ]);
    expect(structureGraphSummary(disordered, 4)).toBeUndefined();
  });
});

describe("batchGraphs", () => {
  it("concatenates with node offsets and graph indices, keeping src sorted", () => {
    const g1 = buildCrystalGraph(li2o(), { cutoff: 4 });
    const g2 = buildCrystalGraph(Structure.fromSpecies(cubic(3), ["Po"], [[0, 0, 0]]), { cutoff: 4 });
    const b = batchGraphs([g1, g2, g1]);
    expect(b.nGraphs).toBe(3);
    expect(b.nNodes).toBe(7);
    expect(b.nEdges).toBe(112 + 6 + 112);
    expect(Array.from(b.nodesPerGraph)).toEqual([3, 1, 3]);
    expect(Array.from(b.edgesPerGraph)).toEqual([112, 6, 112]);
    expect(Array.from(b.nodeGraph)).toEqual([0, 0, 0, 1, 2, 2, 2]);
    expect(Array.from(b.atomicNumbers)).toEqual([8, 3, 3, 84, 8, 3, 3]);
    expect(b.edgeGraph[112]).toBe(1);
    expect(b.src[112]).toBe(3);
    expect(b.dst[112 + 6]).toBe(g1.dst[0] + 4);
    expect(b.states).toEqual(new Float32Array(6));
    expect(b.stateDim).toBe(2);
    for (let k = 1; k < b.nEdges; k++) expect(b.src[k]).toBeGreaterThanOrEqual(b.src[k - 1]);
    const offsets = centreOffsets(b);
    expect(Array.from(offsets)).toEqual([0, 44, 78, 112, 118, 162, 196, 230]);
    expect(() => batchGraphs([])).toThrow(GraphError);
    const g3 = buildCrystalGraph(li2o(), { cutoff: 5 });
    expect(() => batchGraphs([g1, g3])).toThrow(/cutoff/);
  });
});
