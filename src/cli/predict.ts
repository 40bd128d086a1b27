/**
 * `paraisite predict`: κ of structures with a trained ensemble (default), or any pretrained
 * MEGNet property with `--megnet PATH.hdf5|ID`.
 */
import { existsSync } from "node:fs";
import { type BackendRequest, selectBackend } from "../backend/select.js";
import { ParaisiteError } from "../core/errors.js";
import { csvLine } from "../data/csv-write.js";
import { describeApplicability } from "../ensemble/applicability.js";
import { KappaEnsemble } from "../ensemble/ensemble.js";
import { APPLICABILITY_COLUMNS } from "../ensemble/scan.js";
import { buildCrystalGraph } from "../graph/build.js";
import { batchGraphs } from "../graph/batch.js";
import { MEGNet } from "../models/megnet.js";
import { loadPretrainedMEGNet } from "../registry/pretrained.js";
import { loadKerasMEGNet } from "../weights/keras.js";
import { type CliIO, packagePath } from "./io.js";
import { type NamedStructure, structuresFromArgs } from "./structure-args.js";

export const PREDICT_USAGE = `usage: paraisite predict FILE|DIR... [--models DIR] [--json | --csv] [--workers W] [--backend NAME]
       paraisite predict --megnet PATH.hdf5|ID FILE|DIR... [--json] [--backend NAME]

  κ (W/(m·K)) of each structure (every CIF data block, POSCAR files, folders of them) from an
  ensemble of trained ParAIsite models: mean, sample std across models and each model's value.
  --models DIR    ensemble directory: a \`paraisite reproduce\` model folder (run1/model, …) or
                  any folder of saved models (default: the ensemble shipped with the package)
  --megnet X      a pretrained MEGNet instead: a Keras .hdf5 file (sidecar .hdf5.json beside it) or a
                  registry id such as megnet/mp-2018.6.1/formation_energy; prints its property
  --json, --csv   machine-readable output on stdout
  --workers W     worker threads for the ensemble's models (default 1)
  --backend NAME  auto (default), tensorflow-gpu, tensorflow, wasm or cpu (or PARAISITE_BACKEND)
`;

/** The ensemble shipped inside the package (`models/default` at the package root), when there is one. */
export function shippedModelsDir(): string | undefined {
  return packagePath("models", "default");
}

interface PredictArgs {
  readonly paths: string[];
  readonly models?: string;
  readonly megnet?: string;
  readonly format: "text" | "json" | "csv";
  readonly backend?: BackendRequest;
  readonly workers: number;
}

function parseArgs(argv: readonly string[]): PredictArgs | string {
  const paths: string[] = [];
  let models: string | undefined;
  let megnet: string | undefined;
  let backend: BackendRequest | undefined;
  let workers = 1;
  let format: PredictArgs["format"] = "text";
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string | undefined => argv[++i];
    if (arg === "--models") models = value();
    else if (arg === "--megnet") megnet = value();
    else if (arg === "--backend") backend = value() as BackendRequest;
    else if (arg === "--workers") workers = Number(value());
    else if (arg === "--json") format = "json";
    else if (arg === "--csv") format = "csv";
    else if (arg.startsWith("-")) return `unknown option '${arg}'`;
    else paths.push(arg);
  }
  if (paths.length === 0) return "no structure file given";
  if (models !== undefined && megnet !== undefined) return "--models and --megnet exclude each other";
  if (megnet !== undefined && format === "csv") return "--csv is for ensembles; use --json with --megnet";
  if (!(Number.isInteger(workers) && workers > 0)) return "--workers needs a positive integer";
  return { paths, models, megnet, format, workers, ...(backend ? { backend } : {}) };
}

const label = (s: NamedStructure): string => (s.block === null ? s.file : `${s.file} [${s.block}]`);
const fmt = (x: number): string => (Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(4) : x.toFixed(4));

export async function predictCommand(argv: readonly string[], io: CliIO): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    io.stdout(PREDICT_USAGE);
    return 0;
  }
  const args = parseArgs(argv);
  if (typeof args === "string") {
    io.stderr(`paraisite predict: ${args}\n${PREDICT_USAGE}`);
    return 2;
  }
  await selectBackend(args.backend ? { backend: args.backend } : {});
  const structures = await structuresFromArgs(args.paths);
  const failed = args.megnet !== undefined ? await predictMegnet(args.megnet, structures, args.format, io) : await predictKappa(args, structures, io);
  return failed > 0 ? 1 : 0;
}

