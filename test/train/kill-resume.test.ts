import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { train } from "../../src/train/trainer.js";
import { repoRoot } from "../helpers/paths.js";
import { killTestSetup } from "./kill-setup.js";
import { flatWeights, makeToyData, ToyModel, toyBatcher } from "./toy-model.js";

const root = mkdtempSync(join(tmpdir(), "paraisite-kill-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Run the worker until it has printed "epoch <afterEpoch>", then SIGKILL it. */
function trainAndKill(runDir: string, afterEpoch: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(repoRoot, "test/train/kill-worker.ts"), runDir], {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(`epoch ${afterEpoch}\n`)) child.kill("SIGKILL");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (signal === "SIGKILL") resolve(out);
      else reject(new Error(`worker exited with ${code}: ${err}`));
    });
  });
}

it("a SIGKILLed training process resumes to the same bits as an uninterrupted run", async () => {
  const data = makeToyData(killTestSetup.items);
  const common = {
    makeBatch: toyBatcher(data),
    targets: data.targets,
    trainIndices: killTestSetup.train,
    valIndices: killTestSetup.val,
    config: killTestSetup.config,
    progress: false as const,
  };
  const straight = new ToyModel(data.nFeatures, data.transform);
  const reference = await train({ ...common, model: straight, runDir: join(root, "straight") });

  const runDir = join(root, "killed");
  const out = await trainAndKill(runDir, 2);
  expect(out).not.toContain("finished");
  const resumedModel = new ToyModel(data.nFeatures, data.transform, 123);
  const resumed = await train({ ...common, model: resumedModel, runDir });
  expect(resumed.firstEpoch).toBeGreaterThanOrEqual(3);
  expect(flatWeights(resumedModel)).toEqual(flatWeights(straight));
  expect(resumed.history.map((r) => r.valLoss)).toEqual(reference.history.map((r) => r.valLoss));
}, 60_000);
