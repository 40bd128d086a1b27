/**
 * CIF 1.1 tokenizer with the tolerance real files need: LF/CRLF/CR line endings, a UTF-8 BOM,
 * no final newline, quotes inside words (`O'Neil`), and `;` text fields that contain
 * `data_`/`loop_` look-alikes. It never throws: a lexical problem becomes an `error` token and
 * scanning resumes on the next line, so one broken block cannot hide the others.
 */

export const TokenKind = {
  Value: 0,
  Tag: 1,
  Loop: 2,
  Data: 3,
  SaveBegin: 4,
  SaveEnd: 5,
  Global: 6,
  Stop: 7,
  Error: 8,
  /** Tolerated deviation (e.g. a quoted string spanning lines); text is the message. */
  Warning: 9,
} as const;
export type TokenKind = (typeof TokenKind)[keyof typeof TokenKind];

export interface Token {
  readonly kind: TokenKind;
  /** Value text (unquoted), tag name, block/frame name, or the error message. */
  readonly text: string;
  readonly line: number;
  readonly column: number;
  /** True for quoted strings and text fields: `'?'` is a string, `?` is "unknown". */
  readonly quoted: boolean;
}

const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const HASH = 35;
const SEMI = 59;
const SQUOTE = 39;
const DQUOTE = 34;
const UNDERSCORE = 95;

const isBlank = (c: number): boolean => c === SPACE || c === TAB || c === LF || c === CR || c === 11 || c === 12;

/** Split CIF text into tokens. `text` must already be free of a BOM (see {@link stripBom}). */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let pos = 0;
  let line = 1;
  let lineStart = 0;

  const newlineAt = (p: number): number => {
    // returns the length of the line break at p (0 when none)
    const c = text.charCodeAt(p);
    if (c === LF) return 1;
    if (c === CR) return text.charCodeAt(p + 1) === LF ? 2 : 1;
    return 0;
  };
  const skipToNextLine = (): void => {
    while (pos < n) {
      const nl = newlineAt(pos);
      if (nl > 0) {
        pos += nl;
        line++;
        lineStart = pos;
        return;
      }
      pos++;
    }
  };

  while (pos < n) {
    const c = text.charCodeAt(pos);
    const nl = newlineAt(pos);
    if (nl > 0) {
      pos += nl;
      line++;
      lineStart = pos;
      continue;
    }
    if (isBlank(c)) {
      pos++;
      continue;
    }
    if (c === HASH) {
      skipToNextLine();
      continue;
    }
    const column = pos - lineStart + 1;
    if (c === SEMI && pos === lineStart) {
      pos = readTextField(pos, column);
      continue;
    }
    if (c === SQUOTE || c === DQUOTE) {
      // a quoted string closes at the same quote followed by blank space or end of input
      let end = pos + 1;
      let closed = -1;
      while (end < n) {
        const d = text.charCodeAt(end);
        if (d === LF || d === CR) break;
        if (d === c && (end + 1 >= n || isBlank(text.charCodeAt(end + 1)))) {
          closed = end;
          break;
        }
        end++;
      }
      if (closed < 0) {
        const spanned = closeAcrossLines(pos, c);
        if (spanned >= 0) {
          // non-conforming but written by Crystallographica: a quoted string over several lines
          tokens.push({ kind: TokenKind.Value, text: text.slice(pos + 1, spanned), line, column, quoted: true });
          tokens.push({ kind: TokenKind.Warning, text: `quoted string at line ${line} spans several lines`, line, column, quoted: false });
          countLines(pos, spanned);
          pos = spanned + 1;
          continue;
        }
        tokens.push({ kind: TokenKind.Error, text: `unterminated quoted string at line ${line}`, line, column, quoted: false });
        skipToNextLine();
        continue;
      }
      tokens.push({ kind: TokenKind.Value, text: text.slice(pos + 1, closed), line, column, quoted: true });
      pos = closed + 1;
      continue;
    }
    let end = pos + 1;
    while (end < n && !isBlank(text.charCodeAt(end))) end++;
    const word = text.slice(pos, end);
    pos = end;
    tokens.push(classifyWord(word, line, column));
  }
  return tokens;

  /** A closing quote on one of the next few lines, before anything that looks like CIF structure. */
  function closeAcrossLines(start: number, quote: number): number {
    let p = start + 1;
    let lines = 0;
    let atLineStart = false;
    while (p < n && lines <= 10) {
      const d = text.charCodeAt(p);
      if (d === LF || d === CR) {
        lines++;
        atLineStart = true;
        p++;
        continue;
      }
      if (atLineStart && !isBlank(d)) {
        atLineStart = false;
        if (d === UNDERSCORE || d === SEMI || d === HASH) return -1;
        const word = text.slice(p, p + 5).toLowerCase();
        if (word === "loop_" || word === "data_") return -1;
      }
      if (d === quote && lines > 0 && (p + 1 >= n || isBlank(text.charCodeAt(p + 1)))) return p;
      p++;
    }
    return -1;
  }

  function countLines(from: number, to: number): void {
    for (let p = from; p < to; p++) {
      const nlen = newlineAt(p);
      if (nlen > 0) {
        line++;
        p += nlen - 1;
        lineStart = p + 1;
      }
    }
  }

  function readTextField(start: number, column: number): number {
    const startLine = line;
    // skip the opening ';' and find a line that starts with ';'
    let p = start + 1;
    const contentStart = p;
    while (p < n) {
      const nlen = newlineAt(p);
      if (nlen > 0) {
        const contentEnd = p;
        p += nlen;
        line++;
        lineStart = p;
        if (text.charCodeAt(p) === SEMI) {
          const raw = text.slice(contentStart, contentEnd);
          tokens.push({ kind: TokenKind.Value, text: raw, line: startLine, column, quoted: true });
          return p + 1;
        }
        continue;
      }
      p++;
    }
    tokens.push({
      kind: TokenKind.Error,
      text: `text field opened with ';' at line ${startLine} is never closed`,
      line: startLine,
      column,
      quoted: false,
    });
    return n;
  }
}

