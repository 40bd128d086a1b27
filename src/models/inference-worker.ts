/**
 * Entry of an inference worker thread (see worker-pool.ts): selects the parent's backend,
 * rebuilds the models from their serialization, then answers each batch with every model's predictions.
 * The batch is packed here, so the Gaussian expansion runs in the worker too.
 */
import { parentPort, workerData } from "node:worker_threads";
import { type BackendRequest, selectBackend } from "../backend/select.js";
import type { GraphBatch } from "../graph/types.js";
import { disposeInputs } from "./inputs.js";
import { deserializeModel, type Model, type SerializedModel } from "./serialization.js";

export interface WorkerInit {
  readonly backend: BackendRequest;
  readonly models: readonly SerializedModel[];
}

export interface WorkerRequest {
  readonly id: number;
  readonly batch: GraphBatch;
}

export type WorkerReply =
  | { readonly type: "ready" }
  | { readonly type: "result"; readonly id: number; readonly values: readonly Float64Array[] }
  | { readonly type: "error"; readonly id: number; readonly message: string };

function predictAll(models: readonly Model[], batch: GraphBatch): Float64Array[] {
  const inputs = models[0].prepare(batch);
  try {
    return models.map((m) => m.predict(inputs));
  } finally {
    disposeInputs(inputs);
  }
}

async function main(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error("inference-worker.ts must run in a worker thread");
  const init = workerData as WorkerInit;
  await selectBackend({ backend: init.backend });
  const models = init.models.map(deserializeModel);
  port.on("message", (request: WorkerRequest) => {
    let reply: WorkerReply;
    try {
      reply = { type: "result", id: request.id, values: predictAll(models, request.batch) };
    } catch (e) {
      reply = { type: "error", id: request.id, message: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ type: "ready" } satisfies WorkerReply);
}

await main();
