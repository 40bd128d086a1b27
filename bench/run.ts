/**
 * `npm run bench`: runs every benchmark in bench/ (one child process each, so peak RSS is per
 * benchmark) and prints the machine it ran on. Pass names to run a subset: `npm run bench -- graph`.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const benches = readdirSync(here)
  // files starting with "_" are helpers of other benchmarks
  .filter((f) => f.endsWith(".ts") && f !== "run.ts" && !f.startsWith("_"))
  .map((f) => f.slice(0, -3))
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort();

const cpu = cpus();
console.log(`machine: ${cpu.length} × ${cpu[0]?.model ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}`);
console.log(`date: ${new Date().toISOString()}`);
let failed = 0;
for (const name of benches) {
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(process.execPath, ["--import", "tsx", join(here, `${name}.ts`)], { stdio: "inherit" });
  if (result.status !== 0) {
    failed++;
    console.log(`benchmark ${name} failed (exit ${result.status})`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
