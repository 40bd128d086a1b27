import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { DataError } from "../../src/core/errors.js";
import {
  BUILTIN_DATASETS,
  builtinDataset,
  clearGraphCache,
  datasetGraphs,
  datasetGroupSizes,
  datasetTargets,
  graphCacheSize,
  loadDataset,
  type DatasetSpec,
  randomGroupSplits,
} from "../../src/data/index.js";
import { dataDir, fixturesDir, repoRoot, subsetFile } from "../helpers/paths.js";

const opts = (): { dataDir: string } => ({ dataDir: dataDir() });
/**
 * A built-in descriptor read from a committed subset (the full file stays outside the repository).
 * WBM: its first 24 records, then the two with isolated atoms at 4 Å and the edgeless wbm-5-10393.
 */
const wbmSubset = (): DatasetSpec => ({ ...builtinDataset("wbm-972")!, path: subsetFile("wbm972_eform_mp2020.subset27.jsonl.gz") });

describe("built-in datasets", () => {
  it("loads Togo15: 95 labelled records, κ in W/(m·K), formulas and structures", async () => {
    const ds = await loadDataset("togo15", opts());
    expect(ds.records).toHaveLength(95);
    expect(ds.skipped).toEqual([]);
    expect(ds.unlabelled).toBe(0);
    expect(ds.targetUnit).toBe("W/(m·K)");
    const agbr = ds.records[0];
    expect(agbr).toMatchObject({ id: "mp-23231", formula: "AgBr", target: 0.532446 });
    expect(agbr.structure.nSites).toBe(2);
    expect(agbr.fields["structure_type"]).toBe("rocksalt");
    expect(agbr.fields["cif"]).toBeUndefined();
    const kappa = datasetTargets(ds);
    expect(Math.max(...kappa)).toBeCloseTo(1769, 0);
    expect(ds.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await loadDataset("dataset1", opts())).contentHash).toBe(ds.contentHash);
  });

  it("loads HH143, PhononDB-103 and (a subset of) WBM-972 with their targets", async () => {
    const hh = await loadDataset("hh143", opts());
    expect(hh.records).toHaveLength(143);
    expect(hh.records.every((r) => r.structure.nSites === 3)).toBe(true);
    const pdb = await loadDataset("phonondb-pbe-103", opts());
    expect(pdb.records).toHaveLength(103);
    expect(pdb.records.find((r) => r.formula === "SrO")?.target).toBeCloseTo(9.9151, 4);
    const wbm = await loadDataset(wbmSubset());
    expect(wbm.records).toHaveLength(27);
    expect(wbm.targetField).toBe("e_form_ev_atom");
    expect(wbm.records[0]).toMatchObject({ id: "wbm-3-38149", target: -0.291504044 });
  });

  it("with no dataDir and no variable, loads the copies the package carries", async () => {
    vi.stubEnv("PARAISITE_DATA_DIR", undefined);
    try {
      const ds = await loadDataset("togo15", { cacheDir: mkdtempSync(join(tmpdir(), "paraisite-empty-cache-")) });
      expect(ds.sources).toEqual([join(repoRoot, "data", "togo15_paraisite_dataset1.jsonl")]);
      expect(ds.records).toHaveLength(95);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("loads MIX as Togo15 then HH143 with groups, split group by group", async () => {
    const mix = await loadDataset("mix", opts());
    expect(mix.records).toHaveLength(238);
    expect(mix.groups).toEqual([
      { id: "togo15", start: 0, count: 95 },
      { id: "hh143", start: 95, count: 143 },
    ]);
    expect(mix.sources).toHaveLength(2);
    const splits = randomGroupSplits(datasetGroupSizes(mix));
    expect(splits[0].train).toHaveLength(190);
  });

  it("loads the MP scan structures without targets, keeping the paper's predictions", async () => {
    const scanSpec = { ...builtinDataset("mp-scan")!, path: subsetFile("mp_structures_paraisite_scan.first160.jsonl.gz") };
    const scan = await loadDataset(scanSpec, { limit: 50 });
    expect(scan.records).toHaveLength(50);
    expect(scan.targetField).toBeNull();
    expect(scan.records.every((r) => r.target === null)).toBe(true);
    expect(scan.records[0].fields["subset"]).toBe("stable_scan");
    expect(() => datasetTargets(scan)).toThrow(DataError);
  });

  it("AFLOW AGL: 3286 records under the paper policy, 4400 with older-release values", async () => {
    const paper = await loadDataset("aflow-agl", opts());
    expect(paper.labelPolicy).toBe("paper");
    expect(paper.records).toHaveLength(3286);
    expect(paper.unlabelled).toBe(5578 - 3286);
    expect(paper.skipped).toEqual([]);
    expect(paper.records.every((r) => r.fields["label_status"] === "paper_value_recovered")).toBe(true);
    const older = await loadDataset("aflow", { ...opts(), labelPolicy: "paper+older" });
    expect(older.records).toHaveLength(4400);
    expect(older.unlabelled).toBe(1178);
    const ac = older.records.find((r) => r.id === "Ac1H2_ICSD_56392");
    expect(ac?.target).toBe(6.30231);
    expect(older.contentHash).not.toBe(paper.contentHash);
  });

  it("lists its descriptors and refuses unknown ids or missing files", async () => {
    expect(Object.keys(BUILTIN_DATASETS)).toContain("aflow-agl");
    expect(builtinDataset("L96")?.id).toBe("togo15");
    await expect(loadDataset("nope", opts())).rejects.toThrow(/unknown dataset 'nope'/);
    await expect(loadDataset({ id: "x", path: "/nonexistent/x.jsonl", targetField: "k" })).rejects.toThrow(
      /file not found: \/nonexistent\/x\.jsonl/,
    );
  });

  it("finds built-in files through the registry and refuses a corrupt copy", async () => {
    const dir = mkdtempSync(join(tmpdir(), "paraisite-data-"));
    const good = readFileSync(join(dataDir(), "togo15_paraisite_dataset1.jsonl"));
    writeFileSync(join(dir, "togo15_paraisite_dataset1.jsonl"), good.subarray(0, good.length - 10));
    await expect(loadDataset("togo15", { dataDir: dir, cacheDir: dir })).rejects.toThrow(/corrupt or a different version/);
    const unchecked = await loadDataset("togo15", { dataDir: dir, cacheDir: dir, verify: false });
    expect(unchecked.records).toHaveLength(94);
    expect(unchecked.skipped).toHaveLength(1);
    expect(unchecked.skipped[0].reason).toMatch(/malformed JSON/);
  });
});

describe("graphs at a cutoff", () => {
  it("moves edgeless structures to skipped with a reason, and builds graphs once", async () => {
    clearGraphCache();
    const wbm = await loadDataset(wbmSubset(), { cutoff: 4 });
    expect(wbm.records).toHaveLength(26);
    expect(wbm.skipped).toHaveLength(1);
    expect(wbm.skipped[0].id).toBe("wbm-5-10393");
    expect(wbm.skipped[0].reason).toMatch(/no edge within the 4 Å cutoff/);
    expect(wbm.warnings.map((w) => w.id)).toEqual(["wbm-1-10676", "wbm-3-67015"]);
    expect(graphCacheSize()).toBe(1);
    const graphs = datasetGraphs(wbm, 4);
    expect(graphs).toHaveLength(26);
    expect(datasetGraphs(wbm, 4)).toBe(graphs);
    expect(graphs[0].nNodes).toBe(wbm.records[0].structure.nSites);
    expect(graphs[0].cutoff).toBe(4);
    const plain = await loadDataset(wbmSubset());
    expect(() => datasetGraphs(plain, 4)).toThrow(/wbm-5-10393/);
  });

  it("keeps MIX groups consistent and caches by dataset + cutoff", async () => {
    clearGraphCache();
    const mix = await loadDataset("mix", opts());
    const g4 = datasetGraphs(mix, 4);
    const g5 = datasetGraphs(mix, 5);
    expect(g4).toHaveLength(238);
    expect(g5[0].nEdges).toBeGreaterThan(g4[0].nEdges);
    expect(graphCacheSize()).toBe(2);
    const filtered = await loadDataset("mix", { ...opts(), cutoff: 4 });
    expect(filtered.contentHash).toBe(mix.contentHash);
    expect(filtered.groups).toEqual(mix.groups);
  });
});

describe("user datasets", () => {
  it("reads a CSV whose rows name CIF files in a folder; reports every left-out row", async () => {
    const ds = await loadDataset(
      {
        id: "user-csv",
        path: join(fixturesDir(), "data/user-dataset.csv"),
        targetField: "kappa",
        idField: "name",
        structureDir: join(fixturesDir(), "data/cifs"),
        fileField: "file",
      },
      { cutoff: 4 },
    );
    expect(ds.records.map((r) => [r.id, r.formula, r.target])).toEqual([
      ["nacl", "NaCl", 7.1],
      ["mgo", "MgO", 53.5],
      ["si", "Si", 148],
    ]);
    expect(ds.unlabelled).toBe(1);
    expect(ds.skipped.map((s) => s.id)).toEqual(["ghost", "po"]);
    expect(ds.skipped[0].reason).toMatch(/cannot read .*missing\.cif: ENOENT/);
    expect(ds.skipped[1].reason).toMatch(/no edge/);
    expect(ds.records[0].fields["note"]).toBe("rocksalt, cubic");
  });

  it("reads a user JSONL: malformed lines, bad CIFs and duplicate ids are skipped with reasons", async () => {
    const ds = await loadDataset({
      id: "user-jsonl",
      path: join(fixturesDir(), "data/records.jsonl"),
      targetField: "ltc_w_mk",
    });
    expect(ds.records.map((r) => r.id)).toEqual(["nacl", "mgo", "si"]);
    expect(ds.records[2].formula).toBe("Si");
    const reasons = ds.skipped.map((s) => `${s.id.replace(/^.*records\.jsonl/, "records.jsonl")} | ${s.reason}`);
    expect(reasons).toHaveLength(4);
    expect(reasons[0]).toMatch(/^records\.jsonl:3 \| malformed JSON/);
    expect(reasons[1]).toMatch(/^records\.jsonl:5 \| a JSON Lines record must be an object/);
    expect(reasons[2]).toMatch(/^bad-cif \| /);
    expect(reasons[3]).toMatch(/^nacl \| duplicate id/);
  });
});
