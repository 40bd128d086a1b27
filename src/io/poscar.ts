/**
 * VASP POSCAR/CONTCAR reader and writer (VASP 5 layout with a species line; VASP 4 files are
 * read when the species are named on the comment line or after each coordinate, as pymatgen writes).
 */
import { CifError, StructureError } from "../core/errors.js";
import type { Mat3, Vec3 } from "../core/vec3.js";
import { elementBySymbol } from "../structure/elements.js";
import { Lattice } from "../structure/lattice.js";
import { Structure } from "../structure/structure.js";

export interface PoscarOptions {
  /** File name for error messages. */
  readonly file?: string;
}

interface Line {
  readonly words: string[];
  readonly number: number;
}

// the length cap keeps the expression linear on hostile input
const isNumber = (w: string | undefined): boolean => w !== undefined && w.length <= 100 && /^[+-]?(\d+\.?\d*|\.\d+)([eEdD][+-]?\d+)?$/.test(w);
const num = (w: string): number => Number(w.replace(/[dD]/, "e"));

/** Parse POSCAR text into a Structure; throws {@link CifError} (the text-format error) with line numbers. */
export function parsePoscar(text: string, options: PoscarOptions = {}): Structure {
  const file = options.file;
  const fail = (reason: string, line?: number): never => {
    throw new CifError(reason, { file, line });
  };
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const raw = body.split(/\r\n|\r|\n/);
  if (body.trim() === "") fail("empty input: no POSCAR data");
  const lines: Line[] = raw.map((l, i) => ({ words: l.trim().split(/\s+/).filter(Boolean), number: i + 1 }));
  const comment = raw[0] ?? "";
  let p = 1;
  const next = (what: string): Line => {
    const line = lines[p++];
    if (!line || line.words.length === 0) return fail(`POSCAR ends early: ${what} expected`, line?.number ?? lines.length);
    return line;
  };

  const scaleLine = next("scale factor");
  if (!scaleLine.words.slice(0, 1).every(isNumber)) fail(`scale factor '${scaleLine.words[0]}' is not a number`, scaleLine.number);
  const scales = (isNumber(scaleLine.words[2]) && isNumber(scaleLine.words[1]) ? scaleLine.words.slice(0, 3) : scaleLine.words.slice(0, 1)).map(num);

  const rows: number[][] = [];
  for (let i = 0; i < 3; i++) {
    const l = next(`lattice vector ${i + 1}`);
    if (!l.words.slice(0, 3).every(isNumber) || l.words.length < 3) fail(`lattice vector ${i + 1} needs three numbers`, l.number);
    rows.push(l.words.slice(0, 3).map(num));
  }
  let matrix = rows as unknown as Mat3;
  if (scales.length === 3) {
    matrix = rows.map((r) => r.map((x, k) => x * scales[k])) as unknown as Mat3;
  } else if (scales[0] < 0) {
    // negative scale = target volume
    const v = Math.abs(rows[0][0] * (rows[1][1] * rows[2][2] - rows[1][2] * rows[2][1]) - rows[0][1] * (rows[1][0] * rows[2][2] - rows[1][2] * rows[2][0]) + rows[0][2] * (rows[1][0] * rows[2][1] - rows[1][1] * rows[2][0]));
    const k = Math.cbrt(-scales[0] / v);
    matrix = rows.map((r) => r.map((x) => x * k)) as unknown as Mat3;
  } else {
    if (!(scales[0] > 0)) fail("scale factor must not be zero", scaleLine.number);
    matrix = rows.map((r) => r.map((x) => x * scales[0])) as unknown as Mat3;
  }
  let lattice: Lattice;
  try {
    lattice = Lattice.fromMatrix(matrix);
  } catch (e) {
    return fail(e instanceof StructureError ? e.message : String(e), scaleLine.number + 1);
  }

  // species names and counts may each run over several lines (pymatgen writes 20 per line)
  const speciesLines: Line[] = [];
  let countLine = next("species names or counts");
  while (!isNumber(countLine.words[0])) {
    speciesLines.push(countLine);
    countLine = next("species counts");
  }
  const speciesLine = speciesLines[0];
  const counts: number[] = [];
  for (;;) {
    if (!countLine.words.every((w) => /^\d+$/.test(w))) fail("species counts must be whole numbers", countLine.number);
    counts.push(...countLine.words.map(Number));
    const peek = lines[p];
    if (!peek || peek.words.length === 0 || !peek.words.every((w) => /^\d+$/.test(w))) break;
    countLine = next("species counts");
  }
  if (counts.length === 0) fail("species counts expected", countLine.number);
  let names: string[] | undefined =
    speciesLines.length > 0 ? speciesLines.flatMap((l) => l.words).map((w) => w.split(/[_/]/)[0]) : undefined;
  if (names && names.length !== counts.length) {
    fail(`${names.length} species names but ${counts.length} counts`, speciesLine.number);
  }

  let modeLine = next("'Direct' or 'Cartesian'");
  if (/^s/i.test(modeLine.words[0])) modeLine = next("'Direct' or 'Cartesian'");
  const cartesian = /^[ck]/i.test(modeLine.words[0]);
  if (!cartesian && !/^d/i.test(modeLine.words[0])) fail(`expected 'Direct' or 'Cartesian', got '${modeLine.words[0]}'`, modeLine.number);

  const total = counts.reduce((a, b) => a + b, 0);
  const coordLines: Line[] = [];
  for (let i = 0; i < total; i++) {
    const l = next(`coordinates of atom ${i + 1} of ${total}`);
    if (!l.words.slice(0, 3).every(isNumber) || l.words.length < 3) fail(`atom ${i + 1} needs three coordinates`, l.number);
    coordLines.push(l);
  }
  if (!names) {
    // VASP 4: names after each coordinate (pymatgen) or on the comment line
    const trailing = coordLines.map((l) => l.words.find((w, k) => k >= 3 && /^[A-Z][a-z]?$/.test(w)));
    if (trailing.every((t) => t !== undefined)) {
      let k = 0;
      names = counts.map((c) => {
        const n = trailing[k] as string;
        k += c;
        return n;
      });
    } else {
      const fromComment = comment.trim().split(/\s+/).map((w) => /^[A-Z][a-z]?/.exec(w)?.[0] ?? "");
      if (fromComment.length >= counts.length && fromComment.slice(0, counts.length).every((w) => elementBySymbol(w))) {
        names = fromComment.slice(0, counts.length);
      } else fail("no species names: add the VASP 5 species line above the counts", countLine.number);
    }
  }
  const speciesNames = names as string[];
  for (const n of speciesNames) {
    if (!elementBySymbol(n)) fail(`unknown element '${n}'`, speciesLine?.number ?? countLine.number);
  }
  const elements: string[] = [];
  counts.forEach((c, k) => {
    for (let i = 0; i < c; i++) elements.push(speciesNames[k]);
  });
  const fracs: Vec3[] = coordLines.map((l) => {
    const v = l.words.slice(0, 3).map(num) as unknown as Vec3;
    if (!cartesian) return v;
    const scaled: Vec3 = scales.length === 3 ? [v[0] * scales[0], v[1] * scales[1], v[2] * scales[2]] : scales[0] > 0 ? [v[0] * scales[0], v[1] * scales[0], v[2] * scales[0]] : v;
    return lattice.cartToFrac(scaled);
  });
  return Structure.fromSpecies(lattice, elements, fracs);
}

