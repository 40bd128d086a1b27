/**
 * The page: files in (drop or choose), batches of files to the inference workers, rows into the
 * table as they come back, CSV out. Query parameters: `workers=N` (default: 2, or 1 on a
 * one-core device), `backend=wasm|cpu|auto` (default wasm), `sw=0` (no service worker).
 * `window.paraisite` exposes the results and timings (the browser test reads them).
 */
import type { KappaRow, StructureFile } from "../../../src/browser/predict-files.js";
import { kappaRowsCsv } from "../../../src/browser/rows-csv.js";
import type { BrowserBackendChoice, BrowserBackendRequest } from "../../../src/browser/backend.js";
import type { FromWorker, ToWorker } from "./messages.js";
import { ResultsTable } from "./table.js";
import { filesPerTask } from "./tasks.js";

const params = new URLSearchParams(location.search);
const workerCount = Math.max(1, Number(params.get("workers") ?? Math.min(2, navigator.hardwareConcurrency || 1)) || 1);
const backendRequest = (params.get("backend") ?? "wasm") as BrowserBackendRequest;

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const status = $<HTMLParagraphElement>("status");
const progress = $<HTMLProgressElement>("progress");
const progressText = $<HTMLSpanElement>("progress-text");
const csvButton = $<HTMLButtonElement>("csv");
const clearButton = $<HTMLButtonElement>("clear");
const table = new ResultsTable($<HTMLTableElement>("results"));

interface Task {
  readonly first: number;
  readonly files: readonly StructureFile[];
}

interface Slot {
  readonly worker: Worker;
  busy: boolean;
}

/** Timings for the test and the status line (ms since navigation start). */
const stats = { readyAt: Number.NaN, backendMs: Number.NaN, loadMs: Number.NaN, firstRowAt: Number.NaN, filesAt: Number.NaN, doneAt: Number.NaN, structures: 0 };
const queue: Task[] = [];
const slots: Slot[] = [];
let job = 0;
let filesDone = 0;
let backend: BrowserBackendChoice | undefined;
let resolveReady: (choice: BrowserBackendChoice) => void = () => undefined;
let rejectReady: (e: Error) => void = () => undefined;
const ready = new Promise<BrowserBackendChoice>((resolve, reject) => {
  resolveReady = resolve;
  rejectReady = reject;
});
let benchReply: ((reply: Extract<FromWorker, { type: "bench" }>) => void) | undefined;

function updateProgress(): void {
  const total = table.fileCount;
  progress.max = Math.max(1, total);
  progress.value = filesDone;
  const seconds = (stats.doneAt - stats.filesAt) / 1000;
  const rate = filesDone === total && total > 0 && seconds > 0 ? ` · ${(stats.structures / seconds).toFixed(1)} structures/s` : "";
  progressText.textContent = total === 0 ? "" : `${filesDone} / ${total} files${rate}`;
  csvButton.disabled = filesDone === 0;
  clearButton.disabled = total === 0 || filesDone < total;
}

function dispatch(): void {
  for (const slot of slots) {
    if (slot.busy || queue.length === 0 || backend === undefined) continue;
    const task = queue.shift()!;
    slot.busy = true;
    slot.worker.postMessage({ type: "predict", job, first: task.first, files: task.files } satisfies ToWorker);
  }
}

function onRows(slot: Slot, reply: Extract<FromWorker, { type: "rows" }>): void {
  slot.busy = false;
  if (reply.job === job) {
    reply.rows.forEach((rows, k) => {
      table.fill(reply.first + k, rows);
    });
    filesDone += reply.rows.length;
    stats.structures += reply.rows.reduce((n, rows) => n + rows.length, 0);
    if (Number.isNaN(stats.firstRowAt)) stats.firstRowAt = performance.now();
    if (filesDone === table.fileCount) stats.doneAt = performance.now();
    updateProgress();
  }
  dispatch();
}

async function addFiles(list: FileList | readonly File[]): Promise<void> {
  const files = await Promise.all(Array.from(list, async (f) => ({ name: f.name, text: await f.text() })));
  if (files.length === 0) return;
  if (filesDone === table.fileCount) {
    stats.filesAt = performance.now();
    stats.structures = 0;
  }
  const first = table.add(files.map((f) => f.name));
  const size = filesPerTask(files.length, workerCount);
  for (let k = 0; k < files.length; k += size) queue.push({ first: first + k, files: files.slice(k, k + size) });
  updateProgress();
  dispatch();
}

