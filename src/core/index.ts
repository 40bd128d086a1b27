export {
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
