/**
 * Write an ensemble's applicability domain (`domain.json`): the elements of its training data and
 * the spread threshold, with how it was calibrated. Usage:
 *   npx tsx scripts/domain.ts MODELS_DIR DATASET[:policy]... [--max-spread S] [--calibration FILE.json]
 * e.g. npx tsx scripts/domain.ts models/paper-feaftg15 aflow-agl:paper togo15
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadDataset } from "../src/data/load.js";
import { DEFAULT_MAX_LOG10_SPREAD, DOMAIN_FILE, domainJson } from "../src/ensemble/applicability.js";
import type { LabelPolicy } from "../src/data/descriptors.js";

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string): string | undefined => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const value = args[i + 1];
    args.splice(i, 2);
    return value;
  };
  const maxSpread = Number(flag("--max-spread") ?? DEFAULT_MAX_LOG10_SPREAD);
  const calibrationFile = flag("--calibration");
  const [dir, ...datasets] = args;
  if (dir === undefined || datasets.length === 0) throw new Error("usage: npx tsx scripts/domain.ts MODELS_DIR DATASET[:policy]...");
  const elements = new Set<string>();
  for (const entry of datasets) {
    const [id, policy] = entry.split(":");
    const dataset = await loadDataset(id, { labelPolicy: (policy as LabelPolicy | undefined) ?? "paper" });
    for (const record of dataset.records) {
      if (record.target === null) continue;
      for (const site of record.structure.sites) for (const sp of site.species) elements.add(sp.element);
    }
  }
  const calibration = calibrationFile ? (JSON.parse(readFileSync(calibrationFile, "utf8")) as { [key: string]: string | number }) : undefined;
  const domain = {
    elements: [...elements].sort(),
    maxLog10Spread: maxSpread,
    calibration: { trainingData: datasets.join(", "), ...(calibration ?? {}) },
  };
  writeFileSync(join(dir, DOMAIN_FILE), domainJson(domain));
  console.log(`${join(dir, DOMAIN_FILE)}: ${domain.elements.length} elements, max σ(log10 κ) ${maxSpread}`);
}

await main();
