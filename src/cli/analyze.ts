/**
 * `paraisite analyze RESULTS.csv [--structures INPUT] [--out DIR]`: correlations of the ensemble's
 * mean κ and variance with material descriptors, written as a markdown report with SVG figures.
 */
import {
  descriptorInfo,
  type EnsembleRow,
  loadStructures,
  lowestVariance,
  materialDescriptors,
  type RankAgreement,
  rankAgreement,
  readScanResults,
  significantCorrelations,
  writeCorrelationReport,
} from "../analysis/index.js";
import { ParaisiteError } from "../core/errors.js";
import { integerAtLeast, numberIn, runCommand } from "./args.js";
import type { CliIO } from "./io.js";

export const ANALYZE_USAGE = `usage: paraisite analyze RESULTS.csv [options]

Correlate the ensemble's mean κ and variance (from a scan's results CSV) with material
descriptors; write report.md, heatmap.svg, hist-mean.svg and hist-variance.svg.

options:
  --structures INPUT   JSON Lines (.jsonl/.jsonl.gz, id + cif) or a folder of CIFs, for the
                       structural descriptors (volume, density, ...); without it only the
                       formula and numeric CSV columns are used
  --out DIR            output folder (default: analysis)
  --threshold R        |Pearson r| a descriptor must exceed to be listed (default: 0.10)
  --lowest-variance N  analyze only the N materials with the smallest ensemble variance
                       (the authors used N = 101)
  --reference-field F  JSON Lines field with reference κ to compare ranks with
                       (default: paraisite_pred_ltc_w_mk)
  -h, --help           this text
`;

const OPTIONS = {
  structures: { type: "string" },
  out: { type: "string", short: "o" },
  threshold: { type: "string" },
  "lowest-variance": { type: "string" },
  "reference-field": { type: "string" },
} as const;

/** Run `analyze`; resolves to the exit code (0 ok, 1 bad input data, 2 usage error). */
export function analyzeCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const spec = { name: "analyze", usage: ANALYZE_USAGE, options: OPTIONS, positionals: { min: 1, max: 1, what: "results CSV" } };
  return runCommand(spec, argv, io, async (values, positionals) => {
    const threshold = numberIn("threshold", values.threshold, { min: 0, max: 1 }) ?? 0.1;
    const subset = integerAtLeast("lowest-variance", values["lowest-variance"], 3);
    return analyze(values, positionals, threshold, subset, io);
  });
}

async function analyze(
  values: { readonly structures?: string; readonly out?: string; readonly "reference-field"?: string },
  positionals: readonly string[],
  threshold: number,
  subset: number | undefined,
  io: CliIO,
): Promise<number> {
  const [csvPath] = positionals;
  const outDir = values.out ?? "analysis";
  try {
    const scan = await readScanResults(csvPath);
    const notes = [...scan.notes];
    if (scan.skipped.length > 0) {
      notes.push(`${scan.skipped.length} row(s) skipped (e.g. line ${scan.skipped[0].line}: ${scan.skipped[0].reason})`);
    }
    const loaded = values.structures
      ? await loadStructures(values.structures, {
          ids: new Set(scan.rows.map((r) => r.id)),
          ...(values["reference-field"] ? { referenceField: values["reference-field"] } : {}),
        })
      : undefined;
    if (loaded) {
      const missing = scan.rows.length - scan.rows.filter((r) => loaded.structures.has(r.id)).length;
      notes.push(`structures from \`${values.structures}\`: ${loaded.structures.size} matched, ${missing} rows without a structure (formula descriptors only)`);
      if (loaded.failed.length > 0) {
        notes.push(`${loaded.failed.length} structure(s) could not be read (e.g. ${loaded.failed[0].id}: ${loaded.failed[0].error.message})`);
      }
    }
    const scanRows = subset === undefined ? scan.rows : lowestVariance(scan.rows, subset);
    if (subset !== undefined) notes.push(`only the ${scanRows.length} materials with the lowest ensemble variance (of ${scan.rows.length})`);
    const ours = new Map(scanRows.map((r) => [r.id, r.kappaMean]));
    const agreements: { name: string; agreement: RankAgreement }[] = [];
    for (const [name, reference] of loaded?.references ?? []) {
      try {
        agreements.push({ name, agreement: rankAgreement(ours, reference) });
      } catch {
        // Fewer than 3 common ids: nothing meaningful to compare.
      }
    }
    const rows: readonly EnsembleRow[] = scanRows;
    const report = await writeCorrelationReport({
      rows,
      descriptors: materialDescriptors(scanRows, loaded?.structures),
      outDir,
      threshold,
      source: csvPath,
      notes,
      agreements,
    });
    io.stdout(`analyzed ${rows.length} materials from ${csvPath}${scan.skipped.length ? ` (${scan.skipped.length} skipped)` : ""}\n`);
    for (const [name, entries] of [
      ["mean κ", report.tables.mean],
      ["variance", report.tables.variance],
    ] as const) {
      const kept = significantCorrelations(entries, threshold);
      const top = kept
        .slice(0, 3)
        .map((e) => `${descriptorInfo(e.descriptor).label} r=${e.pearson.r.toFixed(3)}`)
        .join(", ");
      io.stdout(`${name}: ${kept.length} descriptor(s) with |r| > ${threshold}${top ? ` (${top})` : ""}\n`);
    }
    for (const { name, agreement } of agreements) {
      io.stdout(`rank agreement with ${name}: Spearman ρ = ${agreement.spearman.r.toFixed(3)} over ${agreement.n} materials\n`);
    }
    io.stdout(`wrote ${report.files.join(", ")}\n`);
    return 0;
  } catch (e) {
    if (e instanceof ParaisiteError) {
      io.stderr(`paraisite analyze: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
