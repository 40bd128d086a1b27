/**
 * The layering of docs/architecture.md, enforced: every import between folders of src/ must be an
 * arrow of its table (read from the document itself, so the two cannot drift), every folder has a
 * row, and the public entries stay curated (no internals, at most 150 values in the main entry).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./helpers/paths.js";

const src = resolve(repoRoot, "src");

/** Implementation details no entry exports (the manual tape, host kernels, wasm and gradient plumbing). */
const INTERNALS = [
  "ManualTape",
  "recordOnTape",
  "gatherRowsHost",
  "scatterRowsFast",
  "set2setForward",
  "set2setBackward",
  "set2setOnHost",
  "registerGradients",
  "softplus2Kernel",
  "applyActivation",
  "linearProduct",
  "workerBackendRequest",
  "startWorker",
];

/** Folder → folders it may import, from the table of docs/architecture.md ("everything" → null). */
function documentedRules(): Map<string, ReadonlySet<string> | null> {
  const rules = new Map<string, ReadonlySet<string> | null>();
  for (const line of readFileSync(resolve(repoRoot, "docs/architecture.md"), "utf8").split("\n")) {
    const row = /^\| `([a-z-]+)\/` \|.*\| ([^|]+) \|$/.exec(line.trim());
    if (row === null) continue;
    const cell = row[2].trim();
    rules.set(row[1], cell === "everything" ? null : new Set(cell === "—" ? [] : cell.split(",").map((s) => s.trim().replace(/`/g, ""))));
  }
  return rules;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

/** Relative module specifiers of a file: static imports and re-exports, and dynamic import("…"). */
function relativeImports(path: string): string[] {
  const text = readFileSync(path, "utf8");
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+"(\.[^"]+)"|\bimport\(\s*"(\.[^"]+)"\s*\)|(?:^|\n)\s*import\s+"(\.[^"]+)"/g)) {
    found.push(m[1] ?? m[2] ?? m[3]);
  }
  return found;
}

/** Top-level folder of a path under src/, or the file name for files directly in src/. */
const topOf = (path: string): string => relative(src, path).split(sep)[0];

describe("the layering of docs/architecture.md", () => {
  const rules = documentedRules();
  const folders = readdirSync(src).filter((name) => statSync(join(src, name)).isDirectory());

  it("documents every folder of src/, and no folder that is gone", () => {
    expect([...rules.keys()].sort()).toEqual([...folders].sort());
  });

  it("has no import against an arrow of the table (type-only imports included)", () => {
    const violations: string[] = [];
    for (const folder of folders) {
      const allowed = rules.get(folder);
      if (allowed === null) continue;
      for (const file of tsFiles(join(src, folder))) {
        for (const specifier of relativeImports(file)) {
          const target = topOf(resolve(dirname(file), specifier));
          // the package version is a leaf constant anyone may read
          if (target === folder || target === "version.js") continue;
          if (!allowed?.has(target)) violations.push(`${relative(src, file)} imports ${specifier} (${folder} → ${target})`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it("keeps inference (models, ensemble) free of training, experiments and analysis", () => {
    for (const folder of ["models", "ensemble"]) {
      for (const banned of ["train", "experiment", "analysis"]) expect(rules.get(folder)?.has(banned), `${folder} → ${banned}`).toBe(false);
    }
  });
});

describe("the public entries", () => {
  it("main: at most 150 values, none of the internals", async () => {
    const api = await import("../src/index.js");
    const names = Object.keys(api);
    expect(names.length).toBeLessThanOrEqual(150);
    // advanced pieces stay behind their subpaths
    const advanced = ["AUTODIFF_OPS", "customOp", "segmentIndex", "readWeights", "writeWeights", "MEGNetLayer", "Set2Set", "ParamStore"];
    expect(names.filter((n) => INTERNALS.includes(n) || advanced.includes(n))).toEqual([]);
  });

  it("subpaths: one per package.json export, built by tsup, each a folder's index without the internals", async () => {
    const pkg = JSON.parse(readFileSync(resolve(repoRoot, "package.json"), "utf8")) as { exports: Record<string, unknown> };
    const subpaths = Object.keys(pkg.exports)
      // ./browser (and its wasm files) is the browser build, bundled separately (tsup.browser.config.ts)
      .filter((k) => k !== "." && k !== "./package.json" && k !== "./testing" && !k.startsWith("./browser"))
      .map((k) => k.slice(2));
    const tsup = readFileSync(resolve(repoRoot, "tsup.config.ts"), "utf8");
    for (const name of subpaths) {
      expect(tsup, `tsup entry for ${name}`).toContain(`"${name}"`);
      const mod = (await import(`../src/${name}/index.ts`)) as Record<string, unknown>;
      expect(
        Object.keys(mod).filter((n) => INTERNALS.includes(n)),
        name,
      ).toEqual([]);
    }
    expect(subpaths.length).toBeGreaterThanOrEqual(8);
  });
});
