/**
 * `paraisite info`: library version, Node, machine and the compute backend chosen at runtime
 * (with the versions of its packages and why faster candidates were skipped).
 *
 *   paraisite info [--backend NAME] [--json]
 */
import { arch, availableParallelism, cpus, platform } from "node:os";
import { BACKEND_REQUESTS, type BackendRequest, selectBackend } from "../backend/select.js";
import { wasmKernelsActive, wasmKernelsFused } from "../backend/wasm-kernels/kernels.js";
import { VERSION } from "../version.js";
import { oneOf, runCommand } from "./args.js";
import type { CliIO } from "./io.js";

const HELP = `usage: paraisite info [--backend NAME] [--json]

Prints the paraisite and Node versions, the machine, and the tfjs backend selected at runtime
(order: tfjs-node-gpu, tfjs-node, wasm, cpu; PARAISITE_BACKEND or --backend override it).
  --backend NAME  ${BACKEND_REQUESTS.join(", ")}
  --json          one JSON document on stdout
  -h, --help      this text
`;

const OPTIONS = { backend: { type: "string" }, json: { type: "boolean" } } as const;

export function infoCommand(argv: readonly string[], io: CliIO): Promise<number> {
  return runCommand({ name: "info", usage: HELP, options: OPTIONS }, argv, io, async (values) => {
    const backend = oneOf<BackendRequest>("backend", values.backend, BACKEND_REQUESTS);
    return printInfo(backend, values.json === true, io);
  });
}

async function printInfo(backend: BackendRequest | undefined, json: boolean, io: CliIO): Promise<number> {
  let choice: Awaited<ReturnType<typeof selectBackend>>;
  try {
    choice = await selectBackend(backend === undefined ? {} : { backend, force: true });
  } catch (e) {
    io.stderr(`paraisite info: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  const report = {
    paraisite: VERSION,
    node: process.versions.node,
    platform: `${platform()} ${arch()}`,
    cpus: `${availableParallelism()} × ${cpus()[0]?.model ?? "unknown"}`,
    backend: choice.backend,
    candidate: choice.candidate,
    versions: choice.versions,
    skipped: choice.skipped,
    // paraisite's own wasm SIMD kernels: off, plain, or fused multiply-add (relaxed SIMD)
    kernels: wasmKernelsActive() ? (wasmKernelsFused() ? "wasm SIMD + FMA" : "wasm SIMD") : "none",
  };
  if (json) {
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `paraisite ${report.paraisite}`,
    `node      ${report.node} (${report.platform}, ${report.cpus})`,
    `backend   ${report.backend}${report.candidate !== report.backend ? ` (${report.candidate})` : ""}`,
    ...Object.entries(report.versions).map(([pkg, v]) => `  ${pkg} ${v}`),
    `kernels   ${report.kernels}`,
    ...report.skipped.map((s) => `skipped   ${s.candidate}: ${s.reason}`),
  ];
  io.stdout(`${lines.join("\n")}\n`);
  return 0;
}
