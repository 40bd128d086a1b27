/**
 * Trained models without a file system: from URLs (the shipped ensemble by default) or from a
 * map of file names to bytes (files a user dropped, an archive unpacked by the page). The same
 * checks as the Node loader (format version, byte length, sha256, manifest) and the same model
 * construction (`modelFromStored` of models/serialization.ts), hence the same predictions on the same backend.
 */
import { WeightsError } from "../core/errors.js";
import { DOMAIN_FILE, parseDomain } from "../ensemble/applicability.js";
import { KappaEnsembleCore } from "../ensemble/kappa-core.js";
import type { ParAIsite } from "../models/paraisite.js";
import { modelFromStored, upgradeStoredModel } from "../models/serialization.js";
import { checkedWeights, type JsonValue, MODEL_JSON, parseModelJson } from "../weights/model-format.js";
import { sha256HexAsync } from "./sha256.js";

/** File contents as a page gets them. */
export type ModelFileData = ArrayBuffer | Uint8Array | Blob | string;

/** Relative path (e.g. `run1/model.json`, `run1/weights.bin`) → contents. */
export type ModelFiles = ReadonlyMap<string, ModelFileData> | { readonly [path: string]: ModelFileData };

/** Fetches a URL (injectable: a test or a page with its own cache can pass one). */
export type Fetcher = (url: string) => Promise<{ readonly ok: boolean; readonly status: number; arrayBuffer(): Promise<ArrayBuffer>; text(): Promise<string> }>;

export interface UrlLoadOptions {
  /**
   * Model folders relative to the ensemble URL (e.g. `["run1", "run2"]` or `["run1/model"]`).
   * Default: `run1` … `runN` with N from the folder's `card.json` (`runs`), as the shipped
   * ensemble and `paraisite reproduce` lay them out.
   */
  readonly models?: readonly string[];
  readonly fetch?: Fetcher;
}

/** `models/default/` of the package, relative to the bundle (`dist/browser/index.js`). */
export function defaultModelsUrl(): string {
  return new URL("../../models/default/", import.meta.url).href;
}

/**
 * Build a ParAIsite model from its `model.json` text and weight bytes; `source` names the model in
 * errors (a URL or a path).
 * @throws WeightsError naming `source` when the files are not a valid kind "paraisite" model.
 */
export async function paraisiteFromBytes(modelJson: string, weights: Uint8Array, source: string): Promise<LoadedBrowserModel> {
  const json = parseModelJson(modelJson, `${source}/${MODEL_JSON}`);
  if (json.kind !== "paraisite") throw new WeightsError(`${source}: holds a "${json.kind}" model, expected "paraisite"`);
  const binPath = `${source}/${json.weights.file}`;
  const map = checkedWeights(json, weights, await sha256HexAsync(weights), binPath);
  const model = modelFromStored(json, map, source) as ParAIsite;
  return { model, extra: upgradeStoredModel(json, source).extra as { readonly [key: string]: JsonValue } };
}

/** A model built from its files, with its `extra` (training metadata) migrated to the current format. */
export interface LoadedBrowserModel {
  readonly model: ParAIsite;
  readonly extra: { readonly [key: string]: JsonValue };
}

async function bytesOf(data: ModelFileData): Promise<Uint8Array> {
  if (typeof data === "string") return new TextEncoder().encode(data);
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(await data.arrayBuffer());
}

const textOf = async (data: ModelFileData): Promise<string> => (typeof data === "string" ? data : new TextDecoder().decode(await bytesOf(data)));

const folderOf = (url: string): string => (url.endsWith("/") ? url : `${url}/`);

