/**
 * `paraisite scan INPUT --out results.csv`: κ with uncertainty for a whole database, streamed,
 * appended row by row, resumable and shardable; `paraisite merge` joins shard outputs.
 */
import { statSync } from "node:fs";
import { type BackendRequest, selectBackend } from "../backend/select.js";
import { readLines } from "../data/jsonl.js";
import { listStructureFiles } from "../data/structure-inputs.js";
import { KappaEnsemble } from "../ensemble/ensemble.js";
import { mergeScanOutputs } from "../ensemble/merge.js";
import { type ScanProgress, scanStructures } from "../ensemble/scan.js";
import { formatDuration } from "../train/progress.js";
import type { CliIO } from "./io.js";
import { shippedModelsDir } from "./predict.js";

export const SCAN_USAGE = `usage: paraisite scan INPUT --out RESULTS.csv [--models DIR] [--resume] [--shard I/N]
                      [--failures FILE] [--batch-size B] [--workers W] [--backend NAME]

  INPUT is a JSON Lines file (plain or .gz) with \`id\` and \`cif\` fields, or a folder of CIF/POSCAR
  files. Each result is appended to RESULTS.csv as soon as it is computed (id, formula, nsites, κ of
  every model, mean, std, variance; κ in W/(m·K)); structures that fail go to FILE (default
  RESULTS.failures.csv) with the reason.
  --resume       skip ids already in RESULTS.csv or the failures file
  --shard I/N    process only shard I (1-based) of N, a deterministic split by id for job arrays;
                 join the outputs with \`paraisite merge\`
  --models DIR   the ensemble (default: the one shipped with the package)
  --workers W    worker threads for the models (default 1; 2 uses both cores of a 2-core machine)
`;

export const MERGE_USAGE = `usage: paraisite merge OUT.csv SHARD.csv...
  Joins scan outputs with the same header; an id present in several inputs is kept once.
`;

/** Records in the input, for the ETA (a line count for JSONL, a file count for a folder). */
async function countInputs(input: string): Promise<number> {
  if (statSync(input).isDirectory()) return (await listStructureFiles(input)).length;
  let n = 0;
  for await (const { text } of readLines(input)) if (text.trim() !== "") n++;
  return n;
}

function parseShard(text: string): { index: number; count: number } | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) return undefined;
  const [i, n] = [Number(m[1]), Number(m[2])];
  return i >= 1 && i <= n ? { index: i - 1, count: n } : undefined;
}

function progressPrinter(io: CliIO, expected: number): (p: ScanProgress) => void {
  const tty = process.stderr.isTTY === true;
  let lastPrint = 0;
  return (p) => {
    const n = p.done + p.failed;
    const rate = n / Math.max(p.elapsedSeconds, 1e-9);
    const eta = expected > n ? (expected - n) / rate : 0;
    if (tty) {
      const frac = expected > 0 ? Math.min(1, n / expected) : 0;
      const bar = "#".repeat(Math.round(frac * 30)).padEnd(30, ".");
      io.stderr(`\r[${bar}] ${n}/${expected} ${rate.toFixed(0)}/s ETA ${formatDuration(eta)} failed ${p.failed}  `);
    } else if (p.elapsedSeconds - lastPrint >= 10) {
      lastPrint = p.elapsedSeconds;
      io.stderr(`scan: ${n}/${expected} done, ${p.failed} failed, ${rate.toFixed(1)}/s, ETA ${formatDuration(eta)}\n`);
    }
  };
}

export async function scanCommand(argv: readonly string[], io: CliIO): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.stdout(SCAN_USAGE);
    return 0;
  }
  const positional: string[] = [];
  const opts: Record<string, string> = {};
  let resume = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--resume") resume = true;
    else if (["--out", "--models", "--shard", "--failures", "--batch-size", "--workers", "--backend"].includes(arg)) opts[arg] = argv[++i] ?? "";
    else if (arg.startsWith("-")) {
      io.stderr(`paraisite scan: unknown option '${arg}'\n${SCAN_USAGE}`);
      return 2;
    } else positional.push(arg);
  }
  const shard = opts["--shard"] !== undefined ? parseShard(opts["--shard"]) : undefined;
  const batchSize = opts["--batch-size"] !== undefined ? Number(opts["--batch-size"]) : 64;
  const workers = opts["--workers"] !== undefined ? Number(opts["--workers"]) : 1;
  const problem =
    positional.length !== 1
      ? "give exactly one INPUT"
      : !opts["--out"]
        ? "--out RESULTS.csv is required"
        : opts["--shard"] !== undefined && !shard
          ? `--shard needs I/N with 1 <= I <= N, got '${opts["--shard"]}'`
          : !(Number.isInteger(batchSize) && batchSize > 0)
            ? "--batch-size needs a positive integer"
            : !(Number.isInteger(workers) && workers > 0)
              ? "--workers needs a positive integer"
              : undefined;
  if (problem) {
    io.stderr(`paraisite scan: ${problem}\n${SCAN_USAGE}`);
    return 2;
  }
  const modelsDir = opts["--models"] ?? shippedModelsDir();
  if (modelsDir === undefined) {
    io.stderr("paraisite scan: this version ships no trained ensemble yet; pass --models DIR\n");
    return 2;
  }
  await selectBackend(opts["--backend"] ? { backend: opts["--backend"] as BackendRequest } : {});
  const input = positional[0];
  const total = await countInputs(input);
  const expected = shard ? Math.ceil(total / shard.count) : total;
  const ensemble = await KappaEnsemble.load(modelsDir, { workers });
  try {
    const summary = await scanStructures(ensemble, {
      input,
      out: opts["--out"],
      resume,
      batchSize,
      ...(opts["--failures"] ? { failures: opts["--failures"] } : {}),
      ...(shard ? { shard } : {}),
      onProgress: progressPrinter(io, expected),
    });
    if (process.stderr.isTTY) io.stderr("\n");
    const rate = (summary.done + summary.failed) / Math.max(summary.elapsedSeconds, 1e-9);
    io.stdout(
      `scan: ${summary.done} predicted, ${summary.failed} failed (${summary.failures}), ${summary.skipped} already done; ` +
        `${rate.toFixed(1)} structures/s; results in ${summary.out}\n`,
    );
    return 0;
  } finally {
    ensemble.dispose();
  }
}

export async function mergeCommand(argv: readonly string[], io: CliIO): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h") || argv.length < 2) {
    (argv.length < 2 ? io.stderr : io.stdout)(MERGE_USAGE);
    return argv.length < 2 ? 2 : 0;
  }
  const [out, ...inputs] = argv;
  const summary = await mergeScanOutputs(out, inputs);
  io.stdout(`merge: ${summary.rows} rows into ${out} (${summary.duplicates} duplicate ids dropped, ${summary.badRows} incomplete rows dropped)\n`);
  return 0;
}
