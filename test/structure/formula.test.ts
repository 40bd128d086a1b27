import { describe, expect, it } from "vitest";
import { formatAmount, formulaOf, reducedFormulaOf } from "../../src/structure/formula.js";

describe("pymatgen formulas", () => {
  it("reduces as Composition.reduced_formula (polyanions, special cases, non-integral)", () => {
    // expected strings from pymatgen 2022.11.7 Composition(...).reduced_formula
    expect(reducedFormulaOf({ Li: 4, Fe: 4, P: 4, O: 16 })).toBe("LiFePO4");
    expect(reducedFormulaOf({ Li: 4, Mn: 1, Fe: 3, P: 4, O: 16 })).toBe("Li4MnFe3(PO4)4");
    expect(reducedFormulaOf({ Ca: 24, Al: 16, Si: 24, O: 96 })).toBe("Ca3Al2(SiO4)3");
    expect(reducedFormulaOf({ N: 72 })).toBe("N2");
    expect(reducedFormulaOf({ Li: 2, O: 2 })).toBe("Li2O2");
    expect(reducedFormulaOf({ Pb: 4, Te: 4 })).toBe("TePb");
    expect(reducedFormulaOf({ K: 1, Br: 1 })).toBe("KBr");
    expect(reducedFormulaOf({ Cu: 2.8, Te: 2 })).toBe("Cu2.8Te2");
    expect(reducedFormulaOf({ Fe: 0.5, Co: 0.5, O: 1 })).toBe("Fe0.5Co0.5O1");
  });

  it("writes the full formula in electronegativity order with up to 8 decimals", () => {
    expect(formulaOf({ O: 16, Li: 4, P: 4, Fe: 4 })).toBe("Li4Fe4P4O16");
    expect(formulaOf({ Te: 4, Pb: 4 })).toBe("Te4Pb4");
    expect(formatAmount(1 / 3, false)).toBe("0.33333333");
    expect(formatAmount(1, true)).toBe("");
  });
});
