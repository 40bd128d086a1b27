/**
 * Tokens → data blocks. A block maps lower-cased tags to a scalar value or a loop column.
 * Syntax problems are recorded on the block they occur in (first one wins) so the other blocks
 * of the file still parse.
 */
import { CifError } from "../../core/errors.js";
import { type Token, TokenKind } from "./tokenizer.js";
import type { BadRowPolicy, CifWarning } from "./types.js";

/** A `loop_`: its tags (lower case) and values, stored column by column. */
export interface CifLoop {
  readonly tags: readonly string[];
  readonly line: number;
  readonly column: number;
  readonly nRows: number;
  /** `columns[k][row]` is the value of `tags[k]` in that row. */
  readonly columns: readonly (readonly Token[])[];
}

interface Item {
  readonly scalar?: Token;
  readonly loop?: CifLoop;
  readonly index: number;
  readonly tagToken: Token;
}

export class CifBlock {
  readonly name: string;
  readonly line: number;
  readonly column: number;
  readonly loops: CifLoop[] = [];
  readonly warnings: CifWarning[] = [];
  /** First syntax error inside this block, if any. */
  error: CifError | undefined;
  private readonly items = new Map<string, Item>();

  constructor(name: string, line: number, column: number) {
    this.name = name;
    this.line = line;
    this.column = column;
  }

  has(tag: string): boolean {
    return this.items.has(tag);
  }

  /** The single value of a non-loop tag (or the first row of a looped one). */
  value(tag: string): Token | undefined {
    const item = this.items.get(tag);
    if (!item) return undefined;
    return item.scalar ?? item.loop?.columns[item.index][0];
  }

  /** All values of a tag: one for a scalar, the column for a loop tag. */
  values(tag: string): readonly Token[] | undefined {
    const item = this.items.get(tag);
    if (!item) return undefined;
    return item.scalar ? [item.scalar] : item.loop?.columns[item.index];
  }

  /** The loop holding `tag`, or undefined (also when the tag is a scalar). */
  loopOf(tag: string): CifLoop | undefined {
    return this.items.get(tag)?.loop;
  }

  /** Where the tag itself was written. */
  tagToken(tag: string): Token | undefined {
    return this.items.get(tag)?.tagToken;
  }

  tags(): string[] {
    return [...this.items.keys()];
  }

  /** @internal */
  setScalar(tagToken: Token, value: Token): void {
    this.define(tagToken, { scalar: value, index: 0, tagToken });
  }

  /** @internal */
  addLoop(loop: CifLoop, tagTokens: readonly Token[]): void {
    this.loops.push(loop);
    tagTokens.forEach((t, index) => {
      this.define(t, { loop, index, tagToken: t });
    });
  }

  /** @internal */
  fail(reason: string, at: { line: number; column: number }, file?: string): void {
    this.error ??= new CifError(reason, { file, line: at.line, column: at.column });
  }

  private define(tagToken: Token, item: Item): void {
    const key = tagToken.text.toLowerCase();
    if (this.items.has(key)) {
      this.warnings.push({
        message: `tag ${tagToken.text} repeated in block '${this.name}' (first value kept)`,
        block: this.name,
        line: tagToken.line,
        column: tagToken.column,
      });
      return;
    }
    this.items.set(key, item);
  }
}

export interface SplitResult {
  readonly blocks: CifBlock[];
  readonly warnings: CifWarning[];
}