/** Pretrained MEGNet property per structure; returns the number of failures. */
async function predictMegnet(source: string, structures: readonly NamedStructure[], format: PredictArgs["format"], io: CliIO): Promise<number> {
  const imported = existsSync(source) ? await loadKerasMEGNet(source) : await loadPretrainedMEGNet(source);
  const model = MEGNet.fromWeights(imported.config, imported.weights);
  const unit = imported.config.unit ?? "";
  const rows: { file: string; block: string | null; formula: string | null; value: number | null; error: string | null }[] = [];
  try {
    for (const s of structures) {
      let value: number | null = null;
      let error = s.error?.message ?? null;
      if (s.structure) {
        try {
          const graph = buildCrystalGraph(s.structure, { cutoff: imported.config.graph.cutoff, isolatedAtoms: "ignore" });
          value = model.predict(batchGraphs([graph]))[0];
        } catch (e) {
          if (!(e instanceof ParaisiteError)) throw e;
          error = e.message;
        }
      }
      rows.push({ file: s.file, block: s.block, formula: s.structure?.reducedFormula ?? null, value, error });
    }
  } finally {
    model.dispose();
  }
  if (format === "json") {
    io.stdout(`${JSON.stringify({ model: imported.source.path, unit, predictions: rows }, null, 2)}\n`);
  } else {
    const name = imported.config.target ?? "prediction";
    for (const [i, r] of rows.entries()) {
      const where = label(structures[i]);
      io.stdout(r.value !== null ? `${where}: ${r.formula} ${name} = ${fmt(r.value)} ${unit}\n` : `${where}: error: ${r.error}\n`);
    }
  }
  return rows.filter((r) => r.value === null).length;
}

/** κ from an ensemble per structure; returns the number of failures. */
async function predictKappa(args: PredictArgs, structures: readonly NamedStructure[], io: CliIO): Promise<number> {
  const dir = args.models ?? shippedModelsDir();
  if (dir === undefined) {
    io.stderr(
      "paraisite predict: this version ships no trained ensemble yet; pass --models DIR (e.g. the FEAFTG15 folder written by `paraisite reproduce`) or use --megnet for a pretrained MEGNet property\n",
    );
    return structures.length || 1;
  }
  const ensemble = await KappaEnsemble.load(dir, { workers: args.workers });
  try {
    const ok = structures.filter((s) => s.structure !== undefined);
    const predictions = await ensemble.predictStructuresAsync(ok.map((s) => s.structure as NonNullable<typeof s.structure>));
    const byItem = new Map(ok.map((s, k) => [s, predictions[k]]));
    const rows = structures.map((s) => {
      const p = byItem.get(s);
      const error = s.error?.message ?? (p && !p.ok ? p.error.message : null);
      const pred = p?.ok ? p.prediction : null;
      return { file: s.file, block: s.block, formula: s.structure?.reducedFormula ?? null, pred, error };
    });
    if (args.format === "json") {
      const predictionsJson = rows.map((r) => ({
        file: r.file,
        block: r.block,
        formula: r.formula,
        kappaMean: r.pred?.mean ?? null,
        kappaStd: r.pred?.std ?? null,
        kappaValues: r.pred ? Array.from(r.pred.values) : null,
        applicability: r.pred?.applicability ?? null,
        error: r.error,
      }));
      io.stdout(`${JSON.stringify({ models: ensemble.sources, unit: "W/(m·K)", predictions: predictionsJson }, null, 2)}\n`);
    } else if (args.format === "csv") {
      const runs = ensemble.models.map((_, i) => `kappa_run${i + 1}`);
      const domain = ensemble.domain !== undefined;
      io.stdout(csvLine(["file", "block", "formula", "kappa_mean", "kappa_std", ...runs, ...(domain ? APPLICABILITY_COLUMNS : []), "error"]));
      for (const r of rows) {
        const values = r.pred ? Array.from(r.pred.values) : runs.map(() => null);
        const a = r.pred?.applicability;
        const flags = domain ? (a ? [a.inDomain, a.flags.join(";"), a.unseenElements.join(";"), a.log10Spread, a.distance ?? null] : APPLICABILITY_COLUMNS.map(() => null)) : [];
        io.stdout(csvLine([r.file, r.block, r.formula, r.pred?.mean ?? null, r.pred?.std ?? null, ...values, ...flags, r.error]));
      }
    } else {
      io.stdout(`κ in W/(m·K), ensemble of ${ensemble.size} models (${dir})\n`);
      for (const [i, r] of rows.entries()) {
        const where = label(structures[i]);
        const a = r.pred?.applicability;
        const note = a !== undefined && ensemble.domain !== undefined && !a.inDomain ? `  ⚠ ${describeApplicability(a, ensemble.domain)}\n` : "";
        io.stdout(
          r.pred
            ? `${where}: ${r.formula} κ = ${fmt(r.pred.mean)} ± ${fmt(r.pred.std)}  [${Array.from(r.pred.values, fmt).join(", ")}]\n${note}`
            : `${where}: error: ${r.error}\n`,
        );
      }
    }
    return rows.filter((r) => r.pred === null).length;
  } finally {
    ensemble.dispose();
  }
}
