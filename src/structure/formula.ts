/**
 * Formulas exactly as pymatgen 2022.11.7 writes them (`Composition.formula` without spaces and
 * `Composition.reduced_formula`): symbols sorted by Pauling electronegativity then symbol,
 * amounts rounded to 8 decimals, a trailing polyanion grouped ("Li4MnFe3(PO4)4" → "LiFePO4"
 * style), and the diatomic/peroxide special cases ("N" → "N2", "LiO" → "Li2O2").
 */
import { type Element, elementBySymbol } from "./elements.js";

type Amounts = Readonly<Record<string, number>>;

const AMOUNT_TOLERANCE = 1e-8;

const SPECIAL_FORMULAS: Readonly<Record<string, string>> = {
  LiO: "Li2O2",
  NaO: "Na2O2",
  KO: "K2O2",
  HO: "H2O2",
  CsO: "Cs2O2",
  RbO: "Rb2O2",
  O: "O2",
  N: "N2",
  F: "F2",
  Cl: "Cl2",
  H: "H2",
};

const electronegativity = (symbol: string): number => (elementBySymbol(symbol) as Element).electronegativity;

/** Symbols by electronegativity, ties by symbol (pymatgen's formula order). */
export function formulaOrder(symbols: readonly string[]): string[] {
  return [...symbols].sort((a, b) => electronegativity(a) - electronegativity(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** pymatgen's `formula_double_format`: "" for 1 (when ignoring ones), integers bare, else ≤ 8 decimals. */
export function formatAmount(x: number, ignoreOnes: boolean): string {
  if (ignoreOnes && x === 1) return "";
  if (Math.abs(x - Math.trunc(x)) < 1e-8) return String(Math.trunc(x));
  return String(Math.round(x * 1e8) / 1e8);
}

/** Full formula without spaces, e.g. "Li4Fe4P4O16", "Cu2.8Te2". */
export function formulaOf(amounts: Amounts): string {
  return formulaOrder(Object.keys(amounts).filter((s) => Math.abs(amounts[s]) > AMOUNT_TOLERANCE))
    .map((s) => s + formatAmount(amounts[s], false))
    .join("");
}

function gcd(a: number, b: number): number {
  return b === 0 ? Math.abs(a) : gcd(b, a % b);
}

function reduceFormula(amounts: Amounts): [string, number] {
  let syms = formulaOrder(Object.keys(amounts)).filter((s) => Math.abs(amounts[s]) > AMOUNT_TOLERANCE);
  const values = Object.values(amounts);
  const factor = values.every((v) => Number.isInteger(v)) ? Math.abs(values.reduce(gcd)) : 1;
  let polyanion = "";
  const n = syms.length;
  if (n >= 3 && electronegativity(syms[n - 1]) - electronegativity(syms[n - 2]) < 1.65) {
    const poly: Record<string, number> = {};
    for (const s of [syms[n - 2], syms[n - 1]]) poly[s] = amounts[s] / factor;
    const [polyForm, polyFactor] = reduceFormula(poly);
    if (polyFactor !== 1) polyanion = `(${polyForm})${polyFactor}`;
  }
  if (polyanion) syms = syms.slice(0, n - 2);
  return [syms.map((s) => s + formatAmount(amounts[s] / factor, true)).join("") + polyanion, factor];
}

/** Reduced formula as pymatgen's `Composition.reduced_formula` ("LiFePO4", "N2", "Cu2.8Te2"). */
export function reducedFormulaOf(amounts: Amounts): string {
  const values = Object.values(amounts);
  if (!values.every((x) => Math.abs(x - Math.round(x)) < AMOUNT_TOLERANCE)) return formulaOf(amounts);
  const rounded: Record<string, number> = {};
  for (const [s, x] of Object.entries(amounts)) rounded[s] = Math.round(x);
  const [formula] = reduceFormula(rounded);
  return SPECIAL_FORMULAS[formula] ?? formula;
}
