export { parseCif, parseCifStructure, type ParseCifStructureOptions } from "./cif/parse.js";
export type { BadRowPolicy, CifBlockResult, CifParseOptions, CifParseResult, CifWarning } from "./cif/types.js";
export { writeCif, type WriteCifOptions } from "./cif/write.js";
export {
  allSpaceGroupSettings,
  spaceGroupByHall,
  spaceGroupByName,
  spaceGroupByNumber,
  type LookupOptions,
  type SpaceGroupSetting,
} from "./cif/symmetry/spacegroups.js";
export { parseXyz, type SymOp } from "./cif/symmetry/operation.js";
export { parsePoscar, writePoscar, type PoscarOptions, type WritePoscarOptions } from "./poscar.js";
export { detectStructureFormat, readStructureFile, type StructureFormat } from "./read-file.js";
