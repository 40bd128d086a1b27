/**
 * `npm run test:browser`: builds the demo page, serves it on 127.0.0.1, opens it in Debian's
 * Chromium, uploads examples/structures/* plus a malformed file, and checks every κ (mean and
 * per-model) against the Node prediction of the same ensemble on the same backend (wasm),
 * relative 1e-4; the malformed file must show its error while the others predict; the CSV
 * download must hold the same values; after the server stops, the page must still load and
 * predict from its service worker's cache. Saves a screenshot to examples/web/out/.
 * `--bench` also measures structures/s in the page and in Node.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { selectBackend } from "../../src/backend/select.js";
import { type KappaRow, predictFiles, type StructureFile } from "../../src/browser/predict-files.js";
import { structuresOfText } from "../../src/io/structure-text.js";
import { KappaEnsemble } from "../../src/ensemble/ensemble.js";
import type { Page } from "puppeteer-core";
import { buildWeb, sizeReport, WEB_DIR } from "./build.js";
import { launchChromium, type PageRow, pageBench, pageCsv, pageStats, uploadAndWait, waitReady, waitServiceWorker, watchErrors } from "./harness.js";
import { startServer } from "./serve.js";
import { filesPerTask } from "./src/tasks.js";

const ROOT = join(WEB_DIR, "..", "..");
const TOLERANCE = 1e-4;
const BROKEN_NAME = "broken.cif";
// a CIF whose cell has no c length: the parser must name the file in its error
const BROKEN_CIF = "data_broken\n_cell_length_a 4.0\n_cell_length_b 4.0\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nNa 0 0 0\n";

class Mismatch extends Error {
  override readonly name = "Mismatch";
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Mismatch(message);
}

const relative = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

/** Compare the page's rows with Node's; returns the largest relative difference of any κ. */
function compareRows(page: readonly PageRow[], node: readonly KappaRow[]): number {
  check(page.length === node.length, `page shows ${page.length} rows, Node predicts ${node.length}`);
  let worst = 0;
  page.forEach((p, i) => {
    const n = node[i];
    const where = `${n.file}${n.block === null ? "" : ` [${n.block}]`}`;
    check(p.file === n.file && p.block === n.block && p.formula === n.formula && p.sites === n.sites, `${where}: page row ${JSON.stringify([p.file, p.block, p.formula, p.sites])}`);
    check((p.error === null) === (n.error === null), `${where}: error in one and not the other (${p.error?.message ?? n.error?.message})`);
    if (n.error !== null) check(p.error?.message === n.error.message, `${where}: page error "${p.error?.message}" vs Node "${n.error.message}"`);
    if (n.kappa === null || p.kappa === null) return;
    check(p.kappa.values.length === n.kappa.values.length, `${where}: ${p.kappa.values.length} model values, Node has ${n.kappa.values.length}`);
    const pairs: [number, number, string][] = [[p.kappa.mean, n.kappa.mean, "mean"], [p.kappa.std, n.kappa.std, "std"], ...p.kappa.values.map((v, k): [number, number, string] => [v, n.kappa!.values[k], `run${k + 1}`])];
    for (const [a, b, what] of pairs) {
      const d = relative(a, b);
      // std is a difference of close values: compare it against the mean's scale
      const scaled = what === "std" ? Math.abs(a - b) / Math.abs(n.kappa.mean) : d;
      check(scaled <= TOLERANCE, `${where}: κ ${what} ${a} in the page, ${b} in Node (relative ${d.toExponential(2)})`);
      if (what !== "std") worst = Math.max(worst, d);
    }
  });
  return worst;
}

function inputFiles(dir: string): { paths: string[]; files: StructureFile[] } {
  const examples = join(ROOT, "examples/structures");
  const names = readdirSync(examples).sort();
  const broken = join(dir, BROKEN_NAME);
  writeFileSync(broken, BROKEN_CIF);
  const paths = [...names.map((n) => join(examples, n)), broken];
  return { paths, files: paths.map((p) => ({ name: p.split("/").pop()!, text: readFileSync(p, "utf8") })) };
}

