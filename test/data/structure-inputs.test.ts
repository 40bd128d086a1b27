import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  isStructureFileName,
  listStructureFiles,
  readStructureInputs,
  shardOf,
  type StructureInput,
  type StructureInputOptions,
} from "../../src/data/index.js";
import { fixturesDir, subsetFile } from "../helpers/paths.js";

async function collect(input: string, options?: StructureInputOptions): Promise<StructureInput[]> {
  const out: StructureInput[] = [];
  for await (const s of readStructureInputs(input, options)) out.push(s);
  return out;
}

const cifs = (): string => join(fixturesDir(), "data/cifs");

describe("readStructureInputs", () => {
  it("walks a folder of CIFs and POSCARs: sorted relative ids, multi-block files split, failures reported by id", async () => {
    expect(await listStructureFiles(cifs())).toEqual([
      "CONTCAR",
      "MgO.cif",
      "NaCl.cif",
      "broken.cif",
      "sub/GaAs.vasp",
      "sub/Po-sparse.cif",
      "sub/Si.cif",
      "two-blocks.cif",
    ]);
    const inputs = await collect(cifs());
    expect(inputs.map((s) => s.id)).toEqual([
      "CONTCAR",
      "MgO.cif",
      "NaCl.cif",
      "broken.cif",
      "sub/GaAs.vasp",
      "sub/Po-sparse.cif",
      "sub/Si.cif",
      "two-blocks.cif#NaCl",
      "two-blocks.cif#MgO_second",
    ]);
    const byId = new Map(inputs.map((s) => [s.id, s]));
    expect(byId.get("NaCl.cif")?.structure?.reducedFormula).toBe("NaCl");
    expect(byId.get("NaCl.cif")?.structure?.nSites).toBe(8);
    expect(byId.get("sub/Si.cif")?.structure?.nSites).toBe(2);
    expect(byId.get("two-blocks.cif#MgO_second")?.structure?.reducedFormula).toBe("MgO");
    const broken = byId.get("broken.cif");
    expect(broken?.structure).toBeUndefined();
    expect(broken?.error?.message).toMatch(/broken\.cif/);
    const gaas = byId.get("sub/GaAs.vasp")?.structure;
    expect(gaas?.reducedFormula).toBe("GaAs");
    expect(gaas?.lattice.volume).toBeCloseTo(64 / Math.SQRT2, 6);
    expect(byId.get("CONTCAR")?.error?.message).toMatch(/CONTCAR/);
  });

  it("shards a folder by file and resumes by file or block id", async () => {
    const all = await collect(cifs());
    const parts = await Promise.all([0, 1, 2].map((index) => collect(cifs(), { shard: { index, count: 3 } })));
    expect(parts.flat().map((s) => s.id).sort()).toEqual(all.map((s) => s.id).sort());
    const skipIds = new Set(["NaCl.cif", "two-blocks.cif#NaCl"]);
    const resumed = await collect(cifs(), { skipIds });
    expect(resumed.map((s) => s.id)).toEqual(all.map((s) => s.id).filter((id) => !skipIds.has(id)));
  });

  it("reads a single CIF file", async () => {
    const [one] = await collect(join(cifs(), "sub/Si.cif"));
    expect(one.id).toBe("Si.cif");
    expect(one.structure?.reducedFormula).toBe("Si");
    expect(isStructureFileName("POSCAR")).toBe(true);
    expect(isStructureFileName("CONTCAR_relaxed")).toBe(true);
    expect(isStructureFileName("x.vasp")).toBe(true);
    expect(isStructureFileName("notes.txt")).toBe(false);
  });

  it("streams id + cif records from JSONL with errors kept in place", async () => {
    const inputs = await collect(join(fixturesDir(), "data/records.jsonl"));
    expect(inputs.map((s) => [s.id, s.structure ? "ok" : "error"])).toEqual([
      ["nacl", "ok"],
      ["records.jsonl:3", "error"],
      ["mgo", "ok"],
      ["records.jsonl:5", "error"],
      ["bad-cif", "error"],
      ["si", "ok"],
      ["nacl", "ok"],
    ]);
  });

  it("reports each malformed line in exactly one shard", async () => {
    const path = join(fixturesDir(), "data/records.jsonl");
    const all = await collect(path);
    const parts = await Promise.all([0, 1, 2, 3].map((index) => collect(path, { shard: { index, count: 4 } })));
    const ids = parts.flat().map((s) => s.id);
    expect(ids.filter((id) => id.startsWith("records.jsonl:")).sort()).toEqual(["records.jsonl:3", "records.jsonl:5"]);
    expect(ids.length).toBe(all.length);
  });

  it("filters by shard and by done ids before parsing; shards partition the gzipped MP scan file", async () => {
    // the first 160 records of mp_structures_paraisite_scan.jsonl.gz (test/fixtures/README.md)
    const path = subsetFile("mp_structures_paraisite_scan.first160.jsonl.gz");
    const shards = await Promise.all([0, 1, 2, 3].map((index) => collect(path, { shard: { index, count: 4 } })));
    expect(shards.map((s) => s.length).reduce((a, b) => a + b, 0)).toBe(160);
    const shard = shards[2];
    expect(shard.length).toBeGreaterThan(25);
    expect(shard.length).toBeLessThan(55);
    expect(shard.every((s) => shardOf(s.id, 4) === 2 && s.structure !== undefined)).toBe(true);
    expect(shards.flat().map((s) => s.id).sort()).toEqual((await collect(path)).map((s) => s.id).sort());
    const skipIds = new Set(shard.slice(0, 10).map((s) => s.id));
    const rest = await collect(path, { shard: { index: 2, count: 4 }, skipIds });
    expect(rest.map((s) => s.id)).toEqual(shard.slice(10).map((s) => s.id));
  });
});
