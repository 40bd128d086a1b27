/**
 * Builds the demo page into examples/web/dist/: the page and its worker bundled by esbuild from
 * the library's sources (browser variants, no `node:` import), tfjs's and paraisite's wasm
 * binaries in wasm/, the shipped ensemble in models/default/, and a service worker that
 * precaches all of it. `npx tsx examples/web/build.ts` prints the sizes.
 */
import { createHash } from "node:crypto";
import { copyFileSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { browserVariants, nodeImportsIn } from "../../scripts/browser-variants.js";
import { copyBrowserWasm } from "../../scripts/copy-browser-wasm.js";

export const WEB_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = join(WEB_DIR, "..", "..");

export interface FileSize {
  readonly file: string;
  readonly bytes: number;
  readonly gzip: number;
}

export interface WebBuild {
  readonly outDir: string;
  /** Every file of the build, relative to outDir, with raw and gzip sizes. */
  readonly files: readonly FileSize[];
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => f.split("\\").join("/"))
    .sort();
}

const common = {
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  minify: true,
  legalComments: "none",
  logLevel: "warning",
} as const;

/** Build the page into `outDir` (default examples/web/dist), replacing what was there. */
export async function buildWeb(outDir = join(WEB_DIR, "dist")): Promise<WebBuild> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    ...common,
    entryPoints: { main: join(WEB_DIR, "src/main.ts"), worker: join(WEB_DIR, "src/worker.ts") },
    outdir: outDir,
    sourcemap: "linked",
    plugins: [browserVariants],
  });
  for (const name of ["index.html", "style.css"]) copyFileSync(join(WEB_DIR, "src", name), join(outDir, name));
  copyBrowserWasm(join(outDir, "wasm"));
  cpSync(join(ROOT, "models/default"), join(outDir, "models/default"), { recursive: true });
  // the service worker last: it lists every other file and is named after their contents
  const precache = listFiles(outDir).filter((f) => !f.endsWith(".map"));
  const hash = createHash("sha256");
  for (const f of precache) hash.update(f).update(readFileSync(join(outDir, f)));
  await build({
    ...common,
    entryPoints: { sw: join(WEB_DIR, "src/sw.ts") },
    outdir: outDir,
    define: { PRECACHE: JSON.stringify(["./", ...precache]), CACHE_NAME: JSON.stringify(`paraisite-web-${hash.digest("hex").slice(0, 12)}`) },
  });
  const files = listFiles(outDir).map((file) => {
    const bytes = readFileSync(join(outDir, file));
    return { file, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
  for (const f of files.filter((x) => x.file.endsWith(".js"))) {
    const found = nodeImportsIn(readFileSync(join(outDir, f.file), "utf8"));
    if (found.length > 0) throw new Error(`${f.file} imports Node modules: ${found.join(", ")}`);
  }
  return { outDir, files };
}

const kb = (n: number): string => `${(n / 1024).toFixed(1)} kB`;

/** Sizes by group: scripts, wasm, models. */
export function sizeReport(web: WebBuild): string {
  const group = (test: (f: string) => boolean, label: string): string => {
    const list = web.files.filter((f) => test(f.file));
    const raw = list.reduce((s, f) => s + f.bytes, 0);
    const gz = list.reduce((s, f) => s + f.gzip, 0);
    return `${label.padEnd(34)} ${kb(raw).padStart(11)} raw ${kb(gz).padStart(11)} gzip`;
  };
  const lines = web.files.filter((f) => /\.(js|html|css)$/.test(f.file)).map((f) => group((x) => x === f.file, f.file));
  lines.push(group((f) => f.startsWith("wasm/"), "wasm/ (tfjs + paraisite kernels)"));
  lines.push(group((f) => f.startsWith("models/"), "models/default (9 models)"));
  lines.push(group((f) => !f.endsWith(".map"), "everything the page loads"));
  return `${relative(ROOT, web.outDir)}/\n${lines.map((l) => `  ${l}`).join("\n")}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const web = await buildWeb();
  console.log(sizeReport(web));
}