async function waitForFile(path: string, timeoutMs = 10_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      return readFileSync(path, "utf8");
    } catch {
      if (Date.now() > end) throw new Mismatch(`no download at ${path}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Structures/s of the Node ensemble on one thread, as the page's bench measures it. */
function nodeBench(ensemble: KappaEnsemble, files: readonly StructureFile[], repeat: number, batchSize: number): number {
  const all = Array.from({ length: repeat }, () => files).flat();
  const start = performance.now();
  const rows = predictFiles(ensemble, all, batchSize);
  return rows.length / ((performance.now() - start) / 1000);
}

/**
 * Throughput, page against Node on the same backend: one thread (best of five rounds each,
 * interleaved, so that both meet the same load), then two workers through the page's file input
 * against `KappaEnsemble` with two worker threads.
 */
async function benchmarks(page: Page, ensemble: KappaEnsemble, files: readonly StructureFile[], work: string): Promise<void> {
  const repeat = 86;
  const page1: number[] = [];
  const node1: number[] = [];
  for (let round = 0; round < 5; round++) {
    const r = await pageBench(page, files, repeat, 64);
    page1.push(r.structures / r.seconds);
    node1.push(nodeBench(ensemble, files, repeat, 64));
  }
  const best = (xs: readonly number[]): string => Math.max(...xs).toFixed(1);
  const median = (xs: readonly number[]): string => [...xs].sort((a, b) => a - b)[xs.length >> 1].toFixed(1);
  console.log(`throughput, 1 thread, wasm, batch 64, ${repeat * files.length} structures (best of 5; median page ${median(page1)}, Node ${median(node1)}): page ${best(page1)} /s, Node ${best(node1)} /s`);
  // two workers: many files through the page's input, Node's pool on the same structures and batches
  const dir = mkdtempSync(join(work, "many-"));
  const copies = Array.from({ length: 20 }, (_, c) => files.map((f) => ({ name: `${c}-${f.name}`, text: f.text }))).flat();
  for (const f of copies) writeFileSync(join(dir, f.name), f.text);
  await page.click("#clear");
  const rows = await uploadAndWait(page, copies.map((f) => join(dir, f.name)));
  const stats = await pageStats(page);
  const pool = await KappaEnsemble.load(join(ROOT, "models/default"), { workers: 2 });
  try {
    const structures = copies.flatMap((f) => structuresOfText(f.name, f.text).map((s) => s.structure!));
    const batch = filesPerTask(copies.length, 2);
    await pool.predictStructuresAsync(structures, batch);
    const start = performance.now();
    await pool.predictStructuresAsync(structures, batch);
    const nodeRate = structures.length / ((performance.now() - start) / 1000);
    const pageRate = rows.length / ((stats.doneAt - stats.filesAt) / 1000);
    console.log(`throughput, 2 workers, ${rows.length} files of one structure, batches of ${batch}: page ${pageRate.toFixed(1)} /s (file input to last row), Node ${nodeRate.toFixed(1)} /s`);
  } finally {
    pool.dispose();
  }
}

async function main(): Promise<void> {
  const bench = process.argv.includes("--bench");
  const work = mkdtempSync(join(tmpdir(), "paraisite-browser-test-"));
  const outDir = join(WEB_DIR, "out");
  mkdirSync(outDir, { recursive: true });
  const web = await buildWeb();
  console.log(sizeReport(web));
  const { paths, files } = inputFiles(work);

  await selectBackend({ backend: "wasm" });
  const ensemble = await KappaEnsemble.load(join(ROOT, "models/default"));
  const nodeRows = predictFiles(ensemble, files);
  const brokenRow = nodeRows.find((r) => r.file === BROKEN_NAME);
  check(brokenRow?.error != null && nodeRows.filter((r) => r.kappa !== null).length === files.length - 1, "Node: expected every example to predict and broken.cif to fail");

  let server = await startServer(web.outDir, 0);
  const browser = await launchChromium(work);
  try {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}?workers=2`);
    const ready = await waitReady(page);
    console.log(`page ready after ${(ready.readyAt / 1000).toFixed(2)} s: ${ready.backend?.backend} (${ready.backend?.kernels}), ${ready.workers} workers, worker: backend in ${(ready.backendMs / 1000).toFixed(2)} s, ensemble loaded ${(ready.loadMs / 1000).toFixed(2)} s after its start`);
    check(ready.backend?.backend === "wasm" && ready.backend.kernels !== "none", `page backend ${JSON.stringify(ready.backend)}`);

    const rows = await uploadAndWait(page, paths);
    const worst = compareRows(rows, nodeRows);
    const stats = await pageStats(page);
    console.log(`first prediction ${((stats.firstRowAt - stats.filesAt) / 1000).toFixed(2)} s after the upload, ${(stats.firstRowAt / 1000).toFixed(2)} s after navigation; largest relative κ difference page vs Node ${worst.toExponential(2)}`);
    const shown = await page.$$eval("tr.error td.message", (tds) => tds.map((td) => td.textContent ?? ""));
    check(shown.length === 1 && shown[0].includes(BROKEN_NAME), `error rows shown: ${JSON.stringify(shown)}`);
    const kappaCells = await page.$$eval("td.kappa", (tds) => tds.map((td) => td.textContent ?? ""));
    check(kappaCells.length === files.length - 1 && kappaCells.every((t) => / ± /.test(t)), `κ cells shown: ${JSON.stringify(kappaCells)}`);

    // the CSV download holds the table's values
    await page.click("#csv");
    const csv = await waitForFile(join(work, "paraisite-kappa.csv"));
    check(csv === (await pageCsv(page)), "downloaded CSV differs from the page's rows");
    check(csv.split("\n").length === rows.length + 2 && csv.startsWith("file,block,formula,sites,kappa_mean,kappa_std,kappa_run1,"), `CSV: ${csv.slice(0, 200)}`);

    // per-model values of the first structure, then the screenshot for the docs
    await page.click("button.models");
    await page.screenshot({ path: join(outDir, "browser-demo.png"), fullPage: true });

    if (bench) await benchmarks(page, ensemble, files.slice(0, -1), work);

    // offline: stop the server, reload, predict again from the service worker's cache
    await waitServiceWorker(page);
    await server.close();
    await page.reload();
    const again = await waitReady(page);
    const offline = await uploadAndWait(page, paths.slice(0, 2));
    compareRows(offline, nodeRows.slice(0, 2));
    const warm = await pageStats(page);
    console.log(
      `offline reload from the service worker's cache: ready after ${(again.readyAt / 1000).toFixed(2)} s, first prediction ${(warm.firstRowAt / 1000).toFixed(2)} s after navigation, predictions unchanged`,
    );
    server = await startServer(web.outDir, 0);

    check(errors.length === 0, `page errors:\n${errors.join("\n")}`);
    console.log(`browser: ${rows.filter((r) => r.kappa !== null).length} structures match Node`);
  } finally {
    await browser.close();
    await server.close();
    ensemble.dispose();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Mismatch ? `browser test failed: ${e.message}` : e);
  process.exit(1);
});
