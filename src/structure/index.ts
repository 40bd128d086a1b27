export { Lattice } from "./lattice.js";
export {
  Structure,
  reduceComposition,
  type Composition,
  type Site,
  type SpeciesOccupancy,
  type StructureJSON,
} from "./structure.js";
export { ELEMENTS, elementBySymbol, elementBySymbolLoose, elementByZ, type Element } from "./elements.js";
export { formulaOf, formulaOrder, reducedFormulaOf } from "./formula.js";
