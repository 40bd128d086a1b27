/**
 * The browser entry bundles without any Node-only module: esbuild with the browser-variants plugin
 * (what tsup.browser.config.ts and the demo page use) reaches no `node:` import, swaps in the
 * `.browser.ts` variants, and refuses a `node:` import with the importer's name.
 */
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { browserVariants, nodeImportsIn } from "../../scripts/browser-variants.js";
import { repoRoot } from "../helpers/paths.js";

const TFJS = ["@tensorflow/tfjs-core", "@tensorflow/tfjs-backend-cpu", "@tensorflow/tfjs-backend-wasm"];

describe("browser bundle", () => {
  it("reaches no node: import and uses the browser variants", async () => {
    const result = await build({
      entryPoints: [join(repoRoot, "src/browser.ts")],
      bundle: true,
      write: false,
      format: "esm",
      platform: "browser",
      metafile: true,
      external: TFJS,
      logLevel: "silent",
      plugins: [browserVariants],
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain("src/backend/wasm-kernels/platform.browser.ts");
    expect(inputs).toContain("src/backend/wasm-kernels/kernels-wasm.browser.ts");
    // the Node versions, and modules that are Node-only, stay out
    for (const nodeOnly of ["platform.ts", "kernels-wasm.ts", "select.ts", "model-directory.ts", "ensemble.ts", "read-file.ts", "worker-pool.ts", "csv-write.ts"]) {
      expect(inputs.filter((i) => i.endsWith(`/${nodeOnly}`))).toEqual([]);
    }
    const code = result.outputFiles[0].text;
    expect(nodeImportsIn(code)).toEqual([]);
    const imports = result.metafile.outputs[Object.keys(result.metafile.outputs)[0]].imports.map((i) => i.path);
    expect([...new Set(imports)].sort()).toEqual([...TFJS].sort());
  });

  it("fails the build on a node: import, naming the importer", async () => {
    const failing = build({
      stdin: { contents: 'import { readFileSync } from "node:fs"; export const f = readFileSync;', resolveDir: repoRoot, sourcefile: "page.ts", loader: "ts" },
      bundle: true,
      write: false,
      platform: "browser",
      logLevel: "silent",
      plugins: [browserVariants],
    });
    await expect(failing).rejects.toThrow(/node:fs imported by \S*page\.ts: the browser build must not reach Node-only modules/);
  });

  it("finds node: imports in bundled text", () => {
    expect(nodeImportsIn('import{a}from"node:fs";const b=await import("node:path");require("node:v8")')).toEqual(['from"node:fs"', 'import("node:path")', 'require("node:v8")']);
    expect(nodeImportsIn('const s = "node:fs is a string";')).toEqual([]);
  });
});
