/**
 * `paraisite reproduce [--quick] [--models A,B] [--out DIR] …`: the paper's six models × N splits,
 * resumable, then the results table (markdown + CSV), the learning curves and the box plot.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BACKEND_REQUESTS, type BackendRequest } from "../backend/select.js";
import { ParaisiteError } from "../core/errors.js";
import type { LabelPolicy } from "../data/descriptors.js";
import {
  type ExperimentEvent,
  type ExperimentPreset,
  type ExperimentPresetName,
  FINE_TUNE_TARGETS,
  type FineTuneTarget,
  paperModels,
  RESULT_FILES,
  resultsMarkdown,
  runExperiment,
} from "../experiment/index.js";
import type { Set2SetVariant } from "../models/config.js";
import type { InitScheme } from "../nn/params.js";
import type { ScalerMode, StartFrom } from "../train/config.js";
import type { LossKind } from "../train/losses.js";
import { createProgressReporter } from "../train/progress.js";
import { type CommandValues, integer, integerAtLeast, oneOf, runCommand, UsageError } from "./args.js";
import type { CliIO } from "./io.js";

export const REPRODUCE_USAGE = `usage: paraisite reproduce [options]

Train the paper's six models (RWTG15, FETG15, FEAF, FEAFTG15, RWAF, RWAFTG15) on 9 seeded
splits × 300 epochs each, in dependency order, and write results.md, results.csv, curves.svg,
boxplot.svg and manifest.json into the output folder. Finished runs are skipped and an
interrupted run resumes from its last epoch: run the same command again to continue.
Ctrl-C stops cleanly after the current epoch. See docs/reproducing.md.

options:
  --out DIR              output folder (default: reproduce)
  --quick                tiny subsets (24 Togo15/HH143 + 48 AFLOW structures), 2 runs, 3 epochs
  --preset P             paper (default: the authors' protocol with the pretrained weights loaded)
                         | authors-as-run (their code as it ran: matgl MEGNet, torch init, FE
                         weights never loaded, AFLOW scaler of the 5578 paper values)
  --target T             fine-tuning dataset of the six models: togo15 (default; RWTG15…) |
                         hh143 (RWHH143, FEHH143, FEAFHH143, RWAFHH143) | mix (RWMIX…)
  --models A,B           only these models (and the models they start from)
  --epochs N             epochs per run (default 300; quick 3)
  --aflow-epochs N       epochs per run of the models trained on AFLOW (FEAF, RWAF) only, when
                         the machine cannot afford 9 × 300 there (a deviation: say so)
  --runs K               runs per model, r = 1..K (default 9; quick 2)
  --data-dir D           folder with the dataset files (else PARAISITE_DATA_DIR, then the copies
                         the package carries)
  --weights-dir D        folder with megnet/mp-2018.6.1/formation_energy.hdf5 (else
                         PARAISITE_WEIGHTS_DIR, then the copy the package carries)
  --threads N            threads per training run (default 1): N − 1 workers compute parts of
                         each batch's gradient; deterministic per N, not the bits of N = 1
  --backend B            ${BACKEND_REQUESTS.join(" | ")} (default: auto)
protocol (default: the paper preset, what the authors' code runs):
  --loss L               mape (MAPE on κ, default) | l1 (L1 on the normalized target)
  --scheduler-steps N    cosine-annealing steps per epoch (default 2)
  --scaler S             kept (fine-tuning loss uses the pretraining scaler, default) | refit
  --start-from S         same-run (run r from pretraining run r, default) | best-run
  --seed N               global seed (default 42)
  --aflow-labels P       paper (3286 records, default) | paper+older (4400)
  --random-set2set V     standard (matgl LSTM, default) | megnet-keras
  --set2set-steps T      Set2Set steps of random and pretrained trunks (default 3, mp-2018.6.1's;
                         the authors' code uses 2)
  --random-init S        keras (Glorot-uniform kernels, zero biases, default) | torch (torch's
                         defaults, as the authors' code): random trunks and every head
  --quiet                no per-epoch lines
  -h, --help             this text
`;

const OPTIONS = {
  out: { type: "string" },
  quick: { type: "boolean" },
  preset: { type: "string" },
  target: { type: "string" },
  models: { type: "string" },
  epochs: { type: "string" },
  "aflow-epochs": { type: "string" },
  threads: { type: "string" },
  runs: { type: "string" },
  "data-dir": { type: "string" },
  "weights-dir": { type: "string" },
  backend: { type: "string" },
  loss: { type: "string" },
  "scheduler-steps": { type: "string" },
  scaler: { type: "string" },
  "start-from": { type: "string" },
  seed: { type: "string" },
  "aflow-labels": { type: "string" },
  "random-set2set": { type: "string" },
  "set2set-steps": { type: "string" },
  "random-init": { type: "string" },
  quiet: { type: "boolean" },
} as const;

type Values = CommandValues<typeof OPTIONS>;

function presetOptions(values: Values): Partial<ExperimentPreset> {
  const seed = integer("seed", values.seed);
  const entries: [keyof ExperimentPreset, unknown][] = [
    ["loss", oneOf<LossKind>("loss", values.loss, ["mape", "l1"])],
    ["schedulerStepsPerEpoch", integerAtLeast("scheduler-steps", values["scheduler-steps"], 0)],
    ["scaler", oneOf<ScalerMode>("scaler", values.scaler, ["kept", "refit"])],
    ["startFrom", oneOf<StartFrom>("start-from", values["start-from"], ["same-run", "best-run"])],
    ["seed", seed],
    ["aflowLabelPolicy", oneOf<LabelPolicy>("aflow-labels", values["aflow-labels"], ["paper", "paper+older"])],
    ["randomSet2Set", oneOf<Set2SetVariant>("random-set2set", values["random-set2set"], ["standard", "megnet-keras"])],
    ["set2setSteps", integerAtLeast("set2set-steps", values["set2set-steps"], 1)],
    ["randomInit", oneOf<InitScheme>("random-init", values["random-init"], ["keras", "torch"])],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined)) as Partial<ExperimentPreset>;
}

const pct = (x: number) => `${x.toFixed(1)}%`;

function describe(event: ExperimentEvent): string | undefined {
  switch (event.kind) {
    case "data":
      return `dataset ${event.dataset}: ${event.records} structures`;
    case "model-start":
      return `${event.model}: ${event.runs} runs${event.finished ? ` (${event.finished} already finished)` : ""}`;
    case "run-start": {
      const s = event.startedFrom;
      const from =
        s.kind === "model"
          ? `${s.model} run ${s.run}`
          : s.kind === "pretrained"
            ? String(s.weights)
            : s.kind === "pretrained-not-loaded"
              ? `random (seed ${s.seed}; ${String(s.weights)} not loaded, as the authors' code ran)`
              : s.kind === "saved"
                ? String(s.path)
                : `random (seed ${s.seed})`;
      return `${event.model} run ${event.run}: starting from ${from}`;
    }
    case "run-done":
      return `${event.model} run ${event.run}: best val MAPE ${pct(event.result.bestValMape)} at epoch ${event.result.bestEpoch + 1}`;
    case "model-done":
      return `${event.model}: val MAPE ${pct(event.result.mean)} ± ${pct(event.result.std)} over ${event.result.runs.length} runs`;
    case "stopped":
      return `stopped during ${event.model}; run the same command again to resume`;
  }
}

/** Run `reproduce`; resolves to the exit code (0 done, 1 error, 2 usage, 130 stopped by Ctrl-C). */
export function reproduceCommand(argv: readonly string[], io: CliIO): Promise<number> {
  return runCommand({ name: "reproduce", usage: REPRODUCE_USAGE, options: OPTIONS }, argv, io, (values) => reproduce(experimentOptions(values, io), io));
}

