/**
 * `paraisite demo`: the main job on the bundled example crystals. With a shipped κ ensemble it
 * predicts κ; until one ships, the formation energy from the pretrained MEGNet (mp-2018.6.1) that
 * ParAIsite transfers from (weights found through the registry, downloaded once when online).
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { CliIO } from "./io.js";
import { predictCommand, shippedModelsDir } from "./predict.js";

function examplesDir(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, "examples", "structures");
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  return undefined;
}

export async function demoCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const examples = examplesDir();
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
