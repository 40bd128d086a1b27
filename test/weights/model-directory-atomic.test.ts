/** A save killed at an arbitrary moment leaves the previous or the new model, never a mix. */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { loadModelDirectory } from "../../src/weights/index.js";
import { repoRoot } from "../helpers/paths.js";

const tmp = mkdtempSync(join(tmpdir(), "paraisite-atomic-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe("saveModelDirectory under SIGKILL", () => {
  it("the directory always loads, with weights matching its config", async () => {
    const dir = join(tmp, "model");
    const script = join(tmp, "writer.mts");
    const moduleUrl = pathToFileURL(resolve(repoRoot, "src/weights/model-directory.ts")).href;
    // Alternates two 8 MB models whose fill value is recorded in the config.
    writeFileSync(
      script,
      `import { saveModelDirectory } from ${JSON.stringify(moduleUrl)};
for (let i = 0; ; i++) {
  const v = i % 2;
  const data = new Float32Array(2_000_000).fill(v);
  await saveModelDirectory(${JSON.stringify(dir)}, { kind: "test", config: { v }, weights: new Map([["w", { shape: [data.length], data }]]) });
}
`,
    );
    for (const delay of [37, 83, 151, 229]) {
      const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: repoRoot, stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (chunk) => {
        stderr += String(chunk);
      });
      const exited = new Promise((r) => child.once("exit", r));
      for (let waited = 0; !existsSync(join(dir, "model.json")) && child.exitCode === null && waited < 20_000; waited += 20) await sleep(20);
      try {
        expect(child.exitCode, stderr).toBeNull();
        await sleep(delay);
      } finally {
        child.kill("SIGKILL");
        await exited;
      }
      const loaded = await loadModelDirectory<{ v: number }>(dir);
      const w = loaded.weights.get("w")!.data;
      expect(w.length).toBe(2_000_000);
      expect(w[0]).toBe(loaded.config.v);
      expect(w[w.length - 1]).toBe(loaded.config.v);
    }
  });
});
