/**
 * Typed errors. Every error the library throws on bad input is a {@link ParaisiteError}
 * subclass, so callers can catch by kind and show `file:line` to a person.
 */

/** Where in a source file a problem was found (1-based line and column). */
export interface SourceLocation {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

/** Base class of every error thrown by paraisite. */
export class ParaisiteError extends Error {
  override readonly name: string = "ParaisiteError";
}

function formatLocation(loc: SourceLocation): string {
  const parts: string[] = [];
  if (loc.file !== undefined) parts.push(loc.file);
  if (loc.line !== undefined) parts.push(String(loc.line));
  if (loc.line !== undefined && loc.column !== undefined) parts.push(String(loc.column));
  return parts.join(":");
}

/** A CIF/POSCAR text could not be read into a structure. Carries file, line and column. */
export class CifError extends ParaisiteError {
  override readonly name: string = "CifError";
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** The message without the location prefix. */
  readonly reason: string;

  constructor(reason: string, location: SourceLocation = {}) {
    const where = formatLocation(location);
    super(where ? `${where}: ${reason}` : reason);
    this.reason = reason;
    this.file = location.file;
    this.line = location.line;
    this.column = location.column;
  }

  /** The same error, attributed to a file (keeps line and column). */
  withFile(file: string): CifError {
    return new CifError(this.reason, { file, line: this.line, column: this.column });
  }
}

/** A structure is not valid for the requested operation (e.g. disordered, no edges). */
export class StructureError extends ParaisiteError {
  override readonly name: string = "StructureError";
}

/** A crystal graph could not be built. */
export class GraphError extends ParaisiteError {
  override readonly name: string = "GraphError";
}

/** A model or weight file is malformed or does not match the expected architecture. */
export class WeightsError extends ParaisiteError {
  override readonly name: string = "WeightsError";
}

/** A dataset or data-directory problem (missing file, bad record, checksum mismatch). */
export class DataError extends ParaisiteError {
  override readonly name: string = "DataError";
}

/** No usable compute backend: an unknown name, or a requested backend that cannot start. */
export class BackendError extends ParaisiteError {
  override readonly name: string = "BackendError";
}

/** Training failed (e.g. a non-finite loss). */
export class TrainingError extends ParaisiteError {
  override readonly name: string = "TrainingError";
}
