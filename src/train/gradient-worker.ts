/**
 * Entry of a gradient worker thread (see gradient-pool.ts): selects the parent's backend, rebuilds
 * the model from its serialization and holds the dataset's graphs; for each request it loads the weights the
 * parent wrote into shared memory, computes the gradient of the mean loss over the requested items
 * exactly as the trainer does on its own thread, and writes it into shared memory.
 */
import { parentPort, workerData } from "node:worker_threads";
import * as tf from "@tensorflow/tfjs-core";
import { type BackendRequest, selectBackend } from "../backend/select.js";
import { targetTransformFromJSON } from "../core/target-transform.js";
import { batchGraphs } from "../graph/batch.js";
import type { CrystalGraph } from "../graph/types.js";
import { deserializeModel, type SerializedModel } from "../models/serialization.js";
import { ParAIsite } from "../models/paraisite.js";
import { squeezeColumn } from "./adapt.js";
import type { LossSpec } from "./data-parallel.js";
import { type LossFn, makeLoss } from "./losses.js";

/** Where each variable's values sit in the shared weight and gradient buffers. */
export interface VariableSlot {
  readonly offset: number;
  readonly size: number;
  readonly shape: readonly number[];
}

export interface GradientWorkerInit {
  readonly backend: BackendRequest;
  readonly model: SerializedModel;
  readonly graphs: readonly CrystalGraph[];
  readonly slots: readonly VariableSlot[];
  /** Float32 weights written by the parent before each request. */
  readonly weights: SharedArrayBuffer;
  /** Float32 gradients written here before each reply. */
  readonly gradients: SharedArrayBuffer;
}

export interface GradientRequest {
  readonly id: number;
  readonly indices: Int32Array;
  readonly targets: Float64Array;
  readonly loss: LossSpec;
}

export type GradientReply =
  | { readonly type: "ready" }
  /** `missing`: variables that got no gradient (their slots hold zeros). */
  | { readonly type: "done"; readonly id: number; readonly loss: number; readonly missing: readonly number[] }
  | { readonly type: "error"; readonly id: number; readonly message: string };

async function main(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error("gradient-worker.ts must run in a worker thread");
  const init = workerData as GradientWorkerInit;
  await selectBackend({ backend: init.backend });
  const model = deserializeModel(init.model);
  if (!(model instanceof ParAIsite)) throw new Error("gradient workers train ParAIsite models");
  const variables = model.trainableVariables;
  if (variables.length !== init.slots.length || variables.some((v, i) => v.size !== init.slots[i].size)) {
    throw new Error(`the worker's model has other variables than the trainer's (${variables.length} vs ${init.slots.length})`);
  }
  const weights = new Float32Array(init.weights);
  const gradients = new Float32Array(init.gradients);
  const losses = new Map<string, LossFn>();
  const lossOf = (spec: LossSpec): LossFn => {
    const key = JSON.stringify(spec);
    let fn = losses.get(key);
    if (fn === undefined) {
      fn = makeLoss(spec.kind, targetTransformFromJSON(spec.transform), spec.epsilon);
      losses.set(key, fn);
    }
    return fn;
  };

  const compute = (request: GradientRequest): GradientReply => {
    const loss = lossOf(request.loss);
    tf.tidy(() => {
      // copies: on the cpu backend a tensor may keep the array it was made from
      variables.forEach((v, i) => {
        const { offset, size } = init.slots[i];
        v.assign(tf.tensor(weights.slice(offset, offset + size), v.shape, "float32"));
      });
    });
    const missing: number[] = [];
    const value = tf.tidy(() => {
      // built outside variableGrads, as the trainer does (custom-gradient ops keep its tensors)
      const batch = model.prepare(batchGraphs(Array.from(request.indices, (i) => init.graphs[i])));
      const { value: lossTensor, grads } = tf.variableGrads(
        () => loss(squeezeColumn(model.forward(batch, { training: true })), request.targets),
        [...variables],
      );
      variables.forEach((v, i) => {
        const { offset, size } = init.slots[i];
        const g = grads[v.name];
        if (g === undefined) {
          gradients.fill(0, offset, offset + size);
          missing.push(i);
        } else gradients.set(g.dataSync() as Float32Array, offset);
      });
      return lossTensor.dataSync()[0];
    });
    return { type: "done", id: request.id, loss: value, missing };
  };

  port.on("message", (request: GradientRequest) => {
    let reply: GradientReply;
    try {
      reply = compute(request);
    } catch (e) {
      reply = { type: "error", id: request.id, message: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ type: "ready" } satisfies GradientReply);
}

await main();
