/**
 * `evaluate` end to end: the shipped ensemble scored on HH143 and Togo15 (the numbers of issue #16's
 * table), a tiny nested cross-validation with an external set that resumes without retraining, a
 * joint pool with AFLOW as auxiliary source (target compounds removed, offsets learned), and the
 * CLI's usage errors.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../src/backend/select.js";
import { evaluateCommand } from "../../src/cli/evaluate.js";
import { crossValidate } from "../../src/evaluate/cross-validate.js";
import { recipeTrunk, trainMember } from "../../src/evaluate/member.js";
import { loadLabelledPool } from "../../src/evaluate/pool.js";
import { scoreEnsemble } from "../../src/evaluate/score.js";
import { captureIO } from "../helpers/cli.js";
import { repoRoot } from "../helpers/paths.js";

const root = mkdtempSync(join(tmpdir(), "paraisite-evaluate-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeAll(() => selectBackend({ backend: "wasm" }));

describe("scoreEnsemble", () => {
  it("scores the shipped FEAFTG15 ensemble: Togo15 (trained on) vs HH143 (never seen)", async () => {
    const models = join(repoRoot, "models/paper-feaftg15");
    const hh = await scoreEnsemble(models, "hh143");
    expect(hh.records.length).toBe(143);
    expect(hh.metrics.mape).toBeCloseTo(5.0399, 3);
    expect(hh.metrics.kappaSre).toBeCloseTo(1.144, 3);
    expect(hh.metrics.maeLog10).toBeCloseTo(0.622, 3);
    expect(hh.metrics.spearman).toBeCloseTo(0.496, 3);
    expect(hh.metrics.withinFactor2).toBeCloseTo(11 / 143, 12);
    expect(hh.metrics.coverage2Sigma).toBeCloseTo(112 / 143, 12);
    const tg = await scoreEnsemble(models, "togo15");
    expect(tg.metrics.kappaSre).toBeCloseTo(0.135, 3);
    expect(tg.metrics.spearman).toBeCloseTo(0.993, 3);
  });
});

describe("crossValidate", () => {
  const spec = {
    name: "tiny",
    runs: 2,
    sources: [{ dataset: "togo15", role: "target" as const }],
    external: ["hh143"],
    recipe: { start: { kind: "pretrained" as const, weights: "megnet/mp-2018.6.1/formation_energy" }, log: "log10" as const, loss: "l1" as const, train: { epochs: 2 } },
  };

  it("trains on each split's 80 %, scores the held-out part and the external set, and resumes", async () => {
    const first = await crossValidate(spec, { outDir: root });
    expect(first.complete).toBe(true);
    expect(first.splits.map((s) => s.test.n)).toEqual([19, 19]);
    expect(first.splits.every((s) => s.external.hh143.n === 143)).toBe(true);
    expect(first.summary.externalEnsemble.hh143.coverage2Sigma).toBeGreaterThanOrEqual(0);
    for (const f of ["metrics.json", "report.md", "spec.json", "split1/predictions.csv", "split2/external-hh143.csv"]) expect(existsSync(join(root, "tiny", f)), f).toBe(true);
    const report = readFileSync(join(root, "tiny/report.md"), "utf8");
    expect(report).toContain("| held-out togo15 | 19 |");
    const again = await crossValidate(spec, { outDir: root });
    expect(again.summary).toEqual(first.summary);
  });

  it("removes the targets' compounds from an auxiliary source and learns its offset", async () => {
    const pool = await loadLabelledPool(
      [
        { dataset: "togo15", role: "target" },
        { dataset: "hh143", role: "target" },
        { dataset: "aflow-agl", role: "auxiliary" },
      ],
      { cutoff: 4 },
    );
    expect(pool.targetIndices.length).toBe(238);
    const targetFormulas = new Set(Array.from(pool.targetIndices, (i) => pool.formulas[i]));
    const aux = pool.formulas.filter((_, i) => pool.source[i] === 2);
    expect(aux.length + pool.excluded[2]).toBe(3285);
    expect(pool.excluded[2]).toBeGreaterThan(0);
    expect(aux.some((f) => targetFormulas.has(f))).toBe(false);
    const trunk = await recipeTrunk({ kind: "pretrained", weights: "megnet/mp-2018.6.1/formation_energy" });
    const auxIdx = Array.from(pool.source).flatMap((s, i) => (s === 2 ? [i] : [])).slice(0, 40);
    const member = await trainMember({
      pool,
      recipe: { start: { kind: "pretrained", weights: "megnet/mp-2018.6.1/formation_energy" }, log: "log10", loss: "l1", train: { epochs: 2 }, sourceOffsets: true },
      train: Int32Array.from([...Array.from(pool.targetIndices.slice(0, 30)), ...auxIdx]),
      validation: pool.targetIndices.slice(30, 40),
      outDir: root,
      name: "joint",
      run: 1,
      seed: 5,
      trunk,
    });
    expect(member?.offsets?.["aflow-agl"]).toBeDefined();
    expect(member?.offsets?.["aflow-agl"]).not.toBe(0);
    member?.model.dispose();

    // fine-tuned on Togo15 alone from that member: the model still records what its start saw
    const tuned = await trainMember({
      pool,
      recipe: { start: { kind: "saved", path: join(root, "joint/run1/model"), count: 1 }, log: "log10", loss: "l1", train: { epochs: 1 } },
      train: pool.targetIndices.slice(0, 10),
      validation: pool.targetIndices.slice(30, 40),
      outDir: root,
      name: "tuned",
      run: 1,
      seed: 6,
      trunk,
    });
    tuned?.model.dispose();
    const extra = (JSON.parse(readFileSync(join(root, "tuned/run1/model/model.json"), "utf8")) as { extra: { trainingElements: string[]; trainingSources: string[] } }).extra;
    const start = (JSON.parse(readFileSync(join(root, "joint/run1/model/model.json"), "utf8")) as { extra: { trainingElements: string[] } }).extra;
    expect(extra.trainingSources).toEqual(["togo15", "hh143", "aflow-agl"]);
    expect(extra.trainingElements.length).toBeGreaterThanOrEqual(start.trainingElements.length);
    for (const e of start.trainingElements) expect(extra.trainingElements).toContain(e);
  });
});

describe("paraisite evaluate (CLI)", () => {
  it("exits 2 on usage errors, naming the problem", async () => {
    for (const [argv, message] of [
      [[], /either --data/],
      [["--data", "hh143", "--train", "togo15"], /either --data/],
      [["--train", "togo15"], /needs --out/],
      [["--data", "hh143", "--backend", "tpu"], /--backend must be one of/],
      [["--train", "togo15", "--out", root, "--loss", "mse"], /--loss must be one of l1, sre, mape/],
      [["--data", "hh143", "--bogus"], /Unknown option/],
    ] as const) {
      const cap = captureIO();
      expect(await evaluateCommand(argv, cap.io)).toBe(2);
      expect(cap.err()).toMatch(message);
    }
  });
});
