export { parseCif, parseCifStructure, type ParseCifStructureOptions } from "./cif/parse.js";
export type { BadRowPolicy, CifBlockResult, CifParseOptions, CifParseResult, CifWarning } from "./cif/types.js";
export {
  allSpaceGroupSettings,
  spaceGroupByHall,
  spaceGroupByName,
  spaceGroupByNumber,
  type SpaceGroupSetting,
} from "./cif/symmetry/spacegroups.js";
export { parseXyz, type SymOp } from "./cif/symmetry/operation.js";
