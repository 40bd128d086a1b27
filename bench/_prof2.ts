import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runExperiment } from "../src/experiment/index.js";
const outDir = mkdtempSync(join(tmpdir(), "prof-"));
await runExperiment({ outDir, models: ["FEAF"], runs: 1, epochs: 2, dataDir: "/work/shared/data", weightsDir: "/work/shared/weights", progress: false });
