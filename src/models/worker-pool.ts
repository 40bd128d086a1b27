/**
 * Inference on worker threads, each with its own tfjs backend (the parent's) and its own copy of
 * the models: tfjs-wasm runs single-threaded in Node, so this is how a second core is used.
 * Work is split by whole batches, each predicted by one worker with the same code and kernels as
 * the calling thread, so the values are bit-identical to the single-thread path for the same
 * batch composition. Batches go to whichever worker is free; results come back in request order.
 */
import type { Worker } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs-core";
import { type BackendRequest, workerBackendRequest } from "../backend/select.js";
import { ParaisiteError } from "../core/errors.js";
import { startWorker, workerReady } from "../core/worker-entry.js";
import type { GraphBatch } from "../graph/types.js";
import type { WorkerInit, WorkerReply, WorkerRequest } from "./inference-worker.js";
import { type Model, serializeModel } from "./serialization.js";

export interface InferencePoolOptions {
  /** Worker threads (≥ 1). Each holds every model and a backend of its own (~100–200 MB). */
  readonly workers: number;
  /** Backend of the workers; default: the calling thread's current backend. */
  readonly backend?: BackendRequest;
}

/** A worker failed to start or to predict. */
export class InferenceWorkerError extends ParaisiteError {}

interface Task {
  readonly id: number;
  readonly batch: GraphBatch;
  readonly resolve: (values: Float64Array[]) => void;
  readonly reject: (error: Error) => void;
}

interface Slot {
  readonly worker: Worker;
  task?: Task;
}

function currentBackend(): BackendRequest {
  const request = workerBackendRequest();
  if (request === undefined) throw new InferenceWorkerError(`backend "${tf.getBackend()}" cannot be started in a worker thread`);
  return request;
}

export class InferencePool {
  private readonly slots: Slot[];
  private readonly queue: Task[] = [];
  private nextId = 0;
  private failure?: Error;

  private constructor(slots: Slot[]) {
    this.slots = slots;
  }

  /** Start `workers` threads holding a snapshot of `models` (their weights as they are now). */
  static async start(models: readonly Model[], options: InferencePoolOptions): Promise<InferencePool> {
    if (!(Number.isInteger(options.workers) && options.workers >= 1)) {
      throw new RangeError(`workers must be a positive integer, got ${options.workers}`);
    }
    if (models.length === 0) throw new RangeError("an inference pool needs at least one model");
    const init: WorkerInit = { backend: options.backend ?? currentBackend(), models: models.map(serializeModel) };
    let workers: Worker[];
    try {
      workers = Array.from({ length: options.workers }, () => startWorker("inference-worker", import.meta.url, "models", init));
    } catch (e) {
      throw new InferenceWorkerError((e as Error).message);
    }
    try {
      await Promise.all(workers.map((w) => workerReady(w, "inference worker", (m) => new InferenceWorkerError(m))));
    } catch (e) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw e;
    }
    const pool = new InferencePool(workers.map((worker) => ({ worker })));
    for (const slot of pool.slots) pool.listen(slot);
    return pool;
  }

  get size(): number {
    return this.slots.length;
  }

  /** Every model's predictions for one batch (index = model order), as `model.predict(batch)`. */
  predict(batch: GraphBatch): Promise<Float64Array[]> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, batch, resolve, reject });
      this.dispatch();
    });
  }

  /** Predictions for many batches, spread over the workers; same order as `batches`. */
  predictBatches(batches: readonly GraphBatch[]): Promise<Float64Array[][]> {
    return Promise.all(batches.map((b) => this.predict(b)));
  }

  /** Stop the workers; pending requests are rejected. */
  async dispose(): Promise<void> {
    this.fail(new InferenceWorkerError("inference pool disposed"));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private listen(slot: Slot): void {
    const { worker } = slot;
    // idle workers must not keep the process alive
    worker.unref();
    worker.on("message", (reply: WorkerReply) => {
      const task = slot.task;
      slot.task = undefined;
      if (task === undefined || reply.type === "ready") return;
      if (reply.type === "result") task.resolve([...reply.values]);
      else task.reject(new InferenceWorkerError(reply.message));
      this.dispatch();
    });
    worker.on("error", (e) => this.fail(new InferenceWorkerError(`inference worker crashed: ${e.message}`)));
    worker.on("exit", (code) => {
      if (this.failure === undefined) this.fail(new InferenceWorkerError(`inference worker exited with code ${code}`));
    });
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) break;
      if (slot.task !== undefined) continue;
      const task = this.queue.shift() as Task;
      slot.task = task;
      slot.worker.postMessage({ id: task.id, batch: task.batch } satisfies WorkerRequest);
    }
    for (const slot of this.slots) {
      if (slot.task !== undefined) slot.worker.ref();
      else slot.worker.unref();
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const slot of this.slots) {
      slot.task?.reject(error);
      slot.task = undefined;
      slot.worker.unref();
    }
    for (const task of this.queue.splice(0)) task.reject(error);
  }
}
