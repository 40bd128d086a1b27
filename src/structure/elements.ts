/**
 * Element table (Z 1–118): symbol, standard atomic mass (u) and Pauling electronegativity,
 * taken from pymatgen 2022.11.7's periodic table. Elements without an electronegativity
 * (noble gases) sort last in formulas, as Infinity.
 */

export interface Element {
  readonly z: number;
  readonly symbol: string;
  /** Standard atomic mass, u. */
  readonly mass: number;
  /** Pauling electronegativity (Infinity where undefined). */
  readonly electronegativity: number;
}

// [symbol, mass, electronegativity], index = Z - 1
const TABLE: readonly (readonly [string, number, number])[] = [
  ["H", 1.00794, 2.2],
  ["He", 4.002602, Infinity],
  ["Li", 6.941, 0.98],
  ["Be", 9.012182, 1.57],
  ["B", 10.811, 2.04],
  ["C", 12.0107, 2.55],
  ["N", 14.0067, 3.04],
  ["O", 15.9994, 3.44],
  ["F", 18.9984032, 3.98],
  ["Ne", 20.1797, Infinity],
  ["Na", 22.98976928, 0.93],
  ["Mg", 24.305, 1.31],
  ["Al", 26.9815386, 1.61],
  ["Si", 28.0855, 1.9],
  ["P", 30.973762, 2.19],
  ["S", 32.065, 2.58],
  ["Cl", 35.453, 3.16],
  ["Ar", 39.948, Infinity],
  ["K", 39.0983, 0.82],
  ["Ca", 40.078, 1.0],
  ["Sc", 44.955912, 1.36],
  ["Ti", 47.867, 1.54],
  ["V", 50.9415, 1.63],
  ["Cr", 51.9961, 1.66],
  ["Mn", 54.938045, 1.55],
  ["Fe", 55.845, 1.83],
  ["Co", 58.933195, 1.88],
  ["Ni", 58.6934, 1.91],
  ["Cu", 63.546, 1.9],
  ["Zn", 65.409, 1.65],
  ["Ga", 69.723, 1.81],
  ["Ge", 72.64, 2.01],
  ["As", 74.9216, 2.18],
  ["Se", 78.96, 2.55],
  ["Br", 79.904, 2.96],
  ["Kr", 83.798, 3.0],
  ["Rb", 85.4678, 0.82],
  ["Sr", 87.62, 0.95],
  ["Y", 88.90585, 1.22],
  ["Zr", 91.224, 1.33],
  ["Nb", 92.90638, 1.6],
  ["Mo", 95.94, 2.16],
  ["Tc", 98.0, 1.9],
  ["Ru", 101.07, 2.2],
  ["Rh", 102.9055, 2.28],
  ["Pd", 106.42, 2.2],
  ["Ag", 107.8682, 1.93],
  ["Cd", 112.411, 1.69],
  ["In", 114.818, 1.78],
  ["Sn", 118.71, 1.96],
  ["Sb", 121.76, 2.05],
  ["Te", 127.6, 2.1],
  ["I", 126.90447, 2.66],
  ["Xe", 131.293, 2.6],
  ["Cs", 132.9054519, 0.79],
  ["Ba", 137.327, 0.89],
  ["La", 138.90547, 1.1],
  ["Ce", 140.116, 1.12],
  ["Pr", 140.90765, 1.13],
  ["Nd", 144.242, 1.14],
  ["Pm", 145.0, 1.13],
  ["Sm", 150.36, 1.17],
  ["Eu", 151.964, 1.2],
  ["Gd", 157.25, 1.2],
  ["Tb", 158.92535, 1.1],
  ["Dy", 162.5, 1.22],
  ["Ho", 164.93032, 1.23],
  ["Er", 167.259, 1.24],
  ["Tm", 168.93421, 1.25],
  ["Yb", 173.04, 1.1],
  ["Lu", 174.967, 1.27],
  ["Hf", 178.49, 1.3],
  ["Ta", 180.94788, 1.5],
  ["W", 183.84, 2.36],
  ["Re", 186.207, 1.9],
  ["Os", 190.23, 2.2],
  ["Ir", 192.217, 2.2],
  ["Pt", 195.084, 2.28],
  ["Au", 196.966569, 2.54],
  ["Hg", 200.59, 2.0],
  ["Tl", 204.3833, 1.62],
  ["Pb", 207.2, 2.33],
  ["Bi", 208.9804, 2.02],
  ["Po", 210.0, 2.0],
  ["At", 210.0, 2.2],
  ["Rn", 220.0, 2.2],
  ["Fr", 223.0, 0.7],
  ["Ra", 226.0, 0.9],
  ["Ac", 227.0, 1.1],
  ["Th", 232.03806, 1.3],
  ["Pa", 231.03588, 1.5],
  ["U", 238.02891, 1.38],
  ["Np", 237.0, 1.36],
  ["Pu", 244.0, 1.28],
  ["Am", 243.0, 1.3],
  ["Cm", 247.0, 1.3],
  ["Bk", 247.0, 1.3],
  ["Cf", 251.0, 1.3],
  ["Es", 252.0, 1.3],
  ["Fm", 257.0, 1.3],
  ["Md", 258.0, 1.3],
  ["No", 259.0, 1.3],
  ["Lr", 262.0, 1.3],
  ["Rf", 267.0, Infinity],
  ["Db", 268.0, Infinity],
  ["Sg", 269.0, Infinity],
  ["Bh", 270.0, Infinity],
  ["Hs", 270.0, Infinity],
  ["Mt", 278.0, Infinity],
  ["Ds", 281.0, Infinity],
  ["Rg", 282.0, Infinity],
  ["Cn", 285.0, Infinity],
  ["Nh", 286.0, Infinity],
  ["Fl", 289.0, Infinity],
  ["Mc", 290.0, Infinity],
  ["Lv", 293.0, Infinity],
  ["Ts", 294.0, Infinity],
  ["Og", 294.0, Infinity],
];

/** All elements in order of Z (index 0 is hydrogen). */
export const ELEMENTS: readonly Element[] = TABLE.map(([symbol, mass, electronegativity], i) =>
  Object.freeze({ z: i + 1, symbol, mass, electronegativity }),
);

const BY_SYMBOL = new Map(ELEMENTS.map((e) => [e.symbol, e]));
const BY_SYMBOL_LOWER = new Map(ELEMENTS.map((e) => [e.symbol.toLowerCase(), e]));

/** Element by exact symbol ("Fe"), or undefined. */
export function elementBySymbol(symbol: string): Element | undefined {
  return BY_SYMBOL.get(symbol);
}

/** Element by symbol in any letter case ("FE", "fe"), or undefined. */
export function elementBySymbolLoose(symbol: string): Element | undefined {
  return BY_SYMBOL_LOWER.get(symbol.toLowerCase());
}

/** Element by atomic number 1–118, or undefined. */
export function elementByZ(z: number): Element | undefined {
  return ELEMENTS[z - 1];
}