const init: ToWorker = {
  type: "init",
  wasmPaths: new URL("./wasm/", location.href).href,
  modelsUrl: new URL("./models/default/", location.href).href,
  backend: backendRequest,
};

function onReady(slot: Slot, reply: Extract<FromWorker, { type: "ready" }>): void {
  slot.busy = false;
  slots.push(slot);
  if (backend === undefined) {
    backend = reply.backend;
    stats.readyAt = performance.now();
    stats.backendMs = reply.backendMs;
    stats.loadMs = reply.loadMs;
    status.className = "status ready";
    const kernels = reply.backend.kernels === "none" ? "" : ` + paraisite kernels (${reply.backend.kernels})`;
    status.textContent = `Ready: ${reply.models} models on ${reply.backend.backend}${kernels}, ${workerCount} worker${workerCount > 1 ? "s" : ""}; loaded in ${(stats.readyAt / 1000).toFixed(1)} s.`;
    resolveReady(reply.backend);
    // the other workers start once the first is up: they would slow it down on a small machine,
    // and they find the binaries and models in the cache
    for (let i = 1; i < workerCount; i++) startWorker();
  }
  dispatch();
}

function fail(message: string): void {
  status.className = "status failed";
  status.textContent = `Failed: ${message}`;
  rejectReady(new Error(message));
}

function startWorker(): void {
  const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  const slot: Slot = { worker, busy: true };
  worker.addEventListener("message", (event: MessageEvent<FromWorker>) => {
    const reply = event.data;
    if (reply.type === "ready") onReady(slot, reply);
    else if (reply.type === "rows") onRows(slot, reply);
    else if (reply.type === "bench") {
      slot.busy = false;
      benchReply?.(reply);
      dispatch();
    } else fail(reply.message);
  });
  worker.addEventListener("error", (event) => fail(`worker: ${event.message}`));
  worker.postMessage(init);
}

function downloadCsv(): void {
  const blob = new Blob([kappaRowsCsv(table.results())], { type: "text/csv" });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = "paraisite-kappa.csv";
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** Throughput of one worker: `files` repeated `repeat` times, batches of `batchSize`. */
async function bench(files: readonly StructureFile[], repeat: number, batchSize = 64): Promise<Extract<FromWorker, { type: "bench" }>> {
  await ready;
  const slot = slots.find((s) => !s.busy);
  if (slot === undefined) throw new Error("no idle worker");
  slot.busy = true;
  return new Promise((resolve) => {
    benchReply = resolve;
    slot.worker.postMessage({ type: "bench", files, repeat, batchSize } satisfies ToWorker);
  });
}

function wireUi(): void {
  const drop = $<HTMLLabelElement>("drop");
  const input = $<HTMLInputElement>("files");
  input.addEventListener("change", () => {
    if (input.files !== null) void addFiles(input.files);
    input.value = "";
  });
  drop.addEventListener("dragover", (e) => {
    e.preventDefault();
    drop.classList.add("over");
  });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    if (e.dataTransfer !== null) void addFiles(e.dataTransfer.files);
  });
  $<HTMLInputElement>("per-model").addEventListener("change", (e) => table.setShowAll((e.target as HTMLInputElement).checked));
  csvButton.addEventListener("click", downloadCsv);
  clearButton.addEventListener("click", () => {
    job++;
    table.clear();
    filesDone = 0;
    updateProgress();
  });
}

/** The page's API for scripts and the browser test. */
const api = {
  ready,
  results: (): KappaRow[] => table.results(),
  done: (): boolean => table.fileCount > 0 && filesDone === table.fileCount,
  stats: () => ({ ...stats, workers: workerCount, backend }),
  bench,
  csv: (): string => kappaRowsCsv(table.results()),
};
(window as unknown as { paraisite: typeof api }).paraisite = api;

wireUi();
startWorker();
status.textContent = `Loading the ensemble on ${workerCount} worker${workerCount > 1 ? "s" : ""}…`;
if ("serviceWorker" in navigator && params.get("sw") !== "0") {
  // offline use: the service worker caches the page, the wasm binaries and the models
  navigator.serviceWorker.register("./sw.js").catch((e: unknown) => console.warn("service worker not registered:", e));
}
