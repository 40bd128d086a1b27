/**
 * Compact binary file of a dataset's graph-building results, one entry per record: its graph
 * (typed arrays as raw little-endian bytes) or the reason it has none, plus any warnings. Used as
 * the optional on-disk graph cache; files are written to a temporary name and renamed, so a
 * reader never sees a half-written file.
 *
 * Layout: "PGRAPHS1", u32 version, u32 count, f64 cutoff, u32 hash length + utf8 content hash,
 * then per entry: u8 kind (1 graph, 0 failure), u32 warning count + (u32 len + utf8) each, and
 * for a failure u32 len + utf8 reason, for a graph u32 nNodes, u32 nEdges, u32 stateDim,
 * i32 atomicNumbers[nNodes], i32 src[nEdges], i32 dst[nEdges], i32 images[3·nEdges],
 * f64 distances[nEdges], f32 state[stateDim]; finally "END!".
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { DataError } from "../core/errors.js";
import type { CrystalGraph } from "../graph/types.js";

/** One record's graph-building result. */
export type GraphEntry =
  | { readonly graph: CrystalGraph; readonly warnings: readonly string[] }
  | { readonly reason: string; readonly warnings: readonly string[] };

const MAGIC = "PGRAPHS1";
const END = "END!";
const VERSION = 1;

/** Writes into one buffer sized in advance (a first pass over the entries counts the bytes). */
class Writer {
  private at = 0;
  constructor(private readonly buf: Buffer) {}
  u8(v: number): void {
    this.at = this.buf.writeUInt8(v, this.at);
  }
  u32(v: number): void {
    this.at = this.buf.writeUInt32LE(v, this.at);
  }
  f64(v: number): void {
    this.at = this.buf.writeDoubleLE(v, this.at);
  }
  text(s: string): void {
    const n = Buffer.byteLength(s, "utf8");
    this.u32(n);
    this.at += this.buf.write(s, this.at, n, "utf8");
  }
  raw(s: string): void {
    this.at += this.buf.write(s, this.at, "latin1");
  }
  array(a: Int32Array | Float64Array | Float32Array): void {
    this.buf.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), this.at);
    this.at += a.byteLength;
  }
  get written(): number {
    return this.at;
  }
}

const textBytes = (s: string): number => 4 + Buffer.byteLength(s, "utf8");

function encodedSize(entries: readonly GraphEntry[], contentHash: string): number {
  let size = MAGIC.length + 4 + 4 + 8 + textBytes(contentHash) + END.length;
  for (const entry of entries) {
    size += 1 + 4 + entry.warnings.reduce((a, w) => a + textBytes(w), 0);
    if (!("graph" in entry)) {
      size += textBytes(entry.reason);
      continue;
    }
    const g = entry.graph;
    size += 12 + g.atomicNumbers.byteLength + g.src.byteLength + g.dst.byteLength;
    size += g.images.byteLength + g.distances.byteLength + g.state.byteLength;
  }
  return size;
}

class Reader {
  private at = 0;
  constructor(private readonly buf: Buffer) {}
  private need(n: number): void {
    if (this.at + n > this.buf.length) throw new DataError("graph file is truncated");
  }
  u8(): number {
    this.need(1);
    return this.buf.readUInt8(this.at++);
  }
  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32LE(this.at);
    this.at += 4;
    return v;
  }
  f64(): number {
    this.need(8);
    const v = this.buf.readDoubleLE(this.at);
    this.at += 8;
    return v;
  }
  text(): string {
    const n = this.u32();
    this.need(n);
    const s = this.buf.toString("utf8", this.at, this.at + n);
    this.at += n;
    return s;
  }
  raw(n: number): string {
    this.need(n);
    const s = this.buf.toString("latin1", this.at, this.at + n);
    this.at += n;
    return s;
  }
  /** A fresh (aligned) typed array copied from the next bytes. */
  array<T extends Int32Array | Float64Array | Float32Array>(make: (n: number) => T, n: number): T {
    const out = make(n);
    this.need(out.byteLength);
    new Uint8Array(out.buffer).set(this.buf.subarray(this.at, this.at + out.byteLength));
    this.at += out.byteLength;
    return out;
  }
  get done(): boolean {
    return this.at === this.buf.length;
  }
}

