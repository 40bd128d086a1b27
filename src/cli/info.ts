/**
 * `paraisite info`: library version, Node, machine and the compute backend chosen at runtime
 * (with the versions of its packages and why faster candidates were skipped).
 *
 *   paraisite info [--backend auto|tensorflow-gpu|tensorflow|wasm|cpu] [--json]
 */
import { arch, availableParallelism, cpus, platform } from "node:os";
import { type BackendRequest, selectBackend } from "../backend/select.js";
import { wasmKernelsActive, wasmKernelsFused } from "../backend/wasm-kernels/kernels.js";
import { VERSION } from "../version.js";
import type { CliIO } from "./io.js";

const HELP = `usage: paraisite info [--backend auto|tensorflow-gpu|tensorflow|wasm|cpu] [--json]

Prints the paraisite and Node versions, the machine, and the tfjs backend selected at runtime
(order: tfjs-node-gpu, tfjs-node, wasm, cpu; PARAISITE_BACKEND or --backend override it).
`;

const REQUESTS: readonly BackendRequest[] = ["auto", "tensorflow-gpu", "tensorflow", "wasm", "cpu"];

export async function infoCommand(argv: readonly string[], io: CliIO): Promise<number> {
  let backend: BackendRequest | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") {
      io.stdout(HELP);
      return 0;
    } else if (arg === "--json") json = true;
    else if (arg === "--backend") {
      const value = argv[++i] as BackendRequest | undefined;
      if (value === undefined || !REQUESTS.includes(value)) {
        io.stderr(`paraisite info: --backend needs one of ${REQUESTS.join(", ")}\n`);
        return 2;
      }
      backend = value;
    } else {
      io.stderr(`paraisite info: unknown argument ${arg}\n${HELP}`);
      return 2;
    }
  }
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
