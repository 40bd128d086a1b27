/**
 * The browser entry's loaders and row builder against the Node path, in Node on the wasm backend:
 * the shipped ensemble loaded from a file map and from URLs predicts exactly what KappaEnsemble
 * predicts; the kernels instantiated asynchronously from fetched bytes (the browser's path) are
 * the fused build and give the same bits; bad model files fail naming the file.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareWasmKernels, wasmKernelsFused } from "../../src/backend/wasm-kernels/kernels.js";
import { selectBackend } from "../../src/backend/select.js";
import { BrowserEnsemble, type Fetcher } from "../../src/browser/models.js";
import { predictFiles } from "../../src/browser/predict-files.js";
import { KappaEnsemble } from "../../src/ensemble/ensemble.js";
import { repoRoot } from "../helpers/paths.js";

const modelsDir = join(repoRoot, "models/default");
const kernelsDir = join(repoRoot, "src/backend/wasm-kernels");

function filesUnder(dir: string): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const rel of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    const full = join(dir, rel);
    if (statSync(full).isFile()) out.set(relative(dir, full), readFileSync(full));
  }
  return out;
}

/** A fetch over `files` at `base`, recording the URLs asked for. */
function fakeFetch(base: string, files: ReadonlyMap<string, Uint8Array>, asked: string[]): Fetcher {
  return async (url) => {
    asked.push(url);
    const data = url.startsWith(base) ? files.get(url.slice(base.length)) : undefined;
    return {
      ok: data !== undefined,
      status: data === undefined ? 404 : 200,
      arrayBuffer: async () => (data ?? new Uint8Array()).slice().buffer,
      text: async () => new TextDecoder().decode(data ?? new Uint8Array()),
    };
  };
}

const examples = join(repoRoot, "examples/structures");
const structureFiles = [
  ...readdirSync(examples)
    .sort()
    .map((name) => ({ name, text: readFileSync(join(examples, name), "utf8") })),
  { name: "empty.cif", text: "" },
  { name: "two.cif", text: `${readFileSync(join(examples, "NaCl.cif"), "utf8")}\n${readFileSync(join(examples, "Si.cif"), "utf8")}` },
];
const files = filesUnder(modelsDir);
let node: KappaEnsemble;

beforeAll(async () => {
  await selectBackend({ backend: "wasm" });
  // the browser's path: kernels compiled asynchronously from fetched bytes, before any kernel runs
  const ready = await prepareWasmKernels({ plain: readFileSync(join(kernelsDir, "kernels.wasm")), fused: readFileSync(join(kernelsDir, "kernels-relaxed.wasm")) });
  expect(ready).toBe(true);
  expect(wasmKernelsFused()).toBe(true);
  node = await KappaEnsemble.load(modelsDir);
});

afterAll(() => node.dispose());

describe("BrowserEnsemble", () => {
  it("loads the shipped ensemble from a file map and predicts exactly as KappaEnsemble", async () => {
    const browser = await BrowserEnsemble.fromFiles(files);
    try {
      expect(browser.sources).toEqual(["run1", "run2", "run3", "run4", "run5", "run6", "run7", "run8", "run9"]);
      const rows = predictFiles(browser, structureFiles);
      expect(rows).toEqual(predictFiles(node, structureFiles));
      // 6 examples, the empty file, the two blocks of two.cif
      expect(rows.map((r) => [r.file, r.block, r.formula, r.sites, r.kappa === null])).toEqual([
        ["GaAs.cif", "GaAs", "GaAs", 8, false],
        ["MgO.POSCAR", null, "MgO", 2, false],
        ["NaCl.cif", "NaCl", "NaCl", 8, false],
        ["PbTe.cif", "PbTe", "TePb", 8, false],
        ["Si.cif", "Si", "Si", 2, false],
        ["ZnO.cif", "ZnO", "ZnO", 4, false],
        ["empty.cif", null, null, null, true],
        ["two.cif", "NaCl", "NaCl", 8, false],
        ["two.cif", "Si", "Si", 2, false],
      ]);
      expect(rows[6].error?.kind).toBe("CifError");
      expect(rows[6].error?.message).toMatch(/^empty\.cif/);
      expect(rows[2].warnings[0]).toBe("line 11: no symmetry operations listed: generated from _symmetry_space_group_name_h-m 'F m -3 m'");
      // after the parser's notes, at most the applicability note of the shipped domain
      expect(rows[2].warnings.slice(1).every((w) => w.startsWith("outside the model's domain"))).toBe(true);
      expect(rows[2].kappa?.values.length).toBe(9);
      // a structure predicts the same in another file and another batch
      expect(rows[7].kappa).toEqual(rows[2].kappa);
    } finally {
      browser.dispose();
    }
  });

  it("loads from URLs: run1…runN from card.json, one model folder, one model.json", async () => {
    const base = "https://models.test/default/";
    const asked: string[] = [];
    const fetch = fakeFetch(base, files, asked);
    const all = await BrowserEnsemble.fromUrl(base, { fetch });
    const one = await BrowserEnsemble.fromUrl(`${base}run3/`, { fetch });
    const json = await BrowserEnsemble.fromUrl(`${base}run3/model.json`, { fetch });
    const named = await BrowserEnsemble.fromUrl(base, { fetch, models: ["run3"] });
    try {
      expect(asked[0]).toBe(`${base}card.json`);
      expect(all.sources).toEqual(Array.from({ length: 9 }, (_, i) => `${base}run${i + 1}`));
      expect([one.sources, json.sources, named.sources]).toEqual([[`${base}run3`], [`${base}run3`], [`${base}run3`]]);
      const expected = predictFiles(node, structureFiles);
      expect(predictFiles(all, structureFiles)).toEqual(expected);
      const third = predictFiles(one, structureFiles).map((r) => r.kappa?.values[0] ?? null);
      expect(third).toEqual(expected.map((r) => r.kappa?.values[2] ?? null));
      expect(predictFiles(json, structureFiles)).toEqual(predictFiles(one, structureFiles));
    } finally {
      for (const e of [all, one, json, named]) e.dispose();
    }
  });

  it("refuses corrupt, missing or foreign model files, naming them", async () => {
    const corrupt = new Map(files);
    const weights = corrupt.get("run2/weights.bin")!.slice();
    weights[100] ^= 1;
    corrupt.set("run2/weights.bin", weights);
    await expect(BrowserEnsemble.fromFiles(corrupt)).rejects.toThrow(/^run2\/weights\.bin: sha256 [0-9a-f]{64} does not match model\.json/);
    const missing = new Map([...files].filter(([k]) => k !== "run4/weights.bin"));
    await expect(BrowserEnsemble.fromFiles(missing)).rejects.toThrow("run4/weights.bin: weights file missing (run4/model.json refers to it)");
    const megnet = JSON.stringify({ ...JSON.parse(new TextDecoder().decode(files.get("run1/model.json"))), kind: "megnet" });
    await expect(BrowserEnsemble.fromFiles({ "model.json": megnet, "weights.bin": files.get("run1/weights.bin")! })).rejects.toThrow('.: holds a "megnet" model, expected "paraisite"');
    await expect(BrowserEnsemble.fromFiles({ "card.json": "{}" })).rejects.toThrow("no model.json among the 1 files given");
    const asked: string[] = [];
    await expect(BrowserEnsemble.fromUrl("https://models.test/none/", { fetch: fakeFetch("https://models.test/default/", files, asked) })).rejects.toThrow(
      "https://models.test/none/: neither card.json nor model.json found; pass options.models to name the model folders",
    );
  });
});
