/**
 * Crystal graphs of a dataset, built once per (dataset id, content hash, cutoff) and kept in
 * memory for the life of the process: nine training runs over one dataset share one set of graphs.
 */
import { createHash } from "node:crypto";
import { GraphError, ParaisiteError } from "../core/errors.js";
import { buildCrystalGraph } from "../graph/index.js";
import type { CrystalGraph } from "../graph/types.js";
import type { Dataset, DatasetGroup, SkippedRecord } from "./dataset.js";

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

type Built = { readonly graph: CrystalGraph; readonly warnings: string[] } | { readonly reason: string };

function buildOne(dataset: Dataset, index: number, cutoff: number): Built {
  const warnings: string[] = [];
  try {
    const graph = buildCrystalGraph(dataset.records[index].structure, {
      cutoff,
      isolatedAtoms: "warn",
      onWarning: (m) => warnings.push(m),
    });
    return { graph, warnings };
  } catch (e) {
    if (e instanceof ParaisiteError) return { reason: e.message };
    throw e;
  }
}

/**
 * The graphs of every record, in record order, built on first use and cached. Throws a
 * {@link GraphError} naming the records that have no graph; load with `loadDataset(…, { cutoff })`
 * to have those moved to `skipped` first.
 */
export function datasetGraphs(dataset: Dataset, cutoff: number): readonly CrystalGraph[] {
  const key = graphCacheKey(dataset, cutoff);
  const hit = cache.get(key);
  if (hit) return hit;
  const graphs: CrystalGraph[] = [];
  const failed: string[] = [];
  dataset.records.forEach((record, i) => {
    const built = buildOne(dataset, i, cutoff);
    if ("graph" in built) graphs.push(built.graph);
    else failed.push(`${record.id}: ${built.reason}`);
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
export function filterByGraphs(dataset: Dataset, cutoff: number): Dataset {
  const graphs: CrystalGraph[] = [];
  const keep: number[] = [];
  const skipped: SkippedRecord[] = [...dataset.skipped];
  const warnings: SkippedRecord[] = [...dataset.warnings];
  dataset.records.forEach((record, i) => {
    const built = buildOne(dataset, i, cutoff);
    if ("graph" in built) {
      graphs.push(built.graph);
      keep.push(i);
      for (const w of built.warnings) warnings.push({ id: record.id, reason: w });
    } else {
      skipped.push({ id: record.id, reason: built.reason });
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
