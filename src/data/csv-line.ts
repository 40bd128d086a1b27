/** CSV cells and lines (RFC 4180 quoting), without the file system: shared by the CSV writer and the browser entry. */

/** A value of a CSV cell. `null`/`undefined` write an empty cell; numbers use the shortest round-trip form. */
export type CsvCell = string | number | boolean | null | undefined;

/** Quote a cell when RFC 4180 requires it (comma, quote, CR/LF) or when it has outer spaces. */
export function csvQuote(cell: CsvCell): string {
  if (cell === null || cell === undefined) return "";
  const text = String(cell);
  if (/[",\r\n]/.test(text) || text.trimEnd() !== text || text.trimStart() !== text) {
    return `"${text.replaceAll('"', '""')}"`;
  }
  return text;
}

/** One CSV line (with its LF terminator). */
export function csvLine(cells: readonly CsvCell[]): string {
  return cells.map(csvQuote).join(",") + "\n";
}
