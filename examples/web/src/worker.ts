/**
 * The inference worker: selects the backend, loads the ensemble, then answers each batch of files
 * with one row per structure. Everything heavy runs here, so the page stays responsive.
 */
import { BrowserEnsemble, type KappaRow, predictFiles, predictStructureItems, selectBackend, structuresOfText } from "../../../src/browser.js";
import type { FromWorker, ToWorker } from "./messages.js";

/** The parts of a dedicated worker's global scope used here (the page's tsconfig has DOM types). */
interface WorkerScope {
  postMessage(message: FromWorker): void;
  addEventListener(type: "message", listener: (event: { readonly data: ToWorker }) => void): void;
}
const scope = self as unknown as WorkerScope;

let ensemble: BrowserEnsemble | undefined;

async function init(message: Extract<ToWorker, { type: "init" }>): Promise<void> {
  const start = performance.now();
  const backend = await selectBackend({ backend: message.backend, wasmPaths: message.wasmPaths });
  const backendMs = performance.now() - start;
  ensemble = await BrowserEnsemble.fromUrl(message.modelsUrl);
  scope.postMessage({ type: "ready", backend, models: ensemble.size, sources: ensemble.sources, backendMs, loadMs: performance.now() - start });
}

function handle(message: ToWorker): void {
  if (message.type === "init") {
    init(message).catch((e: unknown) => scope.postMessage({ type: "fatal", message: e instanceof Error ? e.message : String(e) }));
    return;
  }
  if (ensemble === undefined) {
    scope.postMessage({ type: "fatal", message: "the ensemble is not loaded yet" });
    return;
  }
  if (message.type === "predict") {
    const start = performance.now();
    const perFile = message.files.map((f) => structuresOfText(f.name, f.text));
    // the task's structures in one batch, then split back per file
    const rows = predictStructureItems(ensemble, perFile.flat());
    const grouped: KappaRow[][] = [];
    let next = 0;
    for (const items of perFile) {
      grouped.push(rows.slice(next, next + items.length));
      next += items.length;
    }
    scope.postMessage({ type: "rows", job: message.job, first: message.first, rows: grouped, ms: performance.now() - start });
    return;
  }
  const files = Array.from({ length: message.repeat }, () => message.files).flat();
  const start = performance.now();
  const rows = predictFiles(ensemble, files, message.batchSize);
  const seconds = (performance.now() - start) / 1000;
  // a sum of the results, so that the work cannot be skipped and the page can check it
  const checksum = rows.reduce((sum, r) => sum + (r.kappa?.mean ?? 0), 0);
  scope.postMessage({ type: "bench", structures: rows.length, seconds, checksum });
}

scope.addEventListener("message", (event) => handle(event.data));
