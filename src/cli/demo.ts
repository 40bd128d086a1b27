/**
 * `paraisite demo`: the main job on the bundled example crystals: κ with its uncertainty from the
 * ensemble shipped in `models/default` (`paraisite predict examples/structures`).
 */
import { BACKEND_REQUESTS, type BackendRequest } from "../backend/select.js";
import { integerAtLeast, oneOf, runCommand } from "./args.js";
import { type CliIO, packagePath } from "./io.js";
import { predictCommand } from "./predict.js";

export const DEMO_USAGE = `usage: paraisite demo [--json | --csv] [--workers W] [--backend NAME]

  κ (W/(m·K), mean ± std over the shipped ensemble's models) of the example crystals bundled in
  examples/structures: \`paraisite predict\` on that folder, with the same options.
  --json, --csv   machine-readable output on stdout
  --workers W     worker threads for the ensemble's models (default 1)
  --backend NAME  ${BACKEND_REQUESTS.join(", ")} (default auto, or PARAISITE_BACKEND)
  -h, --help      this text
`;

const OPTIONS = { json: { type: "boolean" }, csv: { type: "boolean" }, workers: { type: "string" }, backend: { type: "string" } } as const;

export function demoCommand(argv: readonly string[], io: CliIO): Promise<number> {
  return runCommand({ name: "demo", usage: DEMO_USAGE, options: OPTIONS }, argv, io, async (values) => {
    oneOf<BackendRequest>("backend", values.backend, BACKEND_REQUESTS);
    integerAtLeast("workers", values.workers, 1);
    const examples = packagePath("examples", "structures");
    if (examples === undefined) {
      io.stderr("paraisite demo: the bundled examples/structures folder is missing from this installation\n");
      return 2;
    }
    // the heading stays off stdout when stdout carries JSON or CSV
    const say = values.json || values.csv ? io.stderr : io.stdout;
    say(`Lattice thermal conductivity of the example crystals in ${examples}\n`);
    return predictCommand([examples, ...argv], io);
  });
}
