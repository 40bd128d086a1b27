/**
 * Join the CSV outputs of several scan shards into one file: same header required, rows kept in
 * the order of the inputs, an id seen twice (a shard re-run) kept once.
 */
import { DataError } from "../core/errors.js";
import { readCsvRecords } from "../data/csv-parse.js";
import { openCsvWriter } from "../data/csv-write.js";

export interface MergeSummary {
  readonly rows: number;
  readonly duplicates: number;
  readonly badRows: number;
}

export async function mergeScanOutputs(out: string, inputs: readonly string[]): Promise<MergeSummary> {
  if (inputs.length === 0) throw new DataError("merge needs at least one input file");
  let header: readonly string[] | undefined;
  let writer: ReturnType<typeof openCsvWriter> | undefined;
  const seen = new Set<string>();
  let rows = 0;
  let duplicates = 0;
  let badRows = 0;
  try {
    for (const path of inputs) {
      let first = true;
      for await (const record of readCsvRecords(path, true)) {
        if (record.fields.length === 1 && record.fields[0] === "") continue;
        if (first) {
          first = false;
          if (!header) {
            header = record.fields;
            if (header[0] !== "id") throw new DataError(`${path}: the first column must be 'id'`);
            writer = openCsvWriter(out, header, { append: false });
          } else if (record.fields.join("\u0000") !== header.join("\u0000")) {
            throw new DataError(`${path}: header differs from ${inputs[0]}'s`);
          }
          continue;
        }
        // a row cut by a crash (no line break, or the wrong width) is not merged
        if (!record.terminated || record.fields.length !== header?.length) {
          badRows++;
          continue;
        }
        const id = record.fields[0];
        if (seen.has(id)) {
          duplicates++;
          continue;
        }
        seen.add(id);
        writer?.writeRow(record.fields);
        rows++;
      }
    }
  } finally {
    writer?.close();
  }
  return { rows, duplicates, badRows };
}