export interface WritePoscarOptions {
  /** First line (default: the formula). */
  readonly comment?: string;
  /** Decimals of coordinates and lattice vectors (default 8). */
  readonly decimals?: number;
}

/** POSCAR (VASP 5, Direct coordinates) of an ordered structure; consecutive equal species are grouped. */
export function writePoscar(structure: Structure, options: WritePoscarOptions = {}): string {
  if (!structure.isOrdered) throw new StructureError("POSCAR cannot hold a disordered structure (partial occupancies)");
  const d = options.decimals ?? 8;
  const f = (x: number): string => (Object.is(x, -0) ? 0 : x).toFixed(d).padStart(d + 5);
  const groups: { element: string; count: number }[] = [];
  for (const site of structure.sites) {
    const el = site.species[0].element;
    const last = groups[groups.length - 1];
    if (last && last.element === el) last.count++;
    else groups.push({ element: el, count: 1 });
  }
  const lines = [
    (options.comment ?? structure.formula).replace(/[\r\n]+/g, " "),
    "1.0",
    ...structure.lattice.matrix.map((r) => r.map(f).join(" ")),
    groups.map((g) => g.element).join(" "),
    groups.map((g) => g.count).join(" "),
    "direct",
    ...structure.sites.map((s) => `${s.frac.map(f).join(" ")} ${s.species[0].element}`),
  ];
  return `${lines.join("\n")}\n`;
}
