import { VERSION } from "../version.js";
import { analyzeCommand } from "./analyze.js";
import { demoCommand } from "./demo.js";
import { evaluateCommand } from "./evaluate.js";
import { infoCommand } from "./info.js";
import { inspectCommand } from "./inspect.js";
import { type CliIO, processIO } from "./io.js";
import { predictCommand } from "./predict.js";
import { reproduceCommand } from "./reproduce.js";
import { mergeCommand, scanCommand } from "./scan.js";

type Command = (argv: readonly string[], io: CliIO) => Promise<number>;

interface CommandEntry {
  readonly summary: string;
  readonly run: Command;
}

const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  demo: { summary: "the main job on the bundled example crystals", run: demoCommand },
  info: { summary: "version, runtime and compute backend", run: infoCommand },
  inspect: {
    summary: "what the parser reads from CIF/POSCAR files (--json, --cutoff R for the crystal graph)",
    run: inspectCommand,
  },
  reproduce: {
    summary: "train the paper's six models (9 splits × 300 epochs, resumable): results table and figures",
    run: reproduceCommand,
  },
  predict: {
    summary: "κ of structures with a trained ensemble (mean ± std), or a pretrained MEGNet property (--megnet)",
    run: predictCommand,
  },
  evaluate: {
    summary: "held-out accuracy: score an ensemble on labelled data, or cross-validate a training recipe",
    run: evaluateCommand,
  },
  scan: {
    summary: "κ with uncertainty for a database (JSONL or folder): streamed, resumable, shardable",
    run: scanCommand,
  },
  merge: { summary: "join the CSV outputs of scan shards", run: mergeCommand },
  analyze: {
    summary: "correlations of ensemble κ with material descriptors: markdown report + SVG figures",
    run: analyzeCommand,
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `paraisite ${VERSION}: lattice thermal conductivity of crystals with MEGNet (ParAIsite)
usage: paraisite <command> [options]   (paraisite <command> --help for its options)

commands:
${lines.join("\n")}
`;
}

/** Run one CLI invocation; resolves to the process exit code. */
export async function runCli(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  const [command = "help", ...rest] = argv;
  if (command === "help" || command === "--help" || command === "-h") {
    io.stdout(usage());
    return 0;
  }
  if (command === "--version" || command === "-v") {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const entry = COMMANDS[command];
  if (!entry) {
    io.stderr(`paraisite: unknown command '${command}'\n${usage()}`);
    return 2;
  }
  return entry.run(rest, io);
}
