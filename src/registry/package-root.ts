/**
 * The root folder of the paraisite package this module belongs to. The same code runs from
 * `src/registry/` (a git clone, through tsx or vitest) and from `dist/` (the npm package), so the
 * files the project carries (`data/`, `weights/`, `models/`, `examples/`) are found from either.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_NAME = "paraisite";
let cached: string | null | undefined;

/** Whether `dir` holds the package.json of this package (and not, say, the user's project). */
function isPackageRoot(dir: string): boolean {
  const manifest = join(dir, "package.json");
  if (!existsSync(manifest)) return false;
  try {
    return (JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

/**
 * The nearest folder upwards from this module whose package.json is named "paraisite", or
 * undefined when there is none (e.g. the library was re-bundled into another program).
 */
export function packageRoot(): string | undefined {
  if (cached !== undefined) return cached ?? undefined;
  let dir = dirname(fileURLToPath(import.meta.url));
  cached = null;
  // src/registry → root is 2 levels up, dist → 1; a few more tolerate other bundle layouts.
  for (let i = 0; i < 5; i++) {
    if (isPackageRoot(dir)) {
      cached = dir;
      break;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return cached ?? undefined;
}

/** A path inside the package when it exists there, else undefined. */
export function packagePath(...segments: string[]): string | undefined {
  const root = packageRoot();
  if (root === undefined) return undefined;
  const path = join(root, ...segments);
  return existsSync(path) ? path : undefined;
}
