/** Golden neighbour lists from pymatgen's get_all_neighbors (scripts/fixtures/graph_golden.py). */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { GraphError } from "../../src/core/errors.js";
import { buildCrystalGraph, graphSummary } from "../../src/graph/index.js";
import { Lattice, Structure } from "../../src/structure/index.js";
import type { Vec3 } from "../../src/core/vec3.js";
import { fixturesDir } from "../helpers/paths.js";

interface GoldenGraph {
  cutoff: number;
  nEdges: number;
  perSiteCn: number[];
  distances: number[];
  /** Sorted [i, j, n0, n1, n2] from get_neighbor_list (small graphs only). */
  edges?: number[][];
}
interface GoldenStructure {
  name: string;
  lattice: number[][];
  species: string[];
  frac: Vec3[];
  graphs: GoldenGraph[];
}

const golden = JSON.parse(readFileSync(resolve(fixturesDir(), "graph/golden.json"), "utf8")) as {
  structures: GoldenStructure[];
};

const structureOf = (g: GoldenStructure) => Structure.fromSpecies(Lattice.fromMatrix(g.lattice), g.species, g.frac);

describe("golden graphs against pymatgen get_all_neighbors", () => {
  const cases = golden.structures.flatMap((s) => s.graphs.map((g) => [s.name, g.cutoff, s, g] as const));
  it.each(cases)("%s at %d Å", (_name, cutoff, s, expected) => {
    for (const method of ["pairs", "cell-list"] as const) {
      if (expected.nEdges === 0) {
        expect(() => buildCrystalGraph(structureOf(s), { cutoff, method })).toThrow(GraphError);
        continue;
      }
      const graph = buildCrystalGraph(structureOf(s), { cutoff, method, isolatedAtoms: "ignore" });
      const summary = graphSummary(graph);
      expect(summary.nEdges).toBe(expected.nEdges);
      expect(summary.perSiteCn).toEqual(expected.perSiteCn);
      const worst = summary.distances.reduce((m, d, k) => Math.max(m, Math.abs(d - expected.distances[k])), 0);
      expect(worst).toBeLessThan(1e-6);
      if (expected.edges) {
        // our order is already (src, dst, n) ascending, which is how the fixture is sorted
        const edges = Array.from(graph.src, (i, k) => [i, graph.dst[k], ...graph.images.subarray(3 * k, 3 * k + 3)]);
        expect(edges).toEqual(expected.edges);
      }
    }
  });

  it("covers megnet's special cases: CsSnI3 has 2 isolated atoms at 4 Å, bestsqs_nacl no edge", () => {
    const byName = new Map(golden.structures.map((s) => [s.name, s]));
    const warnings: string[] = [];
    const cssni3 = byName.get("CsSnI3") as GoldenStructure;
    buildCrystalGraph(structureOf(cssni3), { cutoff: 4, onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual([expect.stringMatching(/^2 isolated atom/)]);
    const sqs = byName.get("bestsqs_nacl") as GoldenStructure;
    expect(() => buildCrystalGraph(structureOf(sqs), { cutoff: 4 })).toThrow(/cutoff is too small/);
    expect(buildCrystalGraph(structureOf(sqs), { cutoff: 5 }).nEdges).toBe(64);
  });
});
