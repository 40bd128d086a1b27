/**
 * Train the shipped κ ensemble: 9 members on every labelled record (joint training: Togo15 and
 * HH143 as targets, AFLOW AGL as an auxiliary source with a learned offset), each member with its
 * own seeded, formula-grouped 80/20 split of the targets choosing its checkpoint. The recipe is the
 * study's winner (docs/evaluation.md, results/2026-12-04/study). Resumable.
 *   npx tsx scripts/train-default.ts OUT_DIR [--aflow-labels paper|paper+older] [--epochs N] [--members K] [--repeat R]
 * Then: copy OUT_DIR/member/run<k>/model to models/<name>/run<k> and write the card and domain.json.
 */
import { selectBackend } from "../src/backend/select.js";
import type { LabelPolicy } from "../src/data/descriptors.js";
import { runSeed } from "../src/data/splits.js";
import { type MemberRecipe, recipeTrunk, trainMember } from "../src/evaluate/member.js";
import { loadLabelledPool, withRepeats } from "../src/evaluate/pool.js";
import { splitTwo } from "../src/evaluate/splits.js";

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string, fallback: string): string => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const out = args[0];
  if (out === undefined || out.startsWith("--")) throw new Error("usage: npx tsx scripts/train-default.ts OUT_DIR [--aflow-labels P] [--epochs N] [--members K]");
  const epochs = Number(flag("--epochs", "20"));
  const members = Number(flag("--members", "9"));
  const labelPolicy = flag("--aflow-labels", "paper") as LabelPolicy;
  const repeat = Number(flag("--repeat", "8"));
  const recipe: MemberRecipe = {
    start: { kind: "pretrained", weights: "megnet/mp-2018.6.1/formation_energy" },
    log: "log10",
    loss: "l1",
    train: { epochs, scheduler: { kind: "cosine", tMax: epochs, etaMin: 1e-5, stepsPerEpoch: 1 } },
    sourceOffsets: true,
  };
  await selectBackend({ backend: "wasm" });
  const trunk = await recipeTrunk(recipe.start);
  const pool = await loadLabelledPool(
    [
      { dataset: "togo15", role: "target", repeat },
      { dataset: "hh143", role: "target", repeat },
      { dataset: "aflow-agl", role: "auxiliary", labelPolicy },
    ],
    { cutoff: trunk.config.graph.cutoff },
  );
  const targets = pool.targetIndices;
  const groups = Array.from(targets, (i) => pool.formulas[i]);
  const auxiliary = Array.from(pool.source).flatMap((s, i) => (pool.sources[s].role === "auxiliary" ? [i] : []));
  console.log(`${targets.length} target records, ${auxiliary.length} auxiliary (${pool.excluded[2]} AFLOW records of target compounds dropped), ${members} members × ${epochs} epochs`);
  for (let k = 1; k <= members; k++) {
    const local = Int32Array.from({ length: targets.length }, (_, i) => i);
    const { first, second } = splitTwo(local, 0.2, runSeed(42, k), groups);
    const member = await trainMember({
      pool,
      recipe,
      train: withRepeats(pool, [...Array.from(first, (i) => targets[i]), ...auxiliary]),
      validation: Int32Array.from(second, (i) => targets[i]),
      outDir: out,
      name: "member",
      run: k,
      seed: runSeed(42, k),
      trunk,
      progress: false,
    });
    if (member === undefined) return;
    console.log(`${new Date().toISOString()} member ${k}: best epoch ${member.summary.bestEpoch + 1}, validation loss ${member.summary.bestValLoss.toFixed(4)}, offsets ${JSON.stringify(member.offsets)}`);
    member.model.dispose();
  }
}

await main();
