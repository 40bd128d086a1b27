/** `paraisite inspect --cutoff R`: the structure summary plus the crystal graph of each ordered structure. */
import { buildCrystalGraph } from "../graph/build.js";
import { graphSummary } from "../graph/summary.js";
import type { Structure } from "../structure/structure.js";
import { type CliIO, takeOption } from "./io.js";
import { inspectCommand } from "./inspect.js";

export async function inspectWithGraphCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const { value, rest } = takeOption(argv, "--cutoff");
  if (value === undefined) return inspectCommand(rest, io);
  const cutoff = Number(value);
  if (!(cutoff > 0)) {
    io.stderr(`paraisite inspect: --cutoff needs a positive number of Å, got '${value}'\n`);
    return 2;
  }
  const summarize = (s: Structure): unknown => {
    if (!s.isOrdered) return undefined; // graphs are defined for ordered structures only
    const graph = buildCrystalGraph(s, { cutoff, allowEmpty: true, isolatedAtoms: "ignore" });
    return graphSummary(graph);
  };
  return inspectCommand(rest, io, { graphSummary: summarize });
}
