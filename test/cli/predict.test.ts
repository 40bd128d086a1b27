import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../src/backend/select.js";
import { runCli } from "../../src/cli/commands.js";
import { referenceDir, weightsDir } from "../helpers/paths.js";
import { captureIO } from "../helpers/cli.js";

beforeAll(async () => {
  await selectBackend({ backend: "cpu" });
});

describe("paraisite predict --megnet", () => {
  it("predicts Li2O's formation energy with mp-2019.4.1 (megnet's unit-test value) and reports a broken file", async () => {
    const broken = join(mkdtempSync(join(tmpdir(), "paraisite-predict-")), "broken.cif");
    writeFileSync(broken, "data_x\n_cell_length_a 3\n");
    const c = captureIO();
    const model = join(weightsDir(), "megnet/mp-2019.4.1/formation_energy.hdf5");
    const code = await runCli(["predict", "--megnet", model, join(referenceDir(), "megnet-li2o/Li2O.cif"), broken, "--json", "--backend", "cpu"], c.io);
    expect(code).toBe(1);
    const doc = JSON.parse(c.out());
    expect(doc.unit).toBe("eV/atom");
    expect(doc.predictions).toHaveLength(2);
    expect(doc.predictions[0].formula).toBe("Li2O");
    expect(doc.predictions[0].value).toBeCloseTo(-2.0152957, 5);
    expect(doc.predictions[1].value).toBeNull();
    expect(doc.predictions[1].error).toMatch(/broken\.cif/);
  });

  it("predicts κ with the shipped ensemble by default (9 models, mean and sample std)", async () => {
    const c = captureIO();
    const code = await runCli(["predict", join(referenceDir(), "megnet-li2o/Li2O.cif"), "--json", "--backend", "cpu"], c.io);
    expect(code).toBe(0);
    const doc = JSON.parse(c.out());
    expect(doc.unit).toBe("W/(m·K)");
    expect(doc.models).toHaveLength(9);
    const [p] = doc.predictions;
    expect(p.kappaValues).toHaveLength(9);
    const mean = p.kappaValues.reduce((a: number, b: number) => a + b, 0) / 9;
    const variance = p.kappaValues.reduce((a: number, b: number) => a + (b - mean) ** 2, 0) / 8;
    expect(p.kappaMean).toBeCloseTo(mean, 10);
    expect(p.kappaStd).toBeCloseTo(Math.sqrt(variance), 10);
    expect(p.kappaMean).toBeGreaterThan(0);
  });
});