function classifyWord(word: string, line: number, column: number): Token {
  const first = word.charCodeAt(0);
  if (first === UNDERSCORE) return { kind: TokenKind.Tag, text: word, line, column, quoted: false };
  // reserved words are case-insensitive; check the first letter before lower-casing (hot path)
  const f = first | 32;
  if (f === 100 /* d */ && word.length >= 5 && word.slice(0, 5).toLowerCase() === "data_") {
    return { kind: TokenKind.Data, text: word.slice(5), line, column, quoted: false };
  }
  if (f === 108 /* l */ && word.length === 5 && word.toLowerCase() === "loop_") {
    return { kind: TokenKind.Loop, text: word, line, column, quoted: false };
  }
  if (f === 115 /* s */ && word.length >= 5) {
    const lower = word.toLowerCase();
    if (lower.startsWith("save_")) {
      const name = word.slice(5);
      return { kind: name ? TokenKind.SaveBegin : TokenKind.SaveEnd, text: name, line, column, quoted: false };
    }
    if (lower === "stop_") return { kind: TokenKind.Stop, text: word, line, column, quoted: false };
  }
  if (f === 103 /* g */ && word.length === 7 && word.toLowerCase() === "global_") {
    return { kind: TokenKind.Global, text: word, line, column, quoted: false };
  }
  return { kind: TokenKind.Value, text: word, line, column, quoted: false };
}

/** Remove a leading UTF-8 byte-order mark. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** True when the text looks like binary data rather than a text file (NUL or many control bytes). */
export function looksBinary(text: string): boolean {
  const probe = Math.min(text.length, 4096);
  let control = 0;
  for (let i = 0; i < probe; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return true;
    if (c < 32 && c !== LF && c !== CR && c !== TAB && c !== 12 && c !== 11) control++;
    if (c === 0xfffd) control++; // replacement character: invalid UTF-8 decoded from bytes
  }
  return probe > 0 && control / probe > 0.05;
}
