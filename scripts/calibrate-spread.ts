/**
 * Calibrate the ensemble-spread flag on held-out ensembles: the external predictions of study
 * variants (all 9 outer models of a variant as one ensemble on a family none of them saw).
 *   npx tsx scripts/calibrate-spread.ts STUDY_DIR VARIANT... [--out calibration.json]
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { calibrateSpread, type HeldOutEnsemblePrediction } from "../src/evaluate/calibrate.js";

const THRESHOLDS = [0.05, 0.075, 0.1, 0.125, 0.15, 0.175, 0.2, 0.25, 0.3, 0.4];

function externalEnsemble(dir: string): HeldOutEnsemblePrediction[] {
  const byId = new Map<string, { truth: number; values: number[] }>();
  for (const split of readdirSync(dir).filter((d) => /^split\d+$/.test(d))) {
    for (const file of readdirSync(join(dir, split)).filter((f) => f.startsWith("external-") && f.endsWith(".csv"))) {
      const [header, ...rows] = readFileSync(join(dir, split, file), "utf8").trim().split("\n");
      const members = header.split(",").length - 5;
      for (const row of rows) {
        const close = row.lastIndexOf('"');
        const id = `${file}:${JSON.parse(row.slice(0, close + 1)) as string}`;
        const cells = row.slice(close + 2).split(",");
        const entry = byId.get(id) ?? { truth: Number(cells[1]), values: [] };
        for (let m = 0; m < members; m++) entry.values.push(Number(cells[4 + m]));
        byId.set(id, entry);
      }
    }
  }
  return [...byId.values()];
}

const args = process.argv.slice(2);
const outAt = args.indexOf("--out");
const out = outAt >= 0 ? args.splice(outAt, 2)[1] : undefined;
const [studyDir, ...variants] = args;
if (studyDir === undefined || variants.length === 0) throw new Error("usage: npx tsx scripts/calibrate-spread.ts STUDY_DIR VARIANT... [--out FILE]");
const predictions = variants.flatMap((v) => {
  const dir = join(studyDir, v);
  if (!existsSync(dir)) throw new Error(`${dir}: no such variant`);
  return externalEnsemble(dir);
});
const result = calibrateSpread(predictions, THRESHOLDS);
console.log(`${result.n} held-out ensemble predictions (${variants.join(", ")}); ${(100 * result.offRate).toFixed(1)} % off by more than ×2`);
console.log("| σ(log10 κ) > t | flagged | off ×2 when flagged | off ×2 when not | Youden J |\n| --- | --- | --- | --- | --- |");
for (const r of result.rows) {
  console.log(`| ${r.threshold} | ${(100 * r.flagged).toFixed(1)} % | ${(100 * r.offWhenFlagged).toFixed(1)} % | ${(100 * r.offWhenUnflagged).toFixed(1)} % | ${r.youdenJ.toFixed(3)} |`);
}
console.log(`best threshold (max J): ${result.best.threshold}`);
if (out) writeFileSync(out, `${JSON.stringify({ variants, ...result }, null, 1)}\n`);
