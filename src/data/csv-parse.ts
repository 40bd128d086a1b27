/**
 * RFC 4180 CSV parsing that works on chunks, so files of any size stream through: quoted fields
 * may hold commas, doubled quotes and line breaks; records end with LF, CRLF or CR.
 */
import { DataError } from "../core/errors.js";
import { openTextStream } from "./jsonl.js";
import { DataRecordError } from "./errors.js";

/** One parsed record: its fields, the 1-based line it starts on, and whether a line break ended it. */
export interface CsvRecord {
  readonly fields: readonly string[];
  readonly line: number;
  readonly terminated: boolean;
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/** Incremental parser: feed chunks with `push`, then call `end`. */
export class CsvParser {
  private field = "";
  private fields: string[] = [];
  private inQuotes = false;
  /** A quote was seen inside a quoted field: either an escaped quote or the closing one. */
  private quotePending = false;
  private skipLf = false;
  private line = 1;
  private recordLine = 1;
  private recordStarted = false;

  /** Parse a chunk; returns the records it completed. */
  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let start = 0;
    const flushText = (end: number): void => {
      if (end > start) this.field += chunk.slice(start, end);
    };
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.skipLf) {
        this.skipLf = false;
        if (c === LF) {
          start = i + 1;
          continue;
        }
      }
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (c === QUOTE) {
            // Escaped quote: keep one.
            this.field += '"';
            start = i + 1;
            continue;
          }
          this.inQuotes = false;
          // Fall through: c is handled as unquoted text below.
        } else {
          if (c === QUOTE) {
            flushText(i);
            this.quotePending = true;
            start = i + 1;
          } else if (c === LF || c === CR) {
            if (c === LF || chunk.charCodeAt(i + 1) !== LF) this.line++;
          }
          continue;
        }
      }
      if (c === QUOTE && this.field === "" && start === i) {
        this.inQuotes = true;
        this.recordStarted = true;
        start = i + 1;
      } else if (c === COMMA) {
        flushText(i);
        this.fields.push(this.field);
        this.field = "";
        this.recordStarted = true;
        start = i + 1;
      } else if (c === LF || c === CR) {
        flushText(i);
        out.push(this.finishRecord(true));
        this.line++;
        this.recordLine = this.line;
        if (c === CR) this.skipLf = true;
        start = i + 1;
      } else {
        this.recordStarted = true;
      }
    }
    flushText(chunk.length);
    return out;
  }

  /**
   * Finish parsing; returns the last record when the input did not end with a line break. An
   * unterminated quoted field throws unless `lenient` (a row cut short by a crash is then returned
   * as an unterminated record, which the caller drops).
   */
  end(file = "<csv>", lenient = false): CsvRecord | undefined {
    if (this.inQuotes && !this.quotePending && !lenient) {
      throw new DataRecordError("unterminated quoted field", file, this.recordLine);
    }
    if (!this.recordStarted && this.field === "" && this.fields.length === 0) return undefined;
    return this.finishRecord(false);
  }

  private finishRecord(terminated: boolean): CsvRecord {
    this.fields.push(this.field);
    const record = { fields: this.fields, line: this.recordLine, terminated };
    this.fields = [];
    this.field = "";
    this.inQuotes = false;
    this.quotePending = false;
    this.recordStarted = false;
    return record;
  }
}

/** Parse a whole CSV text into records (blank lines included as a single empty field). */
export function parseCsvText(text: string): CsvRecord[] {
  const parser = new CsvParser();
  const records = parser.push(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const last = parser.end();
  if (last) records.push(last);
  return records;
}

/** Raw CSV records of a file (plain or gzipped), streamed. `lenient`: see {@link CsvParser.end}. */
export async function* readCsvRecords(path: string, lenient = false): AsyncGenerator<CsvRecord> {
  const stream = await openTextStream(path);
  stream.setEncoding("utf8");
  const parser = new CsvParser();
  let first = true;
  try {
    for await (const chunk of stream) {
      let text = chunk as string;
      if (first) {
        first = false;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      yield* parser.push(text);
    }
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError(`${path}: read failed: ${(e as Error).message}`);
  } finally {
    stream.destroy();
  }
  const last = parser.end(path, lenient);
  if (last) yield last;
}

const isBlank = (r: CsvRecord): boolean => r.fields.length === 1 && r.fields[0] === "";

/** One data row of a CSV file with a header: column name → text, or the error that made it unreadable. */
export type CsvRow =
  | { readonly line: number; readonly row: Readonly<Record<string, string>>; readonly error?: undefined }
  | { readonly line: number; readonly row?: undefined; readonly error: DataRecordError };

/**
 * Rows of a CSV file whose first line is a header. Blank lines are skipped; a row with a wrong
 * number of fields yields `{ line, error }` and reading continues.
 */
export async function* readCsv(path: string): AsyncGenerator<CsvRow> {
  let header: readonly string[] | undefined;
  for await (const record of readCsvRecords(path)) {
    if (isBlank(record)) continue;
    if (!header) {
      header = record.fields.map((h) => h.trim());
      const dup = header.find((h, i) => header?.indexOf(h) !== i);
      if (dup !== undefined) throw new DataRecordError(`duplicate column '${dup}' in header`, path, record.line);
      continue;
    }
    if (record.fields.length !== header.length) {
      const reason = `expected ${header.length} fields, found ${record.fields.length}`;
      yield { line: record.line, error: new DataRecordError(reason, path, record.line) };
      continue;
    }
    const row: Record<string, string> = {};
    header.forEach((name, i) => {
      row[name] = record.fields[i];
    });
    yield { line: record.line, row };
  }
}
