/**
 * Worker threads that compute part of every batch's gradient for {@link train} (data-parallel
 * training, data-parallel.ts): each holds a copy of the ParAIsite model (weights loaded from shared
 * memory before every request), the dataset's graphs and the parent's backend. On this 2-core
 * machine one helper next to the training thread uses the second core.
 */
import type { Worker } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs-core";
import { type BackendRequest, workerBackendRequest } from "../backend/select.js";
import { TrainingError } from "../core/errors.js";
import { startWorker, workerReady } from "../core/worker-entry.js";
import type { CrystalGraph } from "../graph/types.js";
import { serializeModel } from "../models/serialization.js";
import type { ParAIsite } from "../models/paraisite.js";
import type { GradientHelper, LossSpec, PartGradients } from "./data-parallel.js";
import type { GradientReply, GradientRequest, GradientWorkerInit, VariableSlot } from "./gradient-worker.js";

export interface GradientPoolOptions {
  /** Helper threads (≥ 1): a batch is split into helpers + 1 parts. */
  readonly helpers: number;
  /** Backend of the workers; default: the calling thread's current backend. */
  readonly backend?: BackendRequest;
}

function currentBackend(): BackendRequest {
  const request = workerBackendRequest();
  if (request === undefined) throw new TrainingError(`backend "${tf.getBackend()}" cannot be started in a worker thread`);
  return request;
}

class WorkerHelper implements GradientHelper {
  private nextId = 0;
  private pending?: { id: number; resolve: (r: PartGradients) => void; reject: (e: Error) => void };
  private failure?: Error;
  private readonly weights: Float32Array;
  private readonly gradientValues: Float32Array;

  constructor(
    private readonly worker: Worker,
    private readonly slots: readonly VariableSlot[],
    init: GradientWorkerInit,
  ) {
    this.weights = new Float32Array(init.weights);
    this.gradientValues = new Float32Array(init.gradients);
    worker.on("message", (reply: GradientReply) => {
      const task = this.pending;
      if (task === undefined || reply.type === "ready") return;
      this.pending = undefined;
      worker.unref();
      if (reply.type === "error") task.reject(new TrainingError(`gradient worker: ${reply.message}`));
      else task.resolve({ loss: reply.loss, gradients: this.views(reply.missing) });
    });
    worker.on("error", (e) => this.fail(new TrainingError(`gradient worker crashed: ${e.message}`)));
    worker.on("exit", (code) => this.fail(new TrainingError(`gradient worker exited with code ${code}`)));
    worker.unref();
  }

  gradients(indices: Int32Array, targets: Float64Array, variables: readonly tf.Variable[], loss: LossSpec): Promise<PartGradients> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.pending !== undefined) return Promise.reject(new TrainingError("gradient worker is busy: one request at a time"));
    if (variables.length !== this.slots.length) {
      return Promise.reject(new TrainingError(`gradient worker holds ${this.slots.length} variables, got ${variables.length}`));
    }
    // The weights are copied now: the caller may update its variables once the promise settles.
    variables.forEach((v, i) => {
      this.weights.set(v.dataSync() as Float32Array, this.slots[i].offset);
    });
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending = { id, resolve, reject };
      this.worker.ref();
      this.worker.postMessage({ id, indices, targets, loss } satisfies GradientRequest);
    });
  }

  terminate(): Promise<number> {
    this.fail(new TrainingError("gradient pool disposed"));
    return this.worker.terminate();
  }

  private views(missing: readonly number[]): Float32Array[] {
    if (missing.length > 0) throw new TrainingError(`gradient worker: variables ${missing.join(", ")} got no gradient`);
    return this.slots.map((s) => this.gradientValues.subarray(s.offset, s.offset + s.size));
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const task = this.pending;
    this.pending = undefined;
    this.worker.unref();
    task?.reject(error);
  }
}

/** Helper threads for data-parallel training of one model architecture on one dataset. */
export class GradientPool {
  private constructor(private readonly workers: readonly WorkerHelper[]) {}

  /** One helper per worker thread, to pass to `train({ helpers })`. */
  get helpers(): readonly GradientHelper[] {
    return this.workers;
  }

  /**
   * Start `options.helpers` workers holding `model`'s architecture and `graphs` (indexed as the
   * trainer's items). Weights come with every request, so one pool serves every run of a model.
   */
  static async start(model: ParAIsite, graphs: readonly CrystalGraph[], options: GradientPoolOptions): Promise<GradientPool> {
    if (!(Number.isInteger(options.helpers) && options.helpers >= 1)) {
      throw new RangeError(`helpers must be a positive integer, got ${options.helpers}`);
    }
    let offset = 0;
    const slots: VariableSlot[] = model.trainableVariables.map((v) => {
      const slot = { offset, size: v.size, shape: [...v.shape] };
      offset += v.size;
      return slot;
    });
    const spec = serializeModel(model);
    const backend = options.backend ?? currentBackend();
    const started: { worker: Worker; init: GradientWorkerInit }[] = [];
    try {
      for (let h = 0; h < options.helpers; h++) {
        const init: GradientWorkerInit = {
          backend,
          model: spec,
          graphs,
          slots,
          weights: new SharedArrayBuffer(offset * 4),
          gradients: new SharedArrayBuffer(offset * 4),
        };
        started.push({ worker: startWorker("gradient-worker", import.meta.url, "train", init), init });
      }
      await Promise.all(started.map(({ worker }) => workerReady(worker, "gradient worker", (m) => new TrainingError(m))));
    } catch (e) {
      await Promise.all(started.map(({ worker }) => worker.terminate()));
      throw e instanceof TrainingError ? e : new TrainingError((e as Error).message);
    }
    return new GradientPool(started.map(({ worker, init }) => new WorkerHelper(worker, slots, init)));
  }

  /** Stop the workers; a pending request is rejected. */
  async dispose(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
