/**
 * The inference pool: workers rebuilt from model specs give the calling thread's predictions bit
 * for bit (same backend, same batches), in request order, for MEGNet and ParAIsite models.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Compose, Log10Plus1, Standardize } from "../../src/core/target-transform.js";
import { batchGraphs } from "../../src/graph/batch.js";
import { buildCrystalGraph } from "../../src/graph/build.js";
import type { CrystalGraph } from "../../src/graph/types.js";
import { readStructureFile } from "../../src/io/read-file.js";
import { megnetDefaultConfig } from "../../src/models/config.js";
import { MEGNet } from "../../src/models/megnet.js";
import { deserializeModel, serializeModel } from "../../src/models/serialization.js";
import { ParAIsite } from "../../src/models/paraisite.js";
import { InferencePool } from "../../src/models/worker-pool.js";
import { repoRoot } from "../helpers/paths.js";
import { useBackend } from "./helpers.js";

const config = megnetDefaultConfig({ cutoff: 4, centers: Array.from({ length: 100 }, (_, k) => (5 * k) / 99), width: 0.5 }, 3);
let graphs: CrystalGraph[] = [];

beforeAll(async () => {
  await useBackend("wasm");
  const dir = join(repoRoot, "examples/structures");
  graphs = readdirSync(dir)
    .sort()
    .flatMap((name) => {
      try {
        return [buildCrystalGraph(readStructureFile(join(dir, name)), { cutoff: 4, isolatedAtoms: "ignore" })];
      } catch {
        return [];
      }
    });
});

describe("InferencePool", () => {
  const models: (MEGNet | ParAIsite)[] = [];
  afterAll(() => {
    for (const m of models) m.dispose();
  });

  it("a serialized model (structured-cloned as for a worker) rebuilds the same model", () => {
    const megnet = new MEGNet(config, { seed: 3 });
    models.push(megnet);
    const copy = deserializeModel(structuredClone(serializeModel(megnet)));
    const batch = batchGraphs(graphs.slice(0, 3));
    expect(copy.predict(batch)).toEqual(megnet.predict(batch));
    copy.dispose();
  });

  it("two wasm workers predict every batch bit for bit as the calling thread", async () => {
    expect(graphs.length).toBeGreaterThanOrEqual(4);
    const transform = new Compose([Log10Plus1, new Standardize(1.2, 0.7)]);
    const megnet = new MEGNet(config, { seed: 5 });
    const paraisite = new ParAIsite({ trunk: config, headUnits: [16, 1], seed: 7, targetTransform: transform });
    models.push(megnet, paraisite);
    const batches = [0, 1, 2, 3].map((k) => batchGraphs(graphs.filter((_, i) => i % 4 === k)));
    const expected = batches.map((b) => [megnet.predict(b), paraisite.predict(b)]);
    const before = tf.memory().numTensors;
    const pool = await InferencePool.start([megnet, paraisite], { workers: 2 });
    try {
      expect(pool.size).toBe(2);
      const got = await pool.predictBatches(batches);
      expect(got).toEqual(expected);
      // the pool allocates nothing on the calling thread's backend
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      await pool.dispose();
    }
    await expect(pool.predict(batches[0])).rejects.toThrow(/disposed/);
  }, 60_000);

  it("reports a batch the models reject, and keeps working", async () => {
    const megnet = new MEGNet(config, { seed: 9 });
    models.push(megnet);
    const pool = await InferencePool.start([megnet], { workers: 1 });
    try {
      const bad = { ...batchGraphs(graphs.slice(0, 2)), cutoff: 5 };
      await expect(pool.predict(bad)).rejects.toThrow(/cutoff/);
      const good = batchGraphs(graphs.slice(0, 2));
      expect(await pool.predict(good)).toEqual([megnet.predict(good)]);
    } finally {
      await pool.dispose();
    }
  }, 60_000);
});
