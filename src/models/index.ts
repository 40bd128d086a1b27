export * from "./config.js";
export * from "./inputs.js";
export * from "./megnet.js";
export * from "./weights-io.js";
export * from "./paraisite.js";
export * from "./serialization.js";
export { InferencePool, type InferencePoolOptions, InferenceWorkerError } from "./worker-pool.js";
