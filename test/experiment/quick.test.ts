/**
 * The whole pipeline on the `--quick` path (the CI check): six models × 2 runs × 3 epochs on tiny
 * Togo15/AFLOW subsets with the real ParAIsite model, dependency order, saved models, results
 * files, manifest, resume without retraining, a stop + continue that gives the same numbers, and
 * a refusal to mix protocols in one output directory.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type ExperimentEvent, type ExperimentResult, runExperiment } from "../../src/experiment/index.js";
import { loadModel } from "../../src/weights/model-io.js";
import { dataDir, weightsDir } from "../helpers/paths.js";

const root = mkdtempSync(join(tmpdir(), "paraisite-experiment-quick-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const common = { quick: true, dataDir: dataDir(), weightsDir: weightsDir(), backend: "wasm" as const, progress: false as const };
const out = join(root, "quick");
const values = (r: ExperimentResult) => Object.fromEntries(r.results.map((m) => [m.id, m.runs.map((x) => x.bestValMape)]));

describe("runExperiment --quick", () => {
  let first: ExperimentResult;
  const events: ExperimentEvent[] = [];

  it("trains the six models in dependency order and writes every output", async () => {
    first = await runExperiment({ ...common, outDir: out, onProgress: (e) => events.push(e) });
    expect(first.stopped).toBe(false);
    expect(first.results.map((r) => r.id)).toEqual(["RWTG15", "FETG15", "FEAF", "FEAFTG15", "RWAF", "RWAFTG15"]);
    for (const r of first.results) {
      expect(r.runs.map((x) => x.run)).toEqual([1, 2]);
      for (const x of r.runs) {
        expect(x.epochs).toBe(3);
        expect(x.bestValMape).toBeGreaterThan(0);
        expect(Number.isFinite(x.kappaMape)).toBe(true);
      }
      // ddof 0 over the two runs = half their distance
      expect(r.std).toBeCloseTo(Math.abs(r.runs[0].bestValMape - r.runs[1].bestValMape) / 2, 9);
      const plain = r.id === "FEAFTG15" || r.id === "RWAFTG15";
      if (!plain) expect(r.runs.map((x) => x.kappaMape)).toEqual(r.runs.map((x) => x.bestValMape));
    }
    // each fine-tuning run starts from the same run of its pretraining model (paper preset)
    const starts = events.filter((e) => e.kind === "run-start").map((e) => (e.kind === "run-start" ? `${e.model}:${e.run}:${JSON.stringify(e.startedFrom)}` : ""));
    expect(starts).toContain('FEAFTG15:2:{"kind":"model","model":"FEAF","run":2}');
    expect(starts).toContain('RWAFTG15:1:{"kind":"model","model":"RWAF","run":1}');
    expect(starts.findIndex((s) => s.startsWith("FEAF:2"))).toBeLessThan(starts.findIndex((s) => s.startsWith("FEAFTG15:1")));
    expect(events.filter((e) => e.kind === "data").map((e) => (e.kind === "data" ? [e.dataset, e.records] : []))).toEqual([
      ["togo15", 24],
      ["aflow-agl", 48],
    ]);

    for (const f of ["results.md", "results.csv", "curves.svg", "boxplot.svg", "manifest.json"]) expect(existsSync(join(out, f))).toBe(true);
    const md = readFileSync(join(out, "results.md"), "utf8");
    expect(md).toContain("| FEAFTG15 | 3 | togo15 | from FEAF | 2 | 3 |");
    expect(readFileSync(join(out, "results.csv"), "utf8").trim().split("\n")).toHaveLength(7);
    const curves = readFileSync(join(out, "curves.svg"), "utf8");
    expect(curves.startsWith("<svg")).toBe(true);
    expect((curves.match(/class="series"/g) ?? []).length).toBe(6);
    expect(readFileSync(join(out, "boxplot.svg"), "utf8")).toContain("RWAFTG15");

    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(manifest.format).toBe("paraisite-experiment");
    expect(manifest.protocol).toMatchObject({ epochs: 3, quick: true, preset: { name: "paper", scaler: "kept" } });
    expect(manifest.datasets.map((d: { id: string; used: number }) => [d.id, d.used])).toEqual([
      ["togo15", 24],
      ["aflow-agl", 48],
    ]);
    expect(manifest.datasets[0].files[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.weights[0]).toEqual({
      id: "megnet/mp-2018.6.1/formation_energy",
      sha256: "82363f6ef74747f67bccd75fa0237dfaab5f0da519bf5f9cf8f4bcc11c53712b",
    });
    expect(manifest.sessions).toHaveLength(1);
    expect(manifest.sessions[0].finishedAt).not.toBeNull();
    expect(manifest.sessions[0].backend).toBe("wasm");

    // the saved run model: the fine-tuning transform inside, provenance and the κ check in extra
    const saved = await loadModel(join(out, "FEAFTG15", "run1", "model"), { kind: "paraisite" });
    expect(saved.extra.startedFrom).toEqual({ kind: "model", model: "FEAF", run: 1 });
    expect(saved.model.trunk.config.set2set.variant).toBe("megnet-keras");
    const validation = saved.extra.validation as { kappaMape: number; ids: string[] };
    expect(validation.kappaMape * 100).toBeCloseTo(first.results[3].runs[0].kappaMape, 9);
    expect(validation.ids).toHaveLength(5);
    saved.model.dispose();
    const random = await loadModel(join(out, "RWTG15", "run2", "model"), { kind: "paraisite" });
    expect(random.model.trunk.config.set2set.variant).toBe("standard");
    random.model.dispose();
  }, 240_000);

  it("resumes without retraining and refuses another protocol in the same folder", async () => {
    const again = await runExperiment({ ...common, outDir: out });
    expect(values(again)).toEqual(values(first));
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(manifest.sessions).toHaveLength(2);
    // a session on a subset still writes the table of everything finished in the folder
    const subset = await runExperiment({ ...common, outDir: out, models: ["RWTG15"] });
    expect(subset.results.map((r) => r.id)).toEqual(["RWTG15"]);
    expect(readFileSync(join(out, "results.csv"), "utf8").trim().split("\n")).toHaveLength(7);
    await expect(runExperiment({ ...common, outDir: out, epochs: 4 })).rejects.toThrow(/another protocol \(different epochs\)/);
    await expect(runExperiment({ ...common, outDir: out, preset: { scaler: "refit" } })).rejects.toThrow(/different preset/);
  }, 120_000);

  it("stops cleanly on a signal and continues to the same numbers", async () => {
    const dir = join(root, "stopped");
    // FEAF's finished runs are reused (same protocol and splits): only FEAFTG15 trains here.
    cpSync(join(out, "FEAF"), join(dir, "FEAF"), { recursive: true });
    const controller = new AbortController();
    const partial = await runExperiment({
      ...common,
      outDir: dir,
      models: ["FEAFTG15"],
      signal: controller.signal,
      onProgress: (e) => {
        if (e.kind === "run-start" && e.model === "FEAFTG15" && e.run === 2) controller.abort();
      },
    });
    expect(partial.stopped).toBe(true);
    expect(partial.results.map((r) => [r.id, r.runs.length])).toEqual([
      ["FEAF", 2],
      ["FEAFTG15", 1],
    ]);
    const history = JSON.parse(readFileSync(join(dir, "FEAFTG15", "run2", "history.json"), "utf8"));
    expect(history).toHaveLength(1);
    const rest = await runExperiment({ ...common, outDir: dir, models: ["FEAFTG15"] });
    expect(rest.stopped).toBe(false);
    const all = values(first);
    expect(values(rest)).toEqual({ FEAF: all.FEAF, FEAFTG15: all.FEAFTG15 });
  }, 120_000);
});
