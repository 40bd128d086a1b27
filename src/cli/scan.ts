/**
 * `paraisite scan INPUT --out results.csv`: κ with uncertainty for a whole database, streamed,
 * appended row by row, resumable and shardable; `paraisite merge` joins shard outputs.
 */
import { statSync } from "node:fs";
import { BACKEND_REQUESTS, type BackendRequest, selectBackend } from "../backend/select.js";
import { readLines } from "../data/jsonl.js";
import { listStructureFiles } from "../data/structure-inputs.js";
import { KappaEnsemble } from "../ensemble/ensemble.js";
import { mergeScanOutputs } from "../ensemble/merge.js";
import { type ScanProgress, scanStructures } from "../ensemble/scan.js";
import { formatDuration } from "../train/progress.js";
import { integerAtLeast, oneOf, runCommand, UsageError } from "./args.js";
import type { CliIO } from "./io.js";
import { shippedModelsDir } from "./predict.js";

export const SCAN_USAGE = `usage: paraisite scan INPUT --out RESULTS.csv [--models DIR] [--resume] [--shard I/N]
                      [--failures FILE] [--batch-size B] [--workers W] [--backend NAME]

  INPUT is a JSON Lines file (plain or .gz) with \`id\` and \`cif\` fields, or a folder of CIF/POSCAR
  files. Each result is appended to RESULTS.csv as soon as it is computed (id, formula, nsites, κ of
  every model, mean, std, variance; κ in W/(m·K)); structures that fail go to FILE (default
  RESULTS.failures.csv) with the reason.
  --resume          skip ids already in RESULTS.csv or the failures file
  --shard I/N       process only shard I (1-based) of N, a deterministic split by id for job
                    arrays; join the outputs with \`paraisite merge\`
  --models DIR      the ensemble (default: the one shipped with the package)
  --failures FILE   the failures CSV (default RESULTS.failures.csv)
  --batch-size B    structures per model call (default 64)
  --workers W       worker threads for the models (default 1; 2 uses both cores of a 2-core machine)
  --backend NAME    ${BACKEND_REQUESTS.join(", ")} (default auto, or PARAISITE_BACKEND)
  -h, --help        this text
`;

export const MERGE_USAGE = `usage: paraisite merge OUT.csv SHARD.csv...
  Joins scan outputs with the same header; an id present in several inputs is kept once.
  -h, --help        this text
`;

const SCAN_OPTIONS = {
  out: { type: "string" },
  models: { type: "string" },
  resume: { type: "boolean" },
  shard: { type: "string" },
  failures: { type: "string" },
  "batch-size": { type: "string" },
  workers: { type: "string" },
  backend: { type: "string" },
} as const;

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

export function scanCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const spec = { name: "scan", usage: SCAN_USAGE, options: SCAN_OPTIONS, positionals: { min: 1, max: 1, what: "INPUT" } };
  return runCommand(spec, argv, io, async (values, [input]) => {
    if (values.out === undefined) throw new UsageError("--out RESULTS.csv is required");
    const shard = values.shard === undefined ? undefined : parseShard(values.shard);
    if (values.shard !== undefined && shard === undefined) throw new UsageError(`--shard must be I/N with 1 <= I <= N, got '${values.shard}'`);
    const batchSize = integerAtLeast("batch-size", values["batch-size"], 1) ?? 64;
    const workers = integerAtLeast("workers", values.workers, 1) ?? 1;
    const backend = oneOf<BackendRequest>("backend", values.backend, BACKEND_REQUESTS);
    const modelsDir = shippedModelsDir(values.models);
    return scan({ input, out: values.out, modelsDir, resume: values.resume === true, failures: values.failures, shard, batchSize, workers, backend }, io);
  });
}

interface ScanArgs {
  readonly input: string;
  readonly out: string;
  readonly modelsDir: string;
  readonly resume: boolean;
  readonly failures?: string;
  readonly shard?: { readonly index: number; readonly count: number };
  readonly batchSize: number;
  readonly workers: number;
  readonly backend?: BackendRequest;
}

async function scan(args: ScanArgs, io: CliIO): Promise<number> {
  const { input, shard, workers, batchSize } = args;
  await selectBackend(args.backend === undefined ? {} : { backend: args.backend });
  const total = await countInputs(input);
  const expected = shard ? Math.ceil(total / shard.count) : total;
  const ensemble = await KappaEnsemble.load(args.modelsDir, { workers });
  try {
    const summary = await scanStructures(ensemble, {
      input,
      out: args.out,
      resume: args.resume,
      batchSize,
      ...(args.failures ? { failures: args.failures } : {}),
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

export function mergeCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const spec = { name: "merge", usage: MERGE_USAGE, options: {}, positionals: { min: 2, max: Number.POSITIVE_INFINITY, what: "CSV file" } };
  return runCommand(spec, argv, io, async (_values, [out, ...inputs]) => {
    const summary = await mergeScanOutputs(out, inputs);
    io.stdout(`merge: ${summary.rows} rows into ${out} (${summary.duplicates} duplicate ids dropped, ${summary.badRows} incomplete rows dropped)\n`);
    return 0;
  });
}
