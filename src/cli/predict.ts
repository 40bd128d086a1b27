/**
 * `paraisite predict`: κ of structures with a trained ensemble (default), or any pretrained
 * MEGNet property with `--megnet PATH.hdf5|ID`.
 */
import { existsSync } from "node:fs";
import { BACKEND_REQUESTS, type BackendRequest, selectBackend } from "../backend/select.js";
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
import { integerAtLeast, oneOf, runCommand, UsageError } from "./args.js";
import { type CliIO, packagePath } from "./io.js";
import { type NamedStructure, structuresFromArgs } from "./structure-args.js";

export const PREDICT_USAGE = `usage: paraisite predict FILE|DIR... [--models DIR] [--json | --csv] [--workers W] [--backend NAME]
       paraisite predict --megnet PATH.hdf5|ID FILE|DIR... [--json] [--backend NAME]

  κ (W/(m·K)) of each structure (every CIF data block, POSCAR files, folders of them) from an
  ensemble of trained ParAIsite models: mean, sample std across models and each model's value.
  --models DIR    ensemble directory, or the name of a shipped one (default, paper-feaftg15): a
                  \`paraisite reproduce\` model folder (run1/model, …) or
                  any folder of saved models (default: the ensemble shipped with the package)
  --megnet X      a pretrained MEGNet instead: a Keras .hdf5 file (sidecar .hdf5.json beside it) or a
                  registry id such as megnet/mp-2018.6.1/formation_energy; prints its property
  --json, --csv   machine-readable output on stdout
  --workers W     worker threads for the ensemble's models (default 1)
  --backend NAME  ${BACKEND_REQUESTS.join(", ")} (default auto, or PARAISITE_BACKEND)
  -h, --help      this text
`;

const OPTIONS = {
  models: { type: "string" },
  megnet: { type: "string" },
  json: { type: "boolean" },
  csv: { type: "boolean" },
  workers: { type: "string" },
  backend: { type: "string" },
} as const;

/**
 * An ensemble directory: `value` when it is a path that exists, else the ensemble of that name
 * shipped in the package's `models/` (`default`, `paper-feaftg15`); no value: `models/default`.
 */
export function shippedModelsDir(value?: string): string {
  if (value !== undefined && existsSync(value)) return value;
  const name = value ?? "default";
  const dir = /^[a-z0-9][a-z0-9._-]*$/i.test(name) ? packagePath("models", name) : undefined;
  if (dir === undefined) {
    throw new ParaisiteError(value === undefined ? "this installation lacks the shipped ensemble (models/default); pass --models DIR" : `${value}: no such directory, and no shipped ensemble of that name`);
  }
  return dir;
}

type Format = "text" | "json" | "csv";

interface PredictArgs {
  readonly models?: string;
  readonly format: Format;
  readonly workers: number;
}

export function predictCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const spec = { name: "predict", usage: PREDICT_USAGE, options: OPTIONS, positionals: { min: 1, max: Number.POSITIVE_INFINITY, what: "structure file or folder" } };
  return runCommand(spec, argv, io, async (values, paths) => {
    if (values.json && values.csv) throw new UsageError("--json and --csv exclude each other");
    if (values.models !== undefined && values.megnet !== undefined) throw new UsageError("--models and --megnet exclude each other");
    if (values.megnet !== undefined && values.csv) throw new UsageError("--csv is for ensembles; use --json with --megnet");
    const backend = oneOf<BackendRequest>("backend", values.backend, BACKEND_REQUESTS);
    const workers = integerAtLeast("workers", values.workers, 1) ?? 1;
    const format: Format = values.json ? "json" : values.csv ? "csv" : "text";
    await selectBackend(backend === undefined ? {} : { backend });
    const structures = await structuresFromArgs(paths);
    const failed =
      values.megnet !== undefined
        ? await predictMegnet(values.megnet, structures, format, io)
        : await predictKappa({ models: values.models, format, workers }, structures, io);
    return failed > 0 ? 1 : 0;
  });
}

const label = (s: NamedStructure): string => (s.block === null ? s.file : `${s.file} [${s.block}]`);
const fmt = (x: number): string => (Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(4) : x.toFixed(4));

/** Pretrained MEGNet property per structure; returns the number of failures. */
async function predictMegnet(source: string, structures: readonly NamedStructure[], format: Format, io: CliIO): Promise<number> {
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
  const dir = shippedModelsDir(args.models);
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
