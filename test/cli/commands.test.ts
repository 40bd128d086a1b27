import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/commands.js";
import { repoRoot } from "../helpers/paths.js";
import { captureIO } from "../helpers/cli.js";

describe("paraisite CLI dispatch", () => {
  it("lists the commands and rejects unknown ones", async () => {
    const c = captureIO();
    expect(await runCli(["help"], c.io)).toBe(0);
    expect(c.out()).toMatch(/inspect/);
    const d = captureIO();
    expect(await runCli(["frobnicate"], d.io)).toBe(2);
    expect(d.err()).toMatch(/unknown command 'frobnicate'/);
  });

  it("inspect --cutoff adds the crystal graph (NaCl: 6 neighbours at a/2 within 3 Å)", async () => {
    const c = captureIO();
    const code = await runCli(["inspect", `${repoRoot}/examples/structures/NaCl.cif`, "--cutoff", "3", "--json"], c.io);
    expect(code).toBe(0);
    const doc = JSON.parse(c.out());
    const s = doc.files[0].structures[0];
    expect(s.reducedFormula).toBe("NaCl");
    expect(s.graph.nEdges).toBe(48);
    expect(s.graph.perSiteCn).toEqual([6, 6, 6, 6, 6, 6, 6, 6]);
    expect(s.graph.distances[0]).toBeCloseTo(2.82, 12);
  });

  it("inspect --cutoff rejects a non-positive cutoff", async () => {
    const c = captureIO();
    expect(await runCli(["inspect", "x.cif", "--cutoff", "-1"], c.io)).toBe(2);
    expect(c.err()).toMatch(/positive/);
  });
});