/** The experiment the options describe (throws UsageError on a bad value). */
function experimentOptions(values: Values, io: CliIO): Parameters<typeof runExperiment>[0] {
  const models = values.models?.split(",").map((m) => m.trim()).filter((m) => m.length > 0);
  const target = oneOf<FineTuneTarget>("target", values.target, FINE_TUNE_TARGETS) ?? "togo15";
  const presetName = oneOf<ExperimentPresetName>("preset", values.preset, ["paper", "authors-as-run"]);
  const definitions = paperModels(target);
  const known = definitions.map((m) => m.id.toLowerCase());
  for (const m of models ?? []) if (!known.includes(m.toLowerCase())) throw new UsageError(`unknown model '${m}' for target ${target} (known: ${definitions.map((d) => d.id).join(", ")})`);
  const aflowEpochs = integerAtLeast("aflow-epochs", values["aflow-epochs"], 1);
  return {
    outDir: values.out ?? "reproduce",
    quick: values.quick ?? false,
    target,
    presetName,
    models,
    epochs: integerAtLeast("epochs", values.epochs, 1),
    datasetEpochs: aflowEpochs === undefined ? undefined : { "aflow-agl": aflowEpochs },
    runs: integerAtLeast("runs", values.runs, 1),
    threads: integerAtLeast("threads", values.threads, 1),
    dataDir: values["data-dir"],
    weightsDir: values["weights-dir"],
    backend: oneOf<BackendRequest>("backend", values.backend, BACKEND_REQUESTS),
    preset: presetOptions(values),
    progress: values.quiet ? false : createProgressReporter({ write: io.stderr, isTTY: false }),
    onProgress: (event) => {
      const line = describe(event);
      if (line) io.stderr(`${line}\n`);
    },
  };
}

async function reproduce(options: Parameters<typeof runExperiment>[0], io: CliIO): Promise<number> {
  const controller = new AbortController();
  const onSigint = () => {
    io.stderr("\nstopping after the current epoch (Ctrl-C again to kill; the run resumes from its last epoch)\n");
    controller.abort();
    process.off("SIGINT", onSigint);
  };
  process.on("SIGINT", onSigint);
  try {
    const result = await runExperiment({ ...options, signal: controller.signal });
    // The table on disk covers every model finished in the folder, also by other sessions.
    const table = join(result.outDir, RESULT_FILES.markdown);
    io.stdout(existsSync(table) ? readFileSync(table, "utf8") : resultsMarkdown(result.results));
    io.stdout(`\nwrote ${Object.values(RESULT_FILES).map((f) => `${result.outDir}/${f}`).join(", ")} and ${result.outDir}/manifest.json\n`);
    return result.stopped ? 130 : 0;
  } catch (e) {
    if (e instanceof ParaisiteError || e instanceof RangeError) {
      io.stderr(`paraisite reproduce: ${e.message}\n`);
      return 1;
    }
    throw e;
  } finally {
    process.off("SIGINT", onSigint);
  }
}
