import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { inspectCommand } from "../../src/cli/inspect.js";
import { writePoscar } from "../../src/io/poscar.js";
import { parseCifStructure } from "../../src/io/cif/parse.js";
import { fixturesDir } from "../helpers/paths.js";

async function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await inspectCommand(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

const cif = (name: string) => resolve(fixturesDir(), "cif/pymatgen", name);

describe("paraisite inspect", () => {
  it("prints one JSON document with every block of every file", async () => {
    const { code, stdout } = await run([cif("MultiStructure.cif"), cif("Li2O.cif"), "--json"]);
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.files.map((f: { file: string }) => f.file)).toEqual([cif("MultiStructure.cif"), cif("Li2O.cif")]);
    expect(doc.files[0].structures.map((s: { block: string }) => s.block)).toEqual(["72545-ICSD", "56291-ICSD"]);
    const li2o = doc.files[1].structures[0];
    expect(li2o).toMatchObject({
      block: "22402-ICSD",
      formula: "Li8O4",
      reducedFormula: "Li2O",
      composition: { Li: 8, O: 4 },
      nSites: 12,
      isOrdered: true,
    });
    expect(li2o.lattice.a).toBeCloseTo(4.61, 6);
    expect(li2o.lattice.volume).toBeCloseTo(4.61 ** 3, 4);
    expect(li2o.sites[0]).toEqual({ species: { O: 1 }, frac: [0, 0, 0] });
    expect(doc.files[1].error).toBeNull();
  });

  it("reports a failing file with message and line and exits 1, still printing the others", async () => {
    const { code, stdout } = await run([cif("bad_occu.cif"), cif("Li.cif"), "--json"]);
    expect(code).toBe(1);
    const doc = JSON.parse(stdout);
    expect(doc.files[0].structures).toEqual([]);
    expect(doc.files[0].error.message).toMatch(/occupancies at .* sum to 1\.556/);
    expect(doc.files[0].error.line).toBeGreaterThan(0);
    expect(doc.files[1].structures[0].formula).toBe("Li1");
  });

  it("prints a readable text summary, reads POSCAR and handles missing files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "paraisite-inspect-"));
    const poscar = join(dir, "POSCAR");
    writeFileSync(poscar, writePoscar(parseCifStructure(`${""}data_x\n_cell_length_a 3\n_cell_length_b 3\n_cell_length_c 3\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nCs1 0 0 0\nCl1 0.5 0.5 0.5\n`)));
    const { code, stdout } = await run([cif("Cu7Te5.cif"), poscar, join(dir, "missing.cif")]);
    expect(code).toBe(1);
    expect(stdout).toContain("data_2040845: Cu2.8Te2 (Cu2.8Te2), 6 sites, disordered");
    expect(stdout).toContain("lattice: a=3.000000 b=3.000000 c=3.000000 alpha=90.0000 beta=90.0000 gamma=90.0000 volume=27.0000");
    expect(stdout).toMatch(/1 {2}Cs {13}0\.000000 {3}0\.000000 {3}0\.000000/);
    expect(stdout).toMatch(/error: cannot read .*missing\.cif/);
  });

  it("adds the crystal graph with --cutoff", async () => {
    const { stdout } = await run([cif("Li.cif"), "--json", "--cutoff", "5"]);
    const graph = JSON.parse(stdout).files[0].structures[0].graph;
    expect(graph.cutoff).toBe(5);
    expect(graph.perSiteCn).toHaveLength(1);
  });

  it("rejects unknown options, bad values and no files with exit status 2 and the usage", async () => {
    for (const argv of [["--frobnicate", "x.cif"], [], ["x.cif", "--cutoff", "0"], ["x.cif", "--cutoff"]]) {
      const { code, stderr } = await run(argv);
      expect(code, argv.join(" ")).toBe(2);
      expect(stderr).toMatch(/^paraisite inspect: .*\nusage: paraisite inspect/);
    }
    expect((await run(["x.cif", "--cutoff", "0"])).stderr).toContain("--cutoff must be a number > 0, got '0'");
  });
});
