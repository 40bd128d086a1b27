/**
 * Append-only CSV output for long scans: each row is handed to the OS as soon as it is computed
 * (one `write` per row, no user-space buffer), so a killed job loses at most the row in flight,
 * and `--resume` can skip the ids already written ({@link readDoneIds}).
 */
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, writeSync } from "node:fs";
import { DataError } from "../core/errors.js";
import { parseCsvText, readCsvRecords } from "./csv-parse.js";
import { type CsvCell, csvLine } from "./csv-line.js";

export { type CsvCell, csvLine, csvQuote } from "./csv-line.js";

export interface CsvWriterOptions {
  /**
   * Keep an existing file and append to it (default true). Its header must equal `columns`; a
   * last row without its line break (cut by a crash) is removed first.
   */
  readonly append?: boolean;
  /** Also `fsync` after every row: survives a power cut, at a large cost in speed. Default false. */
  readonly fsync?: boolean;
}

/** An open append-only CSV file. */
export interface CsvWriter {
  readonly path: string;
  readonly columns: readonly string[];
  /** Rows written through this writer (not counting rows already in the file). */
  readonly rowsWritten: number;
  /** Write one row, by column name or in column order. Unknown column names throw. */
  writeRow(row: Readonly<Record<string, CsvCell>> | readonly CsvCell[]): void;
  close(): void;
}

const HEAD_BYTES = 64 * 1024;

/** The header line of an existing file, read without loading the file. */
function readHeader(fd: number, path: string): readonly string[] {
  const buf = Buffer.alloc(HEAD_BYTES);
  const n = readSync(fd, buf, 0, HEAD_BYTES, 0);
  const text = buf.subarray(0, n).toString("utf8");
  const eol = text.search(/\r?\n/);
  if (eol < 0) throw new DataError(`${path}: no complete header line in the first ${HEAD_BYTES} bytes`);
  return parseCsvText(text.slice(0, eol))[0].fields;
}

/** Drop a trailing partial row (bytes after the last LF), left by a process killed mid-write. */
function truncatePartialRow(fd: number, size: number): void {
  const chunk = 64 * 1024;
  let end = size;
  const buf = Buffer.alloc(chunk);
  while (end > 0) {
    const start = Math.max(0, end - chunk);
    const n = readSync(fd, buf, 0, end - start, start);
    const lf = buf.subarray(0, n).lastIndexOf(10);
    if (lf >= 0) {
      if (start + lf + 1 < size) ftruncateSync(fd, start + lf + 1);
      return;
    }
    end = start;
  }
  ftruncateSync(fd, 0);
}

/** Open (or create) `path` for appending rows with the given columns. */
export function openCsvWriter(path: string, columns: readonly string[], options: CsvWriterOptions = {}): CsvWriter {
  if (columns.length === 0) throw new DataError("a CSV file needs at least one column");
  if (new Set(columns).size !== columns.length) throw new DataError(`duplicate column names: ${columns.join(",")}`);
  const append = options.append ?? true;
  const existing = append && existsSync(path);
  const fd = openSync(path, existing ? "r+" : "w");
  let position: number;
  try {
    const size = existing ? fstatSync(fd).size : 0;
    if (size > 0) {
      const header = readHeader(fd, path);
      if (header.length !== columns.length || header.some((h, i) => h !== columns[i])) {
        throw new DataError(
          `${path}: existing header (${header.join(",")}) differs from the requested columns (${columns.join(",")})`,
        );
      }
      truncatePartialRow(fd, size);
      position = fstatSync(fd).size;
    } else {
      position = writeSync(fd, csvLine(columns), 0, "utf8");
    }
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  const columnIndex = new Map(columns.map((c, i) => [c, i]));
  let rowsWritten = 0;
  let open = true;
  const toCells = (row: Readonly<Record<string, CsvCell>> | readonly CsvCell[]): readonly CsvCell[] => {
    if (Array.isArray(row)) {
      if (row.length !== columns.length) throw new DataError(`row has ${row.length} cells, expected ${columns.length}`);
      return row;
    }
    const cells: CsvCell[] = new Array(columns.length).fill(undefined);
    for (const [key, value] of Object.entries(row)) {
      const index = columnIndex.get(key);
      if (index === undefined) throw new DataError(`unknown CSV column '${key}' (columns: ${columns.join(",")})`);
      cells[index] = value;
    }
    return cells;
  };
  return {
    path,
    columns,
    get rowsWritten() {
      return rowsWritten;
    },
    writeRow(row) {
      if (!open) throw new DataError(`${path}: writer is closed`);
      const bytes = Buffer.from(csvLine(toCells(row)), "utf8");
      // Explicit positions: r+ mode does not append on its own.
      let done = 0;
      while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
      position += bytes.length;
      if (options.fsync) fsyncSync(fd);
      rowsWritten++;
    },
    close() {
      if (!open) return;
      open = false;
      closeSync(fd);
    },
  };
}

/**
 * Ids already written to a results CSV (for `--resume`). A missing file gives an empty set; a
 * last row without its line break (cut by a crash) is not counted, since the writer rewrites it.
 */
export async function readDoneIds(csvPath: string, options: { readonly idColumn?: string } = {}): Promise<Set<string>> {
  const idColumn = options.idColumn ?? "id";
  const done = new Set<string>();
  if (!existsSync(csvPath)) return done;
  let column = -1;
  for await (const record of readCsvRecords(csvPath, true)) {
    if (column < 0) {
      column = record.fields.indexOf(idColumn);
      if (column < 0) throw new DataError(`${csvPath}: no '${idColumn}' column in header (${record.fields.join(",")})`);
      continue;
    }
    if (!record.terminated) break;
    const id = record.fields[column];
    if (id !== undefined && id !== "") done.add(id);
  }
  return done;
}
