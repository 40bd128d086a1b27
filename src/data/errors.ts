import { DataError } from "../core/errors.js";

/**
 * A bad record in a data file, located by file and 1-based line. It is a {@link DataError}, so
 * `catch (e) { if (e instanceof DataError) … }` still works; the fields let a caller report
 * `file:line` without parsing the message.
 */
export class DataRecordError extends DataError {
  override readonly name: string = "DataRecordError";
  readonly file: string;
  readonly line: number;
  /** The message without the location prefix. */
  readonly reason: string;

  constructor(reason: string, file: string, line: number) {
    super(`${file}:${line}: ${reason}`);
    this.reason = reason;
    this.file = file;
    this.line = line;
  }
}
