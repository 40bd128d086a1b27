import { readdirSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { KNOWN_DATASETS, KNOWN_FILES, KNOWN_WEIGHTS, knownFile, sha256Cached } from "../../src/registry/index.js";
import { dataDir, repoRoot, weightsDir } from "../helpers/paths.js";

const localPath = (file: (typeof KNOWN_FILES)[number]): string => resolve(file.category === "dataset" ? dataDir() : weightsDir(), file.file);

describe("KNOWN_FILES", () => {
  it("lists the eight dataset files and the nine MEGNet models with their sidecars", () => {
    expect(KNOWN_DATASETS.map((f) => f.id)).toEqual(["togo15", "phonondb-pbe103", "hh143", "aflow-agl", "aflow-agl-paper-tc", "mp-scan", "mp-binaries", "wbm972"]);
    const models = KNOWN_WEIGHTS.filter((f) => f.sidecar !== undefined);
    expect(models).toHaveLength(9);
    expect(KNOWN_WEIGHTS).toHaveLength(18);
    for (const m of models) expect(knownFile(m.sidecar!)!.file).toBe(`${m.file}.json`);
    expect(new Set(KNOWN_FILES.map((f) => f.id)).size).toBe(KNOWN_FILES.length);
  });

  it("the repository carries every dataset and weight file marked bundled, and nothing else", () => {
    const data = readdirSync(dataDir()).filter((f) => f !== "README.md");
    expect(KNOWN_DATASETS.filter((f) => f.bundled !== undefined).map((f) => f.file).sort()).toEqual(data.sort());
    expect(KNOWN_DATASETS.filter((f) => f.bundled === undefined).map((f) => f.id)).toEqual(["mp-scan", "mp-binaries", "wbm972"]);
    const weights = ["mp-2018.6.1", "mp-2019.4.1"].flatMap((d) => readdirSync(resolve(weightsDir(), "megnet", d)).filter((f) => f.includes(".hdf5")).map((f) => `megnet/${d}/${f}`));
    expect(KNOWN_WEIGHTS.map((f) => f.file).sort()).toEqual(weights.sort());
    expect(KNOWN_WEIGHTS.every((f) => f.bundled !== undefined)).toBe(true);
  });

  it("the npm package ships exactly the files marked package: the κ datasets and the formation-energy model", () => {
    const shipped = KNOWN_FILES.filter((f) => f.bundled === "package").map((f) => f.id);
    expect(shipped).toEqual(["togo15", "phonondb-pbe103", "hh143", "aflow-agl", "aflow-agl-paper-tc", "megnet/mp-2018.6.1/formation_energy", "megnet/mp-2018.6.1/formation_energy.sidecar"]);
    const files = (JSON.parse(readFileSync(resolve(repoRoot, "package.json"), "utf8")) as { files: string[] }).files;
    const inPackage = (path: string): boolean => files.some((f) => path === f || path.startsWith(`${f}/`));
    for (const f of KNOWN_FILES.filter((k) => k.bundled !== undefined)) {
      const path = `${f.category === "dataset" ? "data" : "weights"}/${f.file}`;
      expect([path, inPackage(path)]).toEqual([path, f.bundled === "package"]);
    }
    expect(files).toContain("NOTICE");
  });

  it.each(KNOWN_FILES.filter((f) => f.bundled !== undefined).map((f) => [f.id, f] as const))("%s: size and sha256 of the repository copy match", async (_id, file) => {
    expect(statSync(localPath(file)).size).toBe(file.size);
    expect(await sha256Cached(localPath(file))).toBe(file.sha256);
  });

  it("weights have pinned public URLs; datasets carry provenance instead", () => {
    expect(knownFile("megnet/mp-2018.6.1/formation_energy")!.url).toBe(
      "https://github.com/materialsvirtuallab/megnet/raw/f3705760266f24b62c4810dd4abacfc25f4f64ae/mvl_models/mp-2018.6.1/formation_energy.hdf5",
    );
    expect(knownFile("megnet/mp-2019.4.1/efermi.sidecar")!.url).toMatch(/mvl_models\/mp-2019\.4\.1\/efermi\.hdf5\.json$/);
    for (const d of KNOWN_DATASETS) {
      expect(d.url).toBeUndefined();
      expect(d.provenance.length).toBeGreaterThan(40);
    }
  });

  it("resolves aliases and a .hdf5 suffix", () => {
    expect(knownFile("wbm-972")!.id).toBe("wbm972");
    expect(knownFile("phonondb-pbe-103")!.id).toBe("phonondb-pbe103");
    expect(knownFile("mp-binaries-3953")!.id).toBe("mp-binaries");
    expect(knownFile("megnet/mp-2018.6.1/log10K.hdf5")!.id).toBe("megnet/mp-2018.6.1/log10K");
    expect(knownFile("nope")).toBeUndefined();
  });
});
