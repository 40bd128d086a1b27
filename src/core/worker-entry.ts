/**
 * Starting a worker thread on one of the package's worker entries, from the built package (the
 * `.js` entry beside the bundle or chunk that asks) or from the TypeScript sources (through tsx,
 * whose loader worker threads do not inherit).
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { ParaisiteError } from "./errors.js";

/** A worker entry could not be found. */
export class WorkerEntryError extends ParaisiteError {}

/**
 * Start the worker `name` (e.g. "inference-worker"). `callerUrl` is the caller's `import.meta.url`;
 * `sourceDir` is the source folder of the entry relative to the package root's `src` (e.g. "models"),
 * used to find `dist/<name>.js` layouts and the `.ts` source.
 */
export function startWorker(name: string, callerUrl: string, sourceDir: string, workerData: unknown): Worker {
  // Workers inherit the parent's execArgv; `--input-type` (node -e/--eval scripts) makes them fail to start.
  const execArgv = process.execArgv.filter((a) => !a.startsWith("--input-type"));
  for (const candidate of [`./${name}.js`, `./${sourceDir}/${name}.js`]) {
    const js = new URL(candidate, callerUrl);
    if (existsSync(fileURLToPath(js))) return new Worker(js, { workerData, execArgv });
  }
  const ts = new URL(`./${name}.ts`, callerUrl);
  if (existsSync(fileURLToPath(ts))) {
    const code = `import("tsx/esm/api").then((m) => { m.register(); return import(${JSON.stringify(ts.href)}); });`;
    return new Worker(code, { eval: true, workerData, execArgv });
  }
  throw new WorkerEntryError(`no ${name}.js next to ${fileURLToPath(callerUrl)} (package built without the worker entry?)`);
}

/**
 * Resolves when `worker` posts its `{ type: "ready" }` message; rejects with `error(reason)` when it
 * fails, exits or says something else first.
 */
export function workerReady(worker: Worker, name: string, error: (message: string) => Error): Promise<void> {
  return new Promise((ok, fail) => {
    const onError = (e: Error): void => fail(error(`${name} failed to start: ${e.message}`));
    worker.once("error", onError);
    worker.once("exit", (code) => fail(error(`${name} exited with code ${code} while starting`)));
    worker.once("message", (m: { readonly type?: string }) => {
      worker.off("error", onError);
      worker.removeAllListeners("exit");
      if (m.type === "ready") ok();
      else fail(error(`${name} sent no ready message`));
    });
  });
}