// Typed arrays are stored in host byte order; every platform Node supports is little-endian.
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Serialize graph-building results (one per record). */
export function encodeGraphEntries(entries: readonly GraphEntry[], cutoff: number, contentHash: string): Buffer {
  if (!LITTLE_ENDIAN) throw new DataError("graph files need a little-endian host");
  const buf = Buffer.alloc(encodedSize(entries, contentHash));
  const w = new Writer(buf);
  w.raw(MAGIC);
  w.u32(VERSION);
  w.u32(entries.length);
  w.f64(cutoff);
  w.text(contentHash);
  for (const entry of entries) {
    w.u8("graph" in entry ? 1 : 0);
    w.u32(entry.warnings.length);
    for (const warning of entry.warnings) w.text(warning);
    if (!("graph" in entry)) {
      w.text(entry.reason);
      continue;
    }
    const g = entry.graph;
    w.u32(g.nNodes);
    w.u32(g.nEdges);
    w.u32(g.state.length);
    w.array(g.atomicNumbers);
    w.array(g.src);
    w.array(g.dst);
    w.array(g.images);
    w.array(g.distances);
    w.array(g.state);
  }
  w.raw(END);
  if (w.written !== buf.length) throw new DataError(`graph file size mismatch: wrote ${w.written} of ${buf.length} bytes`);
  return buf;
}

/** Read back {@link encodeGraphEntries}; throws a {@link DataError} on any mismatch or truncation. */
export function decodeGraphEntries(buf: Buffer, cutoff: number, contentHash: string): GraphEntry[] {
  if (!LITTLE_ENDIAN) throw new DataError("graph files need a little-endian host");
  const r = new Reader(buf);
  if (r.raw(MAGIC.length) !== MAGIC) throw new DataError("not a paraisite graph file");
  const version = r.u32();
  if (version !== VERSION) throw new DataError(`graph file version ${version}, expected ${VERSION}`);
  const count = r.u32();
  const fileCutoff = r.f64();
  const fileHash = r.text();
  if (fileCutoff !== cutoff || fileHash !== contentHash) throw new DataError("graph file is for another dataset or cutoff");
  const entries: GraphEntry[] = [];
  for (let i = 0; i < count; i++) {
    const kind = r.u8();
    const warnings = Array.from({ length: r.u32() }, () => r.text());
    if (kind === 0) {
      entries.push({ reason: r.text(), warnings });
      continue;
    }
    if (kind !== 1) throw new DataError(`graph file entry ${i} has unknown kind ${kind}`);
    const nNodes = r.u32();
    const nEdges = r.u32();
    const stateDim = r.u32();
    const graph: CrystalGraph = Object.freeze({
      nNodes,
      nEdges,
      atomicNumbers: r.array((n) => new Int32Array(n), nNodes),
      src: r.array((n) => new Int32Array(n), nEdges),
      dst: r.array((n) => new Int32Array(n), nEdges),
      images: r.array((n) => new Int32Array(n), 3 * nEdges),
      distances: r.array((n) => new Float64Array(n), nEdges),
      state: r.array((n) => new Float32Array(n), stateDim),
      cutoff,
    });
    entries.push({ graph, warnings });
  }
  if (r.raw(END.length) !== END || !r.done) throw new DataError("graph file has trailing or missing bytes");
  return entries;
}

/** Entries from `path`, or undefined when the file is absent, stale or damaged (it is then rebuilt). */
export function readGraphFile(path: string, cutoff: number, contentHash: string): GraphEntry[] | undefined {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch {
    return undefined;
  }
  try {
    return decodeGraphEntries(buf, cutoff, contentHash);
  } catch {
    return undefined;
  }
}

/** Write entries atomically (temporary file + rename). A failure to write is not fatal: returns false. */
export function writeGraphFile(path: string, entries: readonly GraphEntry[], cutoff: number, contentHash: string): boolean {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, encodeGraphEntries(entries, cutoff, contentHash));
    renameSync(tmp, path);
    return true;
  } catch {
    rmSync(tmp, { force: true });
    return false;
  }
}
