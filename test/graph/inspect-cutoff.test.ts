/** The graph summary wired into `inspect` the way `paraisite inspect FILE --cutoff R --json` uses it. */
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { inspectCommand } from "../../src/cli/inspect.js";
import { referenceDir } from "../helpers/paths.js";

describe("inspect --cutoff (structureGraphSummary)", () => {
  it("adds graph {cutoff, nEdges, perSiteCn, distances} to Li2O.cif", async () => {
    let stdout = "";
    const io = { stdout: (s: string) => (stdout += s), stderr: () => undefined };
    const file = resolve(referenceDir(), "megnet-li2o/Li2O.cif");
    const code = await inspectCommand([file, "--json", "--cutoff", "5"], io);
    expect(code).toBe(0);
    const graph = JSON.parse(stdout).files[0].structures[0].graph;
    expect(graph.cutoff).toBe(5);
    expect(graph.nEdges).toBe(146);
    expect(graph.perSiteCn.reduce((a: number, b: number) => a + b, 0)).toBe(146);
    expect(graph.distances).toHaveLength(146);
    expect(graph.distances[0]).toBeCloseTo(2.0, 0);
  });
});
