/**
 * `paraisite demo`: the main job on the bundled example crystals. With a shipped κ ensemble it
 * predicts κ; until one ships, the formation energy from the pretrained MEGNet (mp-2018.6.1) that
 * ParAIsite transfers from (weights found through the registry, downloaded once when online).
 */
import { type CliIO, packagePath } from "./io.js";
import { predictCommand, shippedModelsDir } from "./predict.js";

export async function demoCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const examples = packagePath("examples", "structures");
  if (examples === undefined) {
    io.stderr("paraisite demo: the bundled examples/structures folder is missing from this installation\n");
    return 2;
  }
  if (shippedModelsDir() !== undefined) {
    io.stdout(`Lattice thermal conductivity of the example crystals in ${examples}\n`);
    return predictCommand([examples, ...argv], io);
  }
  io.stdout(
    `No trained κ ensemble ships with this version yet (train one with \`paraisite reproduce\`).\n` +
      `Formation energy of the example crystals in ${examples} with the pretrained MEGNet (mp-2018.6.1)\n` +
      `that ParAIsite transfers from:\n`,
  );
  return predictCommand(["--megnet", "megnet/mp-2018.6.1/formation_energy", examples, ...argv], io);
}
