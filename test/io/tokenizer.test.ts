import { describe, expect, it } from "vitest";
import { splitBlocks } from "../../src/io/cif/blocks.js";
import { PositionIndex } from "../../src/io/cif/position-index.js";
import { TokenKind, looksBinary, stripBom, tokenize } from "../../src/io/cif/tokenizer.js";

const kinds = (text: string) => tokenize(text).map((t) => [t.kind, t.text]);

describe("CIF tokenizer", () => {
  it("reads tags, values, loops and blocks with line and column", () => {
    const toks = tokenize("data_x\n_cell_length_a 5.43(2)\nloop_\n _a _b\n 1 2\n");
    expect(toks.map((t) => t.kind)).toEqual([
      TokenKind.Data,
      TokenKind.Tag,
      TokenKind.Value,
      TokenKind.Loop,
      TokenKind.Tag,
      TokenKind.Tag,
      TokenKind.Value,
      TokenKind.Value,
    ]);
    expect(toks[0].text).toBe("x");
    expect(toks[2]).toMatchObject({ text: "5.43(2)", line: 2, column: 16 });
    expect(toks[7]).toMatchObject({ text: "2", line: 5, column: 4 });
  });

  it("handles CRLF, CR-only line endings and no final newline identically", () => {
    const lf = "data_a\n_x 1\n# c\n_y 'q r'";
    const expected = kinds(lf);
    expect(kinds(lf.replace(/\n/g, "\r\n"))).toEqual(expected);
    expect(kinds(lf.replace(/\n/g, "\r"))).toEqual(expected);
    expect(tokenize(lf.replace(/\n/g, "\r"))[3].line).toBe(4);
  });

  it("keeps quotes inside words and closes quotes only before blank space", () => {
    const t = tokenize("_a O'Neil\n_b 'it's fine'\n_c \"say \"hi\"\"\n");
    expect(t[1]).toMatchObject({ text: "O'Neil", quoted: false });
    expect(t[3]).toMatchObject({ text: "it's fine", quoted: true });
    expect(t[5]).toMatchObject({ text: 'say "hi"', quoted: true });
  });

  it("reads text fields that contain data_ and loop_ look-alikes", () => {
    const t = tokenize("data_a\n_note\n;\ndata_fake\nloop_ _x\n;\n_after 1\n");
    expect(t[2]).toMatchObject({ kind: TokenKind.Value, quoted: true, text: "\ndata_fake\nloop_ _x" });
    expect(t[3]).toMatchObject({ kind: TokenKind.Tag, text: "_after", line: 7 });
  });

  it("marks ? and . as null only when unquoted, and skips comments", () => {
    const t = tokenize("_a ? _b '?' # comment ' not a quote\n_c .");
    expect(t.map((x) => [x.text, x.quoted])).toEqual([
      ["_a", false],
      ["?", false],
      ["_b", false],
      ["?", true],
      ["_c", false],
      [".", false],
    ]);
  });

  it("reports an unterminated text field and quoted string as error tokens, not exceptions", () => {
    expect(tokenize("data_a\n_x\n;never closed\n").at(-1)).toMatchObject({ kind: TokenKind.Error, line: 3 });
    expect(tokenize("data_a\n_x 'open\n_y 1\n")[2]).toMatchObject({ kind: TokenKind.Error, line: 2, column: 4 });
  });

  it("strips a BOM and recognises binary input", () => {
    expect(stripBom("\uFEFFdata_a")).toBe("data_a");
    expect(looksBinary("data_a\n_x 1\n")).toBe(false);
    expect(looksBinary("\u0000\u0001PK\u0003\u0004")).toBe(true);
  });
});

describe("CIF blocks", () => {
  it("keeps several blocks in order, duplicate names included, with case-insensitive tags", () => {
    const { blocks } = splitBlocks(tokenize("data_a\n_Cell_Length_A 1\ndata_b\n_x 2\ndata_a\n_x 3\n"), "error");
    expect(blocks.map((b) => b.name)).toEqual(["a", "b", "a"]);
    expect(blocks[0].value("_cell_length_a")?.text).toBe("1");
    expect(blocks[2].value("_x")?.text).toBe("3");
  });

  it("skips save frames with a warning", () => {
    const { blocks } = splitBlocks(tokenize("data_a\nsave_frame\n_x 1\nsave_\n_y 2\n"), "error");
    expect(blocks[0].has("_x")).toBe(false);
    expect(blocks[0].value("_y")?.text).toBe("2");
  });

  it("fails a misaligned loop with the counts and the broken row", () => {
    const text = "data_a\nloop_\n_a _b _c\n1 2 3\n4 5\n6 7 8\n";
    const { blocks } = splitBlocks(tokenize(text), "error");
    expect(blocks[0].error?.message).toBe("2:1: loop at line 2 has 8 values for 3 tags (row at line 5 has 2)");
  });

  it("drops the broken row with a warning when asked to skip", () => {
    const text = "data_a\nloop_\n_a _b _c\n1 2 3\n4 5\n6 7 8\n";
    const { blocks } = splitBlocks(tokenize(text), "skip");
    expect(blocks[0].error).toBeUndefined();
    expect(blocks[0].values("_a")?.map((t) => t.text)).toEqual(["1", "6"]);
    expect(blocks[0].warnings[0].message).toMatch(/row at line 5 with 2 values skipped/);
  });
});

describe("position index", () => {
  it("finds periodic duplicates within tolerance, by scan and by grid", () => {
    for (const n of [10, 500]) {
      const index = new PositionIndex(1e-4);
      for (let i = 0; i < n; i++) index.add(i, [i / n, (i * 7) % n / n, 0.5]);
      expect(index.find([3 / n + 5e-5, ((3 * 7) % n) / n, 0.5])).toBe(3);
      expect(index.find([1 - 5e-5, 0, 0.5])).toBe(0); // wraps around 1 → 0
      expect(index.find([3 / n + 2e-4, ((3 * 7) % n) / n, 0.5])).toBe(-1);
    }
  });
});
