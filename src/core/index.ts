export {
  BackendError,
  CifError,
  DataError,
  GraphError,
  ParaisiteError,
  StructureError,
  TrainingError,
  WeightsError,
  type SourceLocation,
} from "./errors.js";
export { createRng, permutation, scrambleSeed, type Rng } from "./prng.js";
export type { Mat3, Vec3 } from "./vec3.js";
export {
  Compose,
  Identity,
  Log10,
  Log10Plus1,
  Standardize,
  targetTransformFromJSON,
  type TargetTransform,
  type TargetTransformJSON,
} from "./target-transform.js";
