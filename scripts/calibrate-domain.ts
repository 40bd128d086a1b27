/**
 * Calibrate the applicability flags of a cross-validated recipe on its held-out predictions, and
 * (with --ship DIR) write the shipped ensemble's domain.json: elements seen in training, the
 * distance to the training data in member 1's learned representation (threshold calibrated here),
 * and the ensemble-spread threshold (calibrated on cross-family ensembles, scripts/calibrate-spread.ts).
 *   npx tsx scripts/calibrate-domain.ts STUDY_DIR VARIANT [--spread S] [--spread-calibration FILE] [--ship MODELS_DIR] [--out FILE]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { selectBackend } from "../src/backend/select.js";
import { batchGraphs } from "../src/graph/batch.js";
import type { CrystalGraph } from "../src/graph/types.js";
import { DOMAIN_FILE, domainJson, nearestDistance } from "../src/ensemble/applicability.js";
import type { CrossValidationSpec } from "../src/evaluate/cross-validate.js";
import { recipeTrunk, savedStartStudyDir } from "../src/evaluate/member.js";
import { loadLabelledPool } from "../src/evaluate/pool.js";
import { memberSplit, nestedSplits } from "../src/evaluate/splits.js";
import type { ParAIsite } from "../src/models/paraisite.js";
import { loadModel } from "../src/weights/model-io.js";

const THRESHOLDS = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8];

function embedAll(model: ParAIsite, graphs: readonly CrystalGraph[]): Float32Array {
  const width = model.embeddingWidth;
  const out = new Float32Array(graphs.length * width);
  for (let start = 0; start < graphs.length; start += 64) out.set(model.embed(batchGraphs(graphs.slice(start, start + 64))), start * width);
  return out;
}

/** Median distance from each point to its nearest other point (a sample of up to 1000 points). */
function typicalSpacing(points: Float32Array, width: number): number {
  const n = points.length / width;
  const step = Math.max(1, Math.floor(n / 1000));
  const distances: number[] = [];
  for (let i = 0; i < n; i += step) {
    const x = points.subarray(i * width, (i + 1) * width);
    const others = new Float32Array([...points.subarray(0, i * width), ...points.subarray((i + 1) * width)]);
    distances.push(nearestDistance(others, width, x));
  }
  distances.sort((a, b) => a - b);
  return distances[distances.length >> 1];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string): string | undefined => {
    const i = args.indexOf(name);
    return i >= 0 ? args.splice(i, 2)[1] : undefined;
  };
  const spreadArg = flag("--spread");
  const spreadCalibration = flag("--spread-calibration");
  const ship = flag("--ship");
  const out = flag("--out");
  const [studyDir, variant] = args;
  const spec = JSON.parse(readFileSync(join(studyDir, variant, "spec.json"), "utf8")) as CrossValidationSpec;
  await selectBackend({ backend: "wasm" });
  const trunk = await recipeTrunk(spec.recipe.start);
  // a member fine-tuned from a saved (joint) member also learned its start's training data
  const startDir = savedStartStudyDir(spec.recipe.start);
  const startSpec = startDir === undefined ? undefined : (JSON.parse(readFileSync(join(startDir, "spec.json"), "utf8")) as CrossValidationSpec);
  const pool = await loadLabelledPool(startSpec?.sources ?? spec.sources, { cutoff: trunk.config.graph.cutoff });
  const targets = pool.targetIndices;
  const groups = spec.grouped === false ? undefined : Array.from(targets, (i) => pool.formulas[i]);
  const splits = nestedSplits(targets.length, { runs: spec.runs ?? 9, seed: spec.seed ?? 42, groups });
  const auxiliary = Array.from(pool.source).flatMap((s, i) => (pool.sources[s].role === "auxiliary" ? [i] : []));
  const items: { distance: number; off: boolean; family: string }[] = [];
  let reference: { points: Float32Array; width: number; scale: number } | undefined;
  for (const split of splits) {
    const { train } = memberSplit(split, 1, { seed: spec.seed ?? 42, groups });
    const dir = join(studyDir, variant, `split${split.run}`, "member", "run1", "model");
    const { model } = await loadModel(dir, { kind: "paraisite" });
    const trainGraphs = [...Array.from(train, (k) => pool.graphs[targets[k]]), ...auxiliary.map((i) => pool.graphs[i])];
    const points = embedAll(model, trainGraphs);
    const width = model.embeddingWidth;
    const scale = typicalSpacing(points, width);
    if (split.run === 1) reference = { points, width, scale };
    const testIdx = Array.from(split.test, (k) => targets[k]);
    const testPoints = embedAll(model, testIdx.map((i) => pool.graphs[i]));
    const kappa = model.predict(batchGraphs(testIdx.map((i) => pool.graphs[i])));
    testIdx.forEach((i, k) => {
      const d = nearestDistance(points, width, testPoints.subarray(k * width, (k + 1) * width)) / scale;
      const ratio = Math.max(kappa[k] / pool.kappa[i], pool.kappa[i] / kappa[k]);
      items.push({ distance: d, off: ratio > 2, family: pool.sources[pool.source[i]].dataset });
    });
    model.dispose();
    console.log(`split ${split.run}: ${testIdx.length} held out, typical spacing ${scale.toFixed(4)}`);
  }
  const offCount = items.filter((i) => i.off).length;
  const rows = THRESHOLDS.map((t) => {
    const flagged = items.filter((i) => i.distance > t);
    const unflagged = items.filter((i) => i.distance <= t);
    const rate = (set: typeof items) => (set.length === 0 ? Number.NaN : set.filter((i) => i.off).length / set.length);
    const sensitivity = offCount === 0 ? 0 : flagged.filter((i) => i.off).length / offCount;
    const specificity = unflagged.filter((i) => !i.off).length / Math.max(1, items.length - offCount);
    return { threshold: t, flagged: flagged.length / items.length, offWhenFlagged: rate(flagged), offWhenUnflagged: rate(unflagged), youdenJ: sensitivity + specificity - 1 };
  });
  const best = rows.reduce((a, b) => (b.youdenJ > a.youdenJ ? b : a));
  console.log(`${items.length} held-out predictions, ${(100 * offCount / items.length).toFixed(1)} % off by more than ×2`);
  console.log("| distance > t (× typical spacing) | flagged | off ×2 when flagged | off ×2 when not | Youden J |\n| --- | --- | --- | --- | --- |");
  for (const r of rows) console.log(`| ${r.threshold} | ${(100 * r.flagged).toFixed(1)} % | ${(100 * r.offWhenFlagged).toFixed(1)} % | ${(100 * r.offWhenUnflagged).toFixed(1)} % | ${r.youdenJ.toFixed(3)} |`);
  console.log(`best threshold (max J): ${best.threshold}`);
  const result = { variant, n: items.length, offRate: offCount / items.length, rows, best };
  if (out) writeFileSync(out, `${JSON.stringify(result, null, 1)}\n`);
  if (ship !== undefined && reference !== undefined) {
    const spread = Number(spreadArg ?? "0.2");
    const elements = new Set<string>();
    const stored = JSON.parse(readFileSync(join(studyDir, variant, "split1", "member", "run1", "model", "model.json"), "utf8")) as { extra: { trainingElements: string[] } };
    for (const e of stored.extra.trainingElements) elements.add(e);
    if (startDir !== undefined) {
      const startModel = JSON.parse(readFileSync(join(startDir, "split1", "member", "run1", "model", "model.json"), "utf8")) as { extra: { trainingElements: string[] } };
      for (const e of startModel.extra.trainingElements) elements.add(e);
    }
    const spreadInfo = spreadCalibration ? (JSON.parse(readFileSync(spreadCalibration, "utf8")) as { best: { offWhenFlagged: number; offWhenUnflagged: number; flagged: number } }) : undefined;
    const domain = {
      elements: [...elements].sort(),
      maxLog10Spread: spread,
      embedding: { member: 0, width: reference.width, points: reference.points, scale: reference.scale, maxDistance: best.threshold },
      calibration: {
        trainingData: (startSpec?.sources ?? spec.sources).map((s) => s.dataset).join(", "),
        distance: `nearest training structure in member 1's representation, in units of the median nearest-neighbour spacing of its training set; threshold ${best.threshold} chosen by Youden's J on ${items.length} held-out predictions of ${variant}`,
        distanceOffWhenFlagged: best.offWhenFlagged,
        distanceOffWhenUnflagged: best.offWhenUnflagged,
        distanceFlagged: best.flagged,
        ...(spreadInfo
          ? { spread: `σ(log10 κ) across members; threshold ${spread} from cross-family ensembles`, spreadOffWhenFlagged: spreadInfo.best.offWhenFlagged, spreadOffWhenUnflagged: spreadInfo.best.offWhenUnflagged }
          : {}),
      },
    };
    writeFileSync(join(ship, DOMAIN_FILE), domainJson(domain));
    console.log(`wrote ${join(ship, DOMAIN_FILE)}`);
  }
}

await main();
