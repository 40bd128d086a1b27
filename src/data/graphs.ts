/**
 * Crystal graphs of a dataset, built once per (dataset id, content hash, cutoff) and kept in
 * memory for the life of the process: nine training runs over one dataset share one set of graphs.
 * With a `cacheDir`, the results are also kept on disk (graph-store.ts) for the next process.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { GraphError, ParaisiteError } from "../core/errors.js";
import { buildCrystalGraph } from "../graph/index.js";
import type { CrystalGraph } from "../graph/types.js";
import type { Dataset, DatasetGroup, SkippedRecord } from "./dataset.js";
import { type GraphEntry, readGraphFile, writeGraphFile } from "./graph-store.js";

export interface GraphCacheOptions {
  /**
   * Folder for the on-disk graph cache (opt-in), e.g. `join(defaultCacheDir(), "graphs")`. One
   * file per dataset content hash and cutoff; a stale or damaged file is rebuilt.
   */
  readonly cacheDir?: string;
}

const cache = new Map<string, readonly CrystalGraph[]>();

/** The cache key of a dataset's graphs at a cutoff. */
export function graphCacheKey(dataset: Pick<Dataset, "id" | "contentHash">, cutoff: number): string {
  return `${dataset.id}:${dataset.contentHash}:${cutoff}`;
}

/** Forget every cached graph (tests, or to free memory). */
export function clearGraphCache(): void {
  cache.clear();
}

/** Number of (dataset, cutoff) entries in the cache. */
export function graphCacheSize(): number {
  return cache.size;
}

/** Path of the on-disk graph file of a dataset at a cutoff. */
export function graphFilePath(dataset: Pick<Dataset, "id" | "contentHash">, cutoff: number, cacheDir: string): string {
  const safeId = dataset.id.replace(/[^A-Za-z0-9._-]/g, "_");
  return join(cacheDir, `${safeId}-${dataset.contentHash.slice(0, 16)}-${cutoff}.graphs`);
}

function buildOne(dataset: Dataset, index: number, cutoff: number): GraphEntry {
  const warnings: string[] = [];
  try {
    const graph = buildCrystalGraph(dataset.records[index].structure, {
      cutoff,
      isolatedAtoms: "warn",
      onWarning: (m) => warnings.push(m),
    });
    return { graph, warnings };
  } catch (e) {
    if (e instanceof ParaisiteError) return { reason: e.message, warnings };
    throw e;
  }
}

/** Every record's graph or failure: from the disk cache when valid, else built (and stored). */
function buildEntries(dataset: Dataset, cutoff: number, options: GraphCacheOptions): readonly GraphEntry[] {
  const path = options.cacheDir === undefined ? undefined : graphFilePath(dataset, cutoff, options.cacheDir);
  if (path !== undefined) {
    const stored = readGraphFile(path, cutoff, dataset.contentHash);
    if (stored && stored.length === dataset.records.length) return stored;
  }
  const entries = dataset.records.map((_, i) => buildOne(dataset, i, cutoff));
  // A cache that cannot be written (read-only disk…) only costs a rebuild next time.
  if (path !== undefined) writeGraphFile(path, entries, cutoff, dataset.contentHash);
  return entries;
}

/**
 * The graphs of every record, in record order, built on first use and cached. Throws a
 * {@link GraphError} naming the records that have no graph; load with `loadDataset(…, { cutoff })`
 * to have those moved to `skipped` first.
 */
export function datasetGraphs(dataset: Dataset, cutoff: number, options: GraphCacheOptions = {}): readonly CrystalGraph[] {
  const key = graphCacheKey(dataset, cutoff);
  const hit = cache.get(key);
  if (hit) return hit;
  const graphs: CrystalGraph[] = [];
  const failed: string[] = [];
  buildEntries(dataset, cutoff, options).forEach((built, i) => {
    if ("graph" in built) graphs.push(built.graph);
    else failed.push(`${dataset.records[i].id}: ${built.reason}`);
  });
  if (failed.length > 0) {
    const shown = failed.slice(0, 5).join("; ");
    throw new GraphError(
      `dataset '${dataset.id}': ${failed.length} record(s) have no graph at cutoff ${cutoff} Å (${shown}${failed.length > 5 ? "; …" : ""}); load it with { cutoff } to skip them`,
    );
  }
  const frozen = Object.freeze(graphs);
  cache.set(key, frozen);
  return frozen;
}

/**
 * Build the graphs at `cutoff`, move records without a graph (no edges, bad cutoff…) to `skipped`,
 * and cache the graphs of the kept records. When records are removed the content hash is
 * re-derived from the old hash, the cutoff and the removed ids.
 */
export function filterByGraphs(dataset: Dataset, cutoff: number, options: GraphCacheOptions = {}): Dataset {
  const graphs: CrystalGraph[] = [];
  const keep: number[] = [];
  const skipped: SkippedRecord[] = [...dataset.skipped];
  const warnings: SkippedRecord[] = [...dataset.warnings];
  buildEntries(dataset, cutoff, options).forEach((built, i) => {
    const { id } = dataset.records[i];
    for (const w of built.warnings) warnings.push({ id, reason: w });
    if ("graph" in built) {
      graphs.push(built.graph);
      keep.push(i);
    } else {
      skipped.push({ id, reason: built.reason });
    }
  });
  let result: Dataset = { ...dataset, skipped, warnings };
  if (keep.length !== dataset.records.length) {
    const kept = new Set(keep);
    const removed = dataset.records.filter((_, i) => !kept.has(i)).map((r) => r.id);
    const contentHash = createHash("sha256")
      .update(`${dataset.contentHash}\u0000${cutoff}\u0000${removed.join("\u0000")}`)
      .digest("hex");
    result = {
      ...result,
      records: keep.map((i) => dataset.records[i]),
      contentHash,
      ...(dataset.groups ? { groups: regroup(dataset.groups, keep) } : {}),
    };
  }
  cache.set(graphCacheKey(result, cutoff), Object.freeze(graphs));
  return result;
}

/** Group bounds after keeping only the record indices `keep` (sorted). */
function regroup(groups: readonly DatasetGroup[], keep: readonly number[]): DatasetGroup[] {
  let start = 0;
  return groups.map((g) => {
    const count = keep.filter((i) => i >= g.start && i < g.start + g.count).length;
    const group = { id: g.id, start, count };
    start += count;
    return group;
  });
}