/** Group tokens into data blocks. Never throws. */
export function splitBlocks(allTokens: readonly Token[], onBadRow: BadRowPolicy, file?: string): SplitResult {
  const blocks: CifBlock[] = [];
  const warnings: CifWarning[] = [];
  const tokenWarnings = allTokens.filter((t) => t.kind === TokenKind.Warning);
  const tokens = tokenWarnings.length > 0 ? allTokens.filter((t) => t.kind !== TokenKind.Warning) : allTokens;
  let block: CifBlock | undefined;
  const n = tokens.length;
  let i = 0;

  const outside = (t: Token, what: string): void => {
    warnings.push({ message: `${what} before the first data_ block ignored`, file, line: t.line, column: t.column });
  };

  while (i < n) {
    const t = tokens[i];
    switch (t.kind) {
      case TokenKind.Data:
        block = new CifBlock(t.text, t.line, t.column);
        blocks.push(block);
        i++;
        break;
      case TokenKind.Error:
        if (block) block.fail(t.text, t, file);
        else warnings.push({ message: t.text, file, line: t.line, column: t.column });
        i++;
        break;
      case TokenKind.SaveBegin: {
        // save frames describe dictionaries, not structures: skip to the matching save_
        const start = t;
        i++;
        while (i < n && tokens[i].kind !== TokenKind.SaveEnd && tokens[i].kind !== TokenKind.Data) i++;
        if (i < n && tokens[i].kind === TokenKind.SaveEnd) i++;
        warnings.push({
          message: `save frame '${start.text}' skipped`,
          file,
          block: block?.name,
          line: start.line,
          column: start.column,
        });
        break;
      }
      case TokenKind.SaveEnd:
      case TokenKind.Global:
      case TokenKind.Stop:
        warnings.push({ message: `'${t.text}' ignored`, file, block: block?.name, line: t.line, column: t.column });
        i++;
        break;
      case TokenKind.Tag: {
        const value = tokens[i + 1];
        if (!block) {
          outside(t, `tag ${t.text}`);
          i += value?.kind === TokenKind.Value ? 2 : 1;
          break;
        }
        if (value === undefined || value.kind === TokenKind.Data) {
          // e.g. Crystallographica's trailing "_eof"
          block.warnings.push({ message: `tag ${t.text} at line ${t.line} has no value (ignored)`, file, block: block.name, line: t.line, column: t.column });
          i++;
          break;
        }
        if (value.kind === TokenKind.Error) {
          // the lexical error (e.g. an unterminated quote) is the real message
          i++;
          break;
        }
        if (value.kind !== TokenKind.Value) {
          block.fail(`tag ${t.text} at line ${t.line} has no value`, t, file);
          i++;
          break;
        }
        block.setScalar(t, value);
        i += 2;
        break;
      }
      case TokenKind.Loop:
        i = readLoop(i);
        break;
      default: {
        // a value with no tag before it
        if (block) {
          const reason = `value '${t.text}' at line ${t.line} does not belong to any tag`;
          if (onBadRow === "skip") {
            block.warnings.push({ message: `${reason} (skipped)`, file, block: block.name, line: t.line, column: t.column });
          } else block.fail(reason, t, file);
        } else outside(t, `value '${t.text}'`);
        i++;
      }
    }
  }
  for (const w of tokenWarnings) {
    const owner = [...blocks].reverse().find((b) => b.line <= w.line);
    (owner ? owner.warnings : warnings).push({ message: w.text, file, block: owner?.name, line: w.line, column: w.column });
  }
  return { blocks, warnings };

  function readLoop(start: number): number {
    const loopToken = tokens[start];
    let i = start + 1;
    const tagTokens: Token[] = [];
    while (i < n && tokens[i].kind === TokenKind.Tag) tagTokens.push(tokens[i++]);
    const valueStart = i;
    while (i < n && tokens[i].kind === TokenKind.Value) i++;
    if (!block) {
      outside(loopToken, "loop_");
      return i;
    }
    if (tagTokens.length === 0) {
      block.fail(`loop at line ${loopToken.line} has no tags`, loopToken, file);
      return i;
    }
    let values = tokens.slice(valueStart, i);
    const k = tagTokens.length;
    if (values.length % k !== 0) {
      const reason = `loop at line ${loopToken.line} has ${values.length} values for ${k} tags`;
      if (onBadRow === "skip") {
        values = realignLoop(values, k, block, reason);
      } else {
        block.fail(`${reason}${firstBrokenRowHint(values, k)}`, loopToken, file);
        values = values.slice(0, values.length - (values.length % k));
      }
    }
    const nRows = values.length / k;
    const columns: Token[][] = tagTokens.map(() => new Array<Token>(nRows));
    for (let r = 0, p = 0; r < nRows; r++) for (let c = 0; c < k; c++) columns[c][r] = values[p++];
    block.addLoop(
      { tags: tagTokens.map((t) => t.text.toLowerCase()), line: loopToken.line, column: loopToken.column, nRows, columns },
      tagTokens,
    );
    return i;
  }

  /** Skip-mode repair: when rows are one per line, drop the lines with the wrong count; else drop the tail. */
  function realignLoop(values: Token[], k: number, target: CifBlock, reason: string): Token[] {
    const lines = byLine(values);
    const good = lines.filter((l) => l.length === k);
    if (good.length * 2 >= lines.length && good.length > 0) {
      for (const l of lines) {
        if (l.length !== k) {
          target.warnings.push({
            message: `${reason}: row at line ${l[0].line} with ${l.length} values skipped`,
            file,
            block: target.name,
            line: l[0].line,
            column: l[0].column,
          });
        }
      }
      return good.flat();
    }
    const keep = values.length - (values.length % k);
    target.warnings.push({
      message: `${reason}: last ${values.length - keep} value(s) skipped`,
      file,
      block: target.name,
      line: values[keep]?.line,
    });
    return values.slice(0, keep);
  }
}

/** Values grouped by source line. */
function byLine(values: readonly Token[]): Token[][] {
  const lines: Token[][] = [];
  for (const v of values) {
    const last = lines[lines.length - 1];
    if (last && last[0].line === v.line) last.push(v);
    else lines.push([v]);
  }
  return lines;
}

/** When values sit one row per line, name the first line whose count is wrong. */
function firstBrokenRowHint(values: readonly Token[], k: number): string {
  const lines = byLine(values);
  const good = lines.filter((l) => l.length === k).length;
  if (good * 2 < lines.length) return "";
  const bad = lines.find((l) => l.length !== k);
  return bad ? ` (row at line ${bad[0].line} has ${bad.length})` : "";
}
