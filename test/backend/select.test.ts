/** Backend selection order, overrides and the skip path of missing native packages (fake loader). */
import * as tf from "@tensorflow/tfjs-core";
import { MathBackendCPU } from "@tensorflow/tfjs-backend-cpu";
import { afterEach, describe, expect, it } from "vitest";
import { type BackendRequest, backendChoice, type ModuleLoader, selectBackend } from "../../src/backend/select.js";
import { infoCommand } from "../../src/cli/info.js";
import { BackendError } from "../../src/core/errors.js";

const notInstalled: ModuleLoader = async (specifier) => {
  const e = new Error(`Cannot find package '${specifier}' imported from paraisite`) as Error & { code: string };
  e.code = "ERR_MODULE_NOT_FOUND";
  throw e;
};

afterEach(async () => {
  delete process.env.PARAISITE_BACKEND;
  if (tf.findBackend("tensorflow") !== null) tf.removeBackend("tensorflow");
  await selectBackend({ backend: "wasm", force: true });
});

describe("selectBackend", () => {
  it("skips missing tfjs-node-gpu and tfjs-node and lands on wasm, reporting why", async () => {
    const choice = await selectBackend({ force: true, loader: notInstalled });
    expect(choice.backend).toBe("wasm");
    expect(tf.getBackend()).toBe("wasm");
    expect(choice.skipped.map((s) => s.candidate)).toEqual(["tensorflow-gpu", "tensorflow"]);
    expect(choice.skipped[0].reason).toMatch(/Cannot find package '@tensorflow\/tfjs-node-gpu'/);
    expect(choice.versions["@tensorflow/tfjs-core"]).toMatch(/^4\./);
    expect(choice.versions["@tensorflow/tfjs-backend-wasm"]).toMatch(/^4\./);
    expect(backendChoice()).toBe(choice);
  });

  it("skips a native package whose binding fails to load, or that registers no backend", async () => {
    const loader: ModuleLoader = async (specifier) => {
      if (specifier.endsWith("-gpu")) throw new Error("libtensorflow.so.2: cannot open shared object file (tfjs_binding.node)");
      return { version: { "tfjs-node": "4.22.0" } };
    };
    const choice = await selectBackend({ force: true, loader });
    expect(choice.backend).toBe("wasm");
    expect(choice.skipped[0].reason).toMatch(/tfjs_binding/);
    expect(choice.skipped[1].reason).toMatch(/registered no "tensorflow" backend/);
  });

  it("uses tfjs-node-gpu first when it loads and registers the tensorflow backend", async () => {
    const loader: ModuleLoader = async (specifier) => {
      if (specifier !== "@tensorflow/tfjs-node-gpu") return notInstalled(specifier);
      tf.registerBackend("tensorflow", () => new MathBackendCPU(), 0);
      return { version: { "tfjs-node-gpu": "4.22.0" } };
    };
    const choice = await selectBackend({ force: true, loader });
    expect(choice).toMatchObject({ backend: "tensorflow", candidate: "tensorflow-gpu", skipped: [] });
    expect(choice.versions["@tensorflow/tfjs-node-gpu"]).toBe("4.22.0");
  });

  it("honours PARAISITE_BACKEND and explicit requests; rejects unknown names", async () => {
    process.env.PARAISITE_BACKEND = "cpu";
    expect((await selectBackend({ force: true, loader: notInstalled })).backend).toBe("cpu");
    expect((await selectBackend({ backend: "wasm", loader: notInstalled })).backend).toBe("wasm");
    process.env.PARAISITE_BACKEND = "tpu";
    await expect(selectBackend({ force: true })).rejects.toThrow(/unknown backend "tpu" \(PARAISITE_BACKEND\); valid backends: auto, tensorflow-gpu, tensorflow, wasm, cpu/);
    delete process.env.PARAISITE_BACKEND;
    // an unchecked name from JavaScript is refused before anything changes
    const before = tf.getBackend();
    const tpu = selectBackend({ backend: "tpu" as BackendRequest });
    await expect(tpu).rejects.toBeInstanceOf(BackendError);
    await expect(tpu).rejects.toThrow(/unknown backend "tpu" \(the backend option\); valid backends: auto, tensorflow-gpu, tensorflow, wasm, cpu/);
    expect(tf.getBackend()).toBe(before);
    await expect(selectBackend({ backend: "tensorflow", loader: notInstalled })).rejects.toThrow(/no usable tfjs backend.*tensorflow: Cannot find package/);
  });
});

describe("paraisite info", () => {
  it("prints versions and the chosen backend as JSON", async () => {
    let out = "";
    const code = await infoCommand(["--backend", "wasm", "--json"], { stdout: (s) => (out += s), stderr: () => {} });
    expect(code).toBe(0);
    const report = JSON.parse(out) as { paraisite: string; node: string; backend: string; versions: Record<string, string> };
    expect(report.backend).toBe("wasm");
    expect(report.node).toBe(process.versions.node);
    expect(report.versions.simd).toBe("true");
  });

  it("prints a human summary and rejects bad arguments", async () => {
    let out = "";
    let err = "";
    const io = { stdout: (s: string) => (out += s), stderr: (s: string) => (err += s) };
    expect(await infoCommand(["--backend", "cpu"], io)).toBe(0);
    expect(out).toMatch(/^paraisite \d+\.\d+\.\d+\nnode {6}\d+/);
    expect(out).toMatch(/backend {3}cpu\n {2}@tensorflow\/tfjs-core 4\./);
    expect(await infoCommand(["--backend", "gpu9"], io)).toBe(2);
    expect(await infoCommand(["--frobnicate"], io)).toBe(2);
    expect(err).toContain("paraisite info: --backend must be one of auto, tensorflow-gpu, tensorflow, wasm, cpu, got 'gpu9'");
  });
});
