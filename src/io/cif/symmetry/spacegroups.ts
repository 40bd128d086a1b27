/**
 * Space-group lookup by Hermann–Mauguin name, Hall symbol or IT number. Operations are built
 * from the Hall symbol on first use and cached. Without an explicit setting, the first ITA
 * setting wins (origin choice 1, hexagonal axes for R groups), as in pymatgen's `SpaceGroup`;
 * callers may ask for rhombohedral axes instead.
 */
import { operationsFromHall } from "./hall.js";
import type { SymOp } from "./operation.js";
import { SPACE_GROUP_TABLE } from "./table.js";

export interface SpaceGroupSetting {
  /** International Tables number, 1–230. */
  readonly number: number;
  /** Hermann–Mauguin symbol with the setting suffix, e.g. "F d -3 m :2", "R -3 m :H". */
  readonly symbol: string;
  readonly hall: string;
  /** All operations of the conventional cell, centering translations included; identity first. */
  readonly ops: readonly SymOp[];
}

const cache = new Map<string, SpaceGroupSetting>();

function setting(row: readonly [number, string, string]): SpaceGroupSetting {
  const [number, symbol, hall] = row;
  let s = cache.get(hall);
  if (!s) {
    let ops: readonly SymOp[] | undefined;
    s = {
      number,
      symbol,
      hall,
      get ops(): readonly SymOp[] {
        ops ??= Object.freeze(operationsFromHall(hall));
        return ops;
      },
    };
    cache.set(hall, s);
  }
  return s;
}

// old symbols of the e-glide groups (ITA 2002 renamed them)
const OLD_E_GLIDE: Readonly<Record<string, string>> = {
  abm2: "aem2",
  aba2: "aea2",
  cmca: "cmce",
  cmma: "cmme",
  ccca: "ccce",
};

const SUFFIX_WORDS: Readonly<Record<string, string>> = { S: ":1", Z: ":2", H: ":h", R: ":r" };

/** Canonical lookup key: no spaces or underscores, lower case, `2(1)` → `21`, setting as `:x`. */
export function normalizeHM(name: string): string {
  let words = name.trim().replace(/\s+/g, " ").split(" ");
  let suffix = "";
  const last = words[words.length - 1];
  if (words.length > 1 && SUFFIX_WORDS[last]) {
    suffix = SUFFIX_WORDS[last];
    words = words.slice(0, -1);
  }
  let key = words.join("").replace(/_/g, "").replace(/\((\d)\)/g, "$1").toLowerCase();
  key = key.replace(/\(?originchoice(\d)\)?$/, ":$1").replace(/\(?hexagonalaxes\)?$/, ":h").replace(/\(?rhombohedralaxes\)?$/, ":r");
  const colon = key.indexOf(":");
  const base = colon >= 0 ? key.slice(0, colon) : key;
  const setting = colon >= 0 ? key.slice(colon) : suffix;
  return (OLD_E_GLIDE[base] ?? base) + setting;
}

const byName = new Map<string, (readonly [number, string, string])[]>();
const byHall = new Map<string, readonly [number, string, string]>();
const byNumber = new Map<number, (readonly [number, string, string])[]>();

function register(key: string, row: readonly [number, string, string]): void {
  const list = byName.get(key);
  if (!list) byName.set(key, [row]);
  else if (!list.includes(row)) list.push(row);
}

for (const row of SPACE_GROUP_TABLE) {
  const [number, symbol, hall] = row;
  const full = normalizeHM(symbol);
  const base = full.replace(/:.*$/, "");
  const aliases = [full, base];
  const words = symbol.replace(/\s*:.*$/, "").split(" ");
  // monoclinic short symbols: "P 1 21/c 1" → "P21/c"
  if (words.length === 4 && words.filter((w) => w === "1").length === 2) {
    aliases.push(words.filter((w) => w !== "1").join("").toLowerCase());
  }
  // cubic symbols written without the bar, as older CIFs do ("Fm3m")
  if (number >= 195) aliases.push(...aliases.map((a) => a.replace("-3", "3")));
  for (const a of aliases) register(a, row);
  byHall.set(normalizeHall(hall), row);
  const forNumber = byNumber.get(number);
  if (forNumber) forNumber.push(row);
  else byNumber.set(number, [row]);
}

function normalizeHall(hall: string): string {
  return hall.trim().replace(/\s+/g, " ").toLowerCase();
}

function pick(rows: readonly (readonly [number, string, string])[], rhombohedral: boolean): SpaceGroupSetting {
  const r = rhombohedral ? rows.find((x) => x[1].endsWith(":R")) : undefined;
  return setting(r ?? rows[0]);
}

export interface LookupOptions {
  /** For R groups named without a setting: use rhombohedral axes (the cell says a = b = c, α = β = γ). */
  readonly rhombohedral?: boolean;
}

/** Setting for an H-M name ("P 21/c", "Fd-3m", "F d -3 m :2", "R -3 m H", "Cmca"), or undefined. */
export function spaceGroupByName(name: string, options: LookupOptions = {}): SpaceGroupSetting | undefined {
  if (name.length > 100) return undefined;
  const rows = byName.get(normalizeHM(name));
  return rows ? pick(rows, options.rhombohedral ?? false) : undefined;
}

/** Setting for a Hall symbol; symbols not in the table are generated directly when valid. */
export function spaceGroupByHall(hall: string): SpaceGroupSetting | undefined {
  if (hall.length > 100) return undefined;
  const row = byHall.get(normalizeHall(hall));
  if (row) return setting(row);
  try {
    const ops = Object.freeze(operationsFromHall(hall));
    return { number: 0, symbol: "", hall: hall.trim(), ops };
  } catch {
    return undefined;
  }
}

/** Default setting for an IT number 1–230, or undefined. */
export function spaceGroupByNumber(number: number, options: LookupOptions = {}): SpaceGroupSetting | undefined {
  const rows = byNumber.get(number);
  return rows ? pick(rows, options.rhombohedral ?? false) : undefined;
}

/** Every setting in the table (527 settings of the 230 groups), ITA order. */
export function allSpaceGroupSettings(): SpaceGroupSetting[] {
  return SPACE_GROUP_TABLE.map(setting);
}