async function fetched(fetcher: Fetcher, url: string): Promise<Uint8Array> {
  let response: Awaited<ReturnType<Fetcher>>;
  try {
    response = await fetcher(url);
  } catch (e) {
    throw new WeightsError(`${url}: cannot fetch (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!response.ok) throw new WeightsError(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** Model folders of an ensemble URL: given, or run1…runN from its card.json. */
async function modelFolders(fetcher: Fetcher, base: string, given: readonly string[] | undefined): Promise<string[]> {
  if (given !== undefined) return given.map((m) => folderOf(new URL(m, base).href));
  const cardUrl = `${base}card.json`;
  const card = await fetcher(cardUrl).catch(() => undefined);
  if (card === undefined || !card.ok) {
    // no card: the folder is one model, or the caller has to name the models
    const single = await fetcher(base + MODEL_JSON).then((r) => r.ok, () => false);
    if (single) return [base];
    throw new WeightsError(`${base}: neither card.json nor ${MODEL_JSON} found; pass options.models to name the model folders`);
  }
  let runs: unknown;
  try {
    runs = (JSON.parse(await card.text()) as { runs?: unknown }).runs;
  } catch {
    throw new WeightsError(`${cardUrl}: invalid JSON`);
  }
  if (!(Number.isInteger(runs) && (runs as number) > 0)) throw new WeightsError(`${cardUrl}: no positive integer "runs"; pass options.models`);
  return Array.from({ length: runs as number }, (_, i) => `${base}run${i + 1}/`);
}

/** Natural order of folder names, as the Node loader lists directories. */
const collator = new Intl.Collator("en", { numeric: true });

/** An ensemble loaded in a browser (or anywhere without a file system). */
export class BrowserEnsemble extends KappaEnsembleCore {
  /** Wrap models already built (the ensemble owns them from now on: `dispose` frees them). */
  static fromModels(models: readonly ParAIsite[], sources: readonly string[]): BrowserEnsemble {
    return new BrowserEnsemble(models, sources);
  }

  /**
   * Load an ensemble from a URL: a folder of model folders (default: the ensemble shipped with
   * the package, {@link defaultModelsUrl}), or one model folder (holding `model.json`, used when
   * the folder has no `card.json`), or the URL of one `model.json`.
   */
  static async fromUrl(url: string | URL = defaultModelsUrl(), options: UrlLoadOptions = {}): Promise<BrowserEnsemble> {
    const fetcher = options.fetch ?? ((u: string) => fetch(u));
    const base = folderOf(new URL(url, (globalThis as { location?: { readonly href: string } }).location?.href).href);
    const folders = base.endsWith(`/${MODEL_JSON}/`) ? [base.slice(0, -MODEL_JSON.length - 1)] : await modelFolders(fetcher, base, options.models);
    // fetched in parallel, built in order
    const files = await Promise.all(
      folders.map(async (folder) => {
        const text = new TextDecoder().decode(await fetched(fetcher, folder + MODEL_JSON));
        const file = parseModelJson(text, folder + MODEL_JSON).weights.file;
        return { folder, text, weights: await fetched(fetcher, folder + file) };
      }),
    );
    const ensemble = await BrowserEnsemble.build(files.map((f) => ({ source: f.folder.slice(0, -1), text: f.text, weights: f.weights })));
    // the applicability domain is optional: an ensemble folder without domain.json predicts without flags
    const domain = await fetcher(base + DOMAIN_FILE).then(
      async (r) => (r.ok ? parseDomain(JSON.parse(await r.text()), base + DOMAIN_FILE) : undefined),
      () => undefined,
    );
    ensemble.domain = domain;
    return ensemble;
  }

  /**
   * Load an ensemble from files by relative path: every `…/model.json` with the weights file it
   * names in the same folder, models in natural order of their folders (run2 before run10).
   */
  static async fromFiles(files: ModelFiles): Promise<BrowserEnsemble> {
    const map = files instanceof Map ? (files as ReadonlyMap<string, ModelFileData>) : new Map(Object.entries(files));
    const folders = [...map.keys()]
      .filter((path) => path === MODEL_JSON || path.endsWith(`/${MODEL_JSON}`))
      .map((path) => path.slice(0, path.length - MODEL_JSON.length))
      .sort(collator.compare);
    if (folders.length === 0) throw new WeightsError(`no ${MODEL_JSON} among the ${map.size} files given`);
    const entries = [];
    for (const folder of folders) {
      const source = folder === "" ? "." : folder.slice(0, -1);
      const text = await textOf(map.get(folder + MODEL_JSON)!);
      const file = parseModelJson(text, folder + MODEL_JSON).weights.file;
      const data = map.get(folder + file);
      if (data === undefined) throw new WeightsError(`${folder}${file}: weights file missing (${folder}${MODEL_JSON} refers to it)`);
      entries.push({ source, text, weights: await bytesOf(data) });
    }
    const ensemble = await BrowserEnsemble.build(entries);
    const domain = map.get(DOMAIN_FILE);
    if (domain !== undefined) ensemble.domain = parseDomain(JSON.parse(await textOf(domain)), DOMAIN_FILE);
    return ensemble;
  }

  private static async build(entries: readonly { source: string; text: string; weights: Uint8Array }[]): Promise<BrowserEnsemble> {
    const models: ParAIsite[] = [];
    try {
      for (const e of entries) models.push((await paraisiteFromBytes(e.text, e.weights, e.source)).model);
      return new BrowserEnsemble(models, entries.map((e) => e.source));
    } catch (e) {
      for (const m of models) m.dispose();
      throw e;
    }
  }
}
