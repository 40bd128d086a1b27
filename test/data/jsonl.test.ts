import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { DataError } from "../../src/core/errors.js";
import { DataRecordError, isGzipFile, type JsonLine, readJsonLines } from "../../src/data/index.js";
import { dataFile, fixturesDir } from "../helpers/paths.js";

async function collect(path: string): Promise<JsonLine[]> {
  const out: JsonLine[] = [];
  for await (const entry of readJsonLines(path)) out.push(entry);
  return out;
}

describe("readJsonLines", () => {
  it("streams the plain Togo15 file: 95 records, first is AgBr", async () => {
    const entries = await collect(dataFile("togo15_paraisite_dataset1.jsonl"));
    expect(entries).toHaveLength(95);
    expect(entries.every((e) => e.error === undefined)).toBe(true);
    expect(entries[0].value?.["id"]).toBe("mp-23231");
    expect(entries[0].value?.["formula"]).toBe("AgBr");
    expect(entries[0].value?.["ltc_w_mk"]).toBe(0.532446);
    expect(entries[94].line).toBe(95);
  });

  it("detects gzip by content and streams the AFLOW file: 5578 records, 3286 paper labels", async () => {
    const path = dataFile("aflow_agl_icsd_5578.jsonl.gz");
    expect(await isGzipFile(path)).toBe(true);
    expect(await isGzipFile(dataFile("togo15_paraisite_dataset1.jsonl"))).toBe(false);
    let n = 0;
    let paper = 0;
    for await (const e of readJsonLines(path)) {
      n++;
      if (e.value?.["label_status"] === "paper_value_recovered") paper++;
    }
    expect(n).toBe(5578);
    expect(paper).toBe(3286);
  });

  it("yields typed errors naming file and line for malformed lines, and keeps reading (CRLF, blank lines)", async () => {
    const path = join(fixturesDir(), "data/records.jsonl");
    const entries = await collect(path);
    expect(entries.map((e) => e.line)).toEqual([1, 3, 4, 5, 6, 7, 8]);
    const errors = entries.filter((e) => e.error);
    expect(errors.map((e) => e.line)).toEqual([3, 5]);
    const first = errors[0].error as DataRecordError;
    expect(first).toBeInstanceOf(DataError);
    expect(first).toBeInstanceOf(DataRecordError);
    expect(first.file).toBe(path);
    expect(first.line).toBe(3);
    expect(first.message).toMatch(/records\.jsonl:3: malformed JSON/);
    expect(errors[1].error?.reason).toBe("a JSON Lines record must be an object");
    expect(entries[2].value?.["id"]).toBe("mgo");
  });

  it("strips a BOM, and reports a truncated gzip as a DataError", async () => {
    const dir = mkdtempSync(join(tmpdir(), "paraisite-jsonl-"));
    const bom = join(dir, "bom.jsonl");
    writeFileSync(bom, '\ufeff{"id":"a"}\n{"id":"b"}');
    expect((await collect(bom)).map((e) => e.value?.["id"])).toEqual(["a", "b"]);

    const full = gzipSync(Buffer.from('{"id":"a"}\n'.repeat(2000)));
    const cut = join(dir, "cut.jsonl.gz");
    writeFileSync(cut, full.subarray(0, Math.floor(full.length / 2)));
    await expect(collect(cut)).rejects.toBeInstanceOf(DataError);
    await expect(collect(join(dir, "absent.jsonl"))).rejects.toThrow(/cannot open .*absent\.jsonl: ENOENT/);
  });

  it("reads concatenated gzip members (e.g. shards joined with cat) and stops cleanly on break", async () => {
    const dir = mkdtempSync(join(tmpdir(), "paraisite-jsonl-"));
    const joined = join(dir, "joined.jsonl.gz");
    writeFileSync(joined, Buffer.concat([gzipSync('{"id":"a"}\n{"id":"b"}\n'), gzipSync('{"id":"c"}\n')]));
    expect((await collect(joined)).map((e) => e.value?.["id"])).toEqual(["a", "b", "c"]);
    let seen = 0;
    for await (const _ of readJsonLines(dataFile("aflow_agl_icsd_5578.jsonl.gz"))) if (++seen === 3) break;
    expect(seen).toBe(3);
  });
});
