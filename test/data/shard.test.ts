import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fnv1a32, inShard, shardOf } from "../../src/data/index.js";
import { subsetFile } from "../helpers/paths.js";

describe("sharding", () => {
  it("uses 32-bit FNV-1a over UTF-8 (reference vectors)", () => {
    expect(fnv1a32("")).toBe(0x811c9dc5);
    expect(fnv1a32("a")).toBe(0xe40c292c);
    expect(fnv1a32("foobar")).toBe(0xbf9cf968);
    expect(fnv1a32("é")).toBe(fnv1a32("\u00e9"));
    expect(shardOf("mp-149", 1)).toBe(0);
  });

  it("puts every id of the MP scan file in exactly one shard, roughly balanced", () => {
    // the 2228 ids of mp_structures_paraisite_scan.jsonl.gz, in file order (the file itself stays outside the repository)
    const ids = readFileSync(subsetFile("mp_structures_paraisite_scan.ids.txt"), "utf8").split("\n").filter((l) => l !== "");
    expect(ids).toHaveLength(2228);
    const n = 8;
    const counts = new Array<number>(n).fill(0);
    for (const id of ids) {
      const s = shardOf(id, n);
      counts[s]++;
      expect(Array.from({ length: n }, (_, i) => inShard(id, i, n)).filter(Boolean)).toEqual([true]);
    }
    expect(counts.reduce((a, b) => a + b, 0)).toBe(2228);
    for (const c of counts) expect(Math.abs(c - 2228 / n)).toBeLessThan(70);
  });

  it("rejects bad shard arguments", () => {
    expect(() => shardOf("x", 0)).toThrow(RangeError);
    expect(() => inShard("x", 3, 3)).toThrow(RangeError);
    expect(() => inShard("x", -1, 3)).toThrow(RangeError);
    expect(() => inShard("x", 0.5, 3)).toThrow(RangeError);
  });
});
