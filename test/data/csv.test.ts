import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DataError } from "../../src/core/errors.js";
import {
  CsvParser,
  csvLine,
  csvQuote,
  openCsvWriter,
  parseCsvText,
  readCsv,
  readDoneIds,
  type CsvRow,
} from "../../src/data/index.js";
import { fixturesDir } from "../helpers/paths.js";

const tmp = (): string => mkdtempSync(join(tmpdir(), "paraisite-csv-"));

describe("CSV quoting and parsing", () => {
  it("quotes only when RFC 4180 needs it", () => {
    expect(csvQuote("plain")).toBe("plain");
    expect(csvQuote("a,b")).toBe('"a,b"');
    expect(csvQuote('say "hi"')).toBe('"say ""hi"""');
    expect(csvQuote("two\nlines")).toBe('"two\nlines"');
    expect(csvQuote(" padded")).toBe('" padded"');
    expect(csvQuote(null)).toBe("");
    expect(csvQuote(undefined)).toBe("");
    expect(csvQuote(0.1 + 0.2)).toBe("0.30000000000000004");
    expect(csvLine(["id", 1.5, true, null])).toBe("id,1.5,true,\n");
  });

  it("parses quotes, doubled quotes, embedded line breaks, CRLF and CR", () => {
    const records = parseCsvText('a,"b,c","d""e"\r\n"multi\nline",,x\rlast,"",z');
    expect(records.map((r) => r.fields)).toEqual([
      ["a", "b,c", 'd"e'],
      ["multi\nline", "", "x"],
      ["last", "", "z"],
    ]);
    expect(records.map((r) => r.line)).toEqual([1, 2, 4]);
    expect(records.map((r) => r.terminated)).toEqual([true, true, false]);
  });

  it("round-trips any cells through csvLine → parser, whatever the chunking", () => {
    const cell = fc.string({ unit: fc.constantFrom("a", "b", ",", '"', "\n", "\r", " ", "é", "😀") });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }), fc.nat(), (rows, cut) => {
        const text = rows.map((r) => csvLine(r)).join("");
        const at = cut % (text.length + 1);
        const parser = new CsvParser();
        const got = [...parser.push(text.slice(0, at)), ...parser.push(text.slice(at))];
        expect(parser.end()).toBeUndefined();
        expect(got.map((r) => r.fields)).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });

  it("reads a user CSV by header, reporting rows with the wrong field count", async () => {
    const rows: CsvRow[] = [];
    for await (const r of readCsv(join(fixturesDir(), "data/user-dataset.csv"))) rows.push(r);
    expect(rows).toHaveLength(6);
    expect(rows[0].row).toEqual({ name: "nacl", kappa: "7.1", file: "NaCl.cif", note: "rocksalt, cubic" });
    expect(rows[1].row?.["note"]).toBe('said "high"');

    const dir = tmp();
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "id,x\n1,2\n\n3\n4,5,6\n7,8");
    const got: CsvRow[] = [];
    for await (const r of readCsv(bad)) got.push(r);
    expect(got.map((r) => (r.error ? `${r.line}:${r.error.reason}` : r.row?.["id"]))).toEqual([
      "1",
      "4:expected 2 fields, found 1",
      "5:expected 2 fields, found 3",
      "7",
    ]);
  });
});

describe("append-only CSV writer and resume", () => {
  it("writes the header once, each row as it comes, and appends on reopen", () => {
    const path = join(tmp(), "out.csv");
    const w = openCsvWriter(path, ["id", "kappa", "note"]);
    w.writeRow({ id: "mp-1", kappa: 1.25, note: "a,b" });
    // visible on disk before close: one write per row
    expect(readFileSync(path, "utf8")).toBe('id,kappa,note\nmp-1,1.25,"a,b"\n');
    w.writeRow(["mp-2", null, 'q"uote']);
    w.close();
    const again = openCsvWriter(path, ["id", "kappa", "note"]);
    again.writeRow({ id: "mp-3" });
    expect(again.rowsWritten).toBe(1);
    again.close();
    expect(readFileSync(path, "utf8")).toBe('id,kappa,note\nmp-1,1.25,"a,b"\nmp-2,,"q""uote"\nmp-3,,\n');
    expect(() => openCsvWriter(path, ["id", "other"])).toThrow(DataError);
    const fresh = openCsvWriter(path, ["id"], { append: false });
    fresh.close();
    expect(readFileSync(path, "utf8")).toBe("id\n");
  });

  it("rejects unknown columns and wrong row lengths", () => {
    const w = openCsvWriter(join(tmp(), "x.csv"), ["id", "y"]);
    expect(() => w.writeRow({ id: "a", z: 1 })).toThrow(/unknown CSV column 'z'/);
    expect(() => w.writeRow(["a"])).toThrow(/expected 2/);
    w.close();
    expect(() => w.writeRow(["a", 1])).toThrow(/closed/);
  });

  it("readDoneIds skips a half-written last row, and the writer removes it before appending", async () => {
    const path = join(tmp(), "scan.csv");
    expect((await readDoneIds(path)).size).toBe(0);
    const w = openCsvWriter(path, ["id", "kappa"]);
    w.writeRow(["mp-1", 3]);
    w.writeRow(["id,with comma", 4]);
    w.close();
    appendFileSync(path, '"mp-cut,12'); // killed mid-row, inside a quoted field
    expect([...(await readDoneIds(path))]).toEqual(["mp-1", "id,with comma"]);
    const resumed = openCsvWriter(path, ["id", "kappa"]);
    resumed.writeRow(["mp-cut", 12]);
    resumed.close();
    expect(readFileSync(path, "utf8")).toBe('id,kappa\nmp-1,3\n"id,with comma",4\nmp-cut,12\n');
    expect((await readDoneIds(path)).has("mp-cut")).toBe(true);
    await expect(readDoneIds(path, { idColumn: "mpid" })).rejects.toThrow(/no 'mpid' column/);
  });
});
