/**
 * `paraisite inspect FILE... [--json] [--skip-bad-rows] [--cutoff R]`: what the parser makes of each
 * data block (formula, composition, lattice, sites) and, with `--cutoff`, the crystal graph of each
 * ordered structure. Exit status 1 when any file (or block) failed.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { CifError } from "../core/errors.js";
import { parseCif } from "../io/cif/parse.js";
import { parsePoscar } from "../io/poscar.js";
import { detectStructureFormat } from "../io/read-file.js";
import { formulaOrder } from "../structure/formula.js";
import { structureGraphSummary } from "../graph/summary.js";
import type { Structure } from "../structure/structure.js";
import { numberIn, runCommand } from "./args.js";
import type { CliIO } from "./io.js";

export const INSPECT_USAGE = `usage: paraisite inspect FILE... [--json] [--skip-bad-rows] [--cutoff R]
  Reads CIF (all data blocks) or POSCAR files and prints, per block: name, formula, reduced formula,
  composition, number of sites, ordered or not, lattice and sites.
  --json           one JSON document on stdout
  --skip-bad-rows  drop unreadable atom-site rows with a warning instead of failing the block
  --cutoff R       add each ordered structure's crystal graph at R Å (edges, coordination, distances)
  -h, --help       this text
`;

const OPTIONS = { json: { type: "boolean" }, "skip-bad-rows": { type: "boolean" }, cutoff: { type: "string" } } as const;

/** A per-structure graph summary (or none), put in the output as `graph`. */
type GraphSummarizer = ((s: Structure) => unknown) | undefined;

interface StructureSummary {
  readonly block: string;
  readonly formula: string;
  readonly reducedFormula: string;
  readonly composition: Record<string, number>;
  readonly nSites: number;
  readonly isOrdered: boolean;
  readonly lattice: { a: number; b: number; c: number; alpha: number; beta: number; gamma: number; volume: number };
  readonly sites: { species: Record<string, number>; frac: number[] }[];
  readonly warnings: string[];
  readonly graph?: unknown;
}

interface FileSummary {
  readonly file: string;
  readonly structures: StructureSummary[];
  readonly error: { message: string; line: number | null; block?: string } | null;
}

const round = (x: number, digits = 10): number => Number(x.toFixed(digits));

/** JSON-ready summary of one structure. */
export function summarizeStructure(block: string, s: Structure, warnings: readonly string[] = []): StructureSummary {
  const p = s.lattice.parameters;
  return {
    block,
    formula: s.formula,
    reducedFormula: s.reducedFormula,
    composition: Object.fromEntries(formulaOrder(Object.keys(s.composition)).map((el) => [el, s.composition[el]])),
    nSites: s.nSites,
    isOrdered: s.isOrdered,
    lattice: {
      a: round(p.a),
      b: round(p.b),
      c: round(p.c),
      alpha: round(p.alpha),
      beta: round(p.beta),
      gamma: round(p.gamma),
      volume: round(s.lattice.volume),
    },
    sites: s.sites.map((site) => {
      const species: Record<string, number> = {};
      for (const sp of site.species) species[sp.element] = (species[sp.element] ?? 0) + sp.occupancy;
      return { species, frac: site.frac.map((x) => round(x)) };
    }),
    warnings: [...warnings],
  };
}

function inspectFile(path: string, skipBadRows: boolean, graphOf: GraphSummarizer): FileSummary {
  const withGraph = (summary: StructureSummary, s: Structure): StructureSummary => (graphOf ? { ...summary, graph: graphOf(s) } : summary);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    return { file: path, structures: [], error: { message: `cannot read ${path}: ${(e as Error).message}`, line: null } };
  }
  if (detectStructureFormat(path, text) === "poscar") {
    try {
      const s = parsePoscar(text, { file: path });
      return { file: path, structures: [withGraph(summarizeStructure(basename(path), s), s)], error: null };
    } catch (e) {
      if (!(e instanceof CifError)) throw e;
      return { file: path, structures: [], error: { message: e.message, line: e.line ?? null } };
    }
  }
  const result = parseCif(text, { file: path, onBadRow: skipBadRows ? "skip" : "error" });
  if (result.error) return { file: path, structures: [], error: { message: result.error.message, line: result.error.line ?? null } };
  const structures: StructureSummary[] = [];
  let error: FileSummary["error"] = null;
  for (const b of result.blocks) {
    const warnings = [...result.warnings, ...b.warnings].map((w) => (w.line ? `line ${w.line}: ${w.message}` : w.message));
    if (b.ok) structures.push(withGraph(summarizeStructure(b.name, b.structure, warnings), b.structure));
    else error ??= { message: b.error.message, line: b.error.line ?? null, block: b.name };
  }
  return { file: path, structures, error };
}

const fmt = (x: number, d = 6): string => x.toFixed(d);

function printText(f: FileSummary, out: (s: string) => void): void {
  out(`${f.file}\n`);
  for (const s of f.structures) {
    const l = s.lattice;
    out(`  data_${s.block}: ${s.formula} (${s.reducedFormula}), ${s.nSites} sites, ${s.isOrdered ? "ordered" : "disordered"}\n`);
    out(`    composition: ${Object.entries(s.composition).map(([el, n]) => `${el} ${round(n, 6)}`).join(", ")}\n`);
    out(
      `    lattice: a=${fmt(l.a)} b=${fmt(l.b)} c=${fmt(l.c)} alpha=${fmt(l.alpha, 4)} beta=${fmt(l.beta, 4)} gamma=${fmt(l.gamma, 4)} volume=${fmt(l.volume, 4)}\n`,
    );
    s.sites.forEach((site, i) => {
      const species = Object.entries(site.species)
        .map(([el, o]) => (o === 1 ? el : `${el}:${round(o, 6)}`))
        .join(",");
      out(`    ${String(i + 1).padStart(5)}  ${species.padEnd(12)} ${site.frac.map((x) => fmt(x).padStart(10)).join(" ")}\n`);
    });
    if (s.graph !== undefined) out(`    graph: ${JSON.stringify(s.graph)}\n`);
    for (const w of s.warnings) out(`    warning: ${w}\n`);
  }
  if (f.error) out(`  error${f.error.block !== undefined ? ` in data_${f.error.block}` : ""}: ${f.error.message}\n`);
}

/** The `inspect` command; resolves to the exit code (0 ok, 1 a file failed, 2 usage). */
export function inspectCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const spec = { name: "inspect", usage: INSPECT_USAGE, options: OPTIONS, positionals: { min: 1, max: Number.POSITIVE_INFINITY, what: "file" } };
  return runCommand(spec, argv, io, async (values, files) => {
    const cutoff = numberIn("cutoff", values.cutoff, { min: 0, minExclusive: true });
    const graphOf: GraphSummarizer = cutoff === undefined ? undefined : (s) => structureGraphSummary(s, cutoff);
    const summaries = files.map((f) => inspectFile(f, values["skip-bad-rows"] === true, graphOf));
    if (values.json) io.stdout(`${JSON.stringify({ files: summaries })}\n`);
    else for (const s of summaries) printText(s, io.stdout);
    return summaries.some((s) => s.error !== null) ? 1 : 0;
  });
}
