/**
 * Driving the demo page in Debian's Chromium with puppeteer-core (never a downloaded browser):
 * launch flags that work as root in this sandbox, and the page's `window.paraisite` API read back
 * as plain data.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";

export const CHROMIUM = process.env.PARAISITE_CHROMIUM ?? "/usr/bin/chromium";

/** A row as the test reads it back (Float64Array → array). */
export interface PageRow {
  readonly file: string;
  readonly block: string | null;
  readonly formula: string | null;
  readonly sites: number | null;
  readonly kappa: { readonly mean: number; readonly std: number; readonly values: readonly number[] } | null;
  readonly warnings: readonly string[];
  readonly error: { readonly kind: string; readonly message: string } | null;
}

export interface PageStats {
  readonly readyAt: number;
  readonly backendMs: number;
  readonly loadMs: number;
  readonly firstRowAt: number;
  readonly filesAt: number;
  readonly doneAt: number;
  readonly structures: number;
  readonly workers: number;
  readonly backend?: { readonly backend: string; readonly kernels: string; readonly skipped: readonly { candidate: string; reason: string }[] };
}

export interface BenchResult {
  readonly structures: number;
  readonly seconds: number;
  readonly checksum: number;
}

/** What main.ts puts on `window.paraisite`, as far as the test uses it. */
interface PageApi {
  readonly ready: Promise<unknown>;
  results(): readonly {
    readonly file: string;
    readonly block: string | null;
    readonly formula: string | null;
    readonly sites: number | null;
    readonly kappa: { readonly mean: number; readonly std: number; readonly values: Float64Array } | null;
    readonly warnings: readonly string[];
    readonly error: { readonly kind: string; readonly message: string } | null;
  }[];
  done(): boolean;
  stats(): PageStats;
  csv(): string;
  bench(files: readonly { name: string; text: string }[], repeat: number, batchSize?: number): Promise<BenchResult>;
}
/** The page's globals as the evaluated functions see them (typed here: the Node program has no DOM types). */
interface PageGlobals {
  readonly paraisite: PageApi;
  readonly navigator: {
    readonly serviceWorker: {
      readonly ready: Promise<unknown>;
      readonly controller: unknown;
      addEventListener(type: "controllerchange", listener: () => void, options: { once: boolean }): void;
    };
  };
}
// Functions passed to page.evaluate run in the page from their source text: they may use only
// their parameters and the page's globals (no helper of this module).

/** Chromium headless, as root, with a fresh profile; downloads go to `downloadPath`. */
export function launchChromium(downloadPath: string, extraArgs: readonly string[] = []): Promise<Browser> {
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: mkdtempSync(join(tmpdir(), "paraisite-chromium-")),
    downloadBehavior: { policy: "allow", downloadPath },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...extraArgs,
    ],
    defaultViewport: { width: 1180, height: 760, deviceScaleFactor: 1 },
  });
}

/** Collects the page's console errors and uncaught exceptions (a clean run has none). */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => errors.push(`page: ${e instanceof Error ? e.message : String(e)}`));
  return errors;
}

/** Wait until the workers have loaded the ensemble; the backend they report. */
export async function waitReady(page: Page): Promise<PageStats> {
  await page.waitForFunction(() => (globalThis as unknown as Partial<PageGlobals>).paraisite !== undefined);
  await page.evaluate(() => (globalThis as unknown as PageGlobals).paraisite.ready);
  return pageStats(page);
}

/** Choose files with the page's file input and wait until every one has its rows. */
export async function uploadAndWait(page: Page, paths: readonly string[], timeoutMs = 300_000): Promise<PageRow[]> {
  const input = await page.$("#files");
  if (input === null) throw new Error("the page has no #files input");
  await (input as unknown as { uploadFile(...p: string[]): Promise<void> }).uploadFile(...paths);
  await page.waitForFunction(() => (globalThis as unknown as PageGlobals).paraisite.done(), { timeout: timeoutMs, polling: 100 });
  return page.evaluate(() =>
    (globalThis as unknown as PageGlobals).paraisite.results().map((r) => ({ ...r, kappa: r.kappa === null ? null : { ...r.kappa, values: Array.from(r.kappa.values) } })),
  );
}

export function pageStats(page: Page): Promise<PageStats> {
  return page.evaluate(() => (globalThis as unknown as PageGlobals).paraisite.stats());
}

export function pageCsv(page: Page): Promise<string> {
  return page.evaluate(() => (globalThis as unknown as PageGlobals).paraisite.csv());
}

/** One worker's throughput on `files` × `repeat` in batches of `batchSize`. */
export function pageBench(page: Page, files: readonly { name: string; text: string }[], repeat: number, batchSize: number): Promise<BenchResult> {
  return page.evaluate((f, r, b) => (globalThis as unknown as PageGlobals).paraisite.bench(f, r, b), files, repeat, batchSize);
}

/** Wait until a service worker controls the page (its precache is complete). */
export async function waitServiceWorker(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const sw = (globalThis as unknown as PageGlobals).navigator.serviceWorker;
    await sw.ready;
    if (sw.controller === null) await new Promise<void>((resolve) => sw.addEventListener("controllerchange", () => resolve(), { once: true }));
  });
}
