/**
 * Streaming JSON Lines reader for plain or gzipped files. Memory stays bounded by the longest
 * line whatever the file size, so the scan command can walk millions of structures.
 */
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { DataError } from "../core/errors.js";
import { DataRecordError } from "./errors.js";

/** Any JSON value. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** A JSON object (one record of a JSON Lines file). */
export type JsonObject = { readonly [key: string]: JsonValue };

/** One line of a JSON Lines file: its parsed object, or the error that made it unreadable. */
export type JsonLine =
  | { readonly line: number; readonly value: JsonObject; readonly error?: undefined }
  | { readonly line: number; readonly value?: undefined; readonly error: DataRecordError };

/** True when the first bytes are the gzip magic number (1f 8b): detect by content, not by name. */
export async function isGzipFile(path: string): Promise<boolean> {
  const handle = await open(path, "r").catch((e: NodeJS.ErrnoException) => {
    throw new DataError(`cannot open ${path}: ${e.code ?? e.message}`);
  });
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** A byte stream of the file's (decompressed) content. */
export async function openTextStream(path: string): Promise<Readable> {
  const gz = await isGzipFile(path);
  const raw = createReadStream(path);
  return gz ? raw.pipe(createGunzip()) : raw;
}

/**
 * Lines of a text file (plain or gzipped), 1-based, without their line terminators (LF or CRLF).
 * A read or decompression failure is thrown as a {@link DataError} naming the file.
 */
export async function* readLines(path: string): AsyncGenerator<{ line: number; text: string }> {
  const stream = await openTextStream(path);
  // A gunzip error is emitted on the gunzip stream, not the source; surface it through readline.
  let streamError: Error | undefined;
  stream.on("error", (e: Error) => {
    streamError = e;
  });
  const rl = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  try {
    for await (const text of rl) {
      line++;
      // readline keeps a leading BOM on the first line.
      yield { line, text: line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
    }
  } catch (e) {
    throw new DataError(`${path}: read failed after line ${line}: ${(e as Error).message}`);
  } finally {
    rl.close();
    stream.destroy();
  }
  if (streamError) throw new DataError(`${path}: read failed after line ${line}: ${streamError.message}`);
}

/**
 * Iterate the records of a JSON Lines file (plain or .gz, detected by content). Blank lines are
 * skipped; a line that is not a JSON object yields `{ line, error }` (a {@link DataRecordError}
 * naming file and line) and reading continues, so the caller decides whether to skip or stop.
 */
export async function* readJsonLines(path: string): AsyncGenerator<JsonLine> {
  for await (const { line, text } of readLines(path)) {
    if (text.trim() === "") continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      yield { line, error: new DataRecordError(`malformed JSON: ${(e as Error).message}`, path, line) };
      continue;
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      yield { line, error: new DataRecordError("a JSON Lines record must be an object", path, line) };
      continue;
    }
    yield { line, value: parsed as JsonObject };
  }
}
