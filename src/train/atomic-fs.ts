/**
 * Crash-safe writes: a reader (or a resumed run) sees either the old content or the new one,
 * never half a file. Files go through a temporary name and `rename`; directories are built
 * beside the target and swapped in with two renames, with the previous copy kept as `.old`
 * until the swap is done so that a crash between the renames can be recovered.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

/** Fill a fresh temporary directory with `fill`, then put it at `dir` in place of any previous one. */
export function replaceDirAtomic(dir: string, fill: (tmpDir: string) => void): void {
  const tmp = `${dir}.tmp-${process.pid}`;
  const old = `${dir}.old`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  fill(tmp);
  rmSync(old, { recursive: true, force: true });
  if (existsSync(dir)) renameSync(dir, old);
  renameSync(tmp, dir);
  rmSync(old, { recursive: true, force: true });
}

/** If a crash left only `<dir>.old` (between the two renames), put it back. Returns whether `dir` exists. */
export function recoverDir(dir: string): boolean {
  const old = `${dir}.old`;
  if (!existsSync(dir) && existsSync(old)) renameSync(old, dir);
  return existsSync(dir);
}
