/** Reading CIF values: numbers with standard uncertainties, element symbols with charges. */
import { elementBySymbol } from "../../structure/elements.js";
import type { Token } from "./tokenizer.js";

/** True for the CIF "unknown" (`?`) and "inapplicable" (`.`) values (unquoted only). */
export function isNull(t: Token): boolean {
  return !t.quoted && (t.text === "?" || t.text === ".");
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const FRACTION = /^([+-]?\d+)\/(\d+)$/;
/** Longer words are not numbers or symbols; the cap also keeps the regular expressions linear. */
const MAX_WORD = 100;

/** A CIF number such as `5.4307(2)`, `-0.25`, `1e-3`; the uncertainty is dropped. NaN when not a number. */
export function parseCifNumber(text: string): number {
  if (text.length > MAX_WORD) return Number.NaN;
  let s = text;
  const paren = s.indexOf("(");
  if (paren > 0) {
    // "1.23(4)"; real files sometimes drop the closing parenthesis
    const tail = s.slice(paren + 1, s.endsWith(")") ? -1 : undefined);
    if (!/^\d*$/.test(tail)) return Number.NaN;
    s = s.slice(0, paren);
  }
  if (NUMBER.test(s)) return Number(s);
  // hand-written files sometimes give exact fractions ("1/3"); pymatgen rejects them
  const fraction = FRACTION.exec(s);
  return fraction && Number(fraction[2]) > 0 ? Number(fraction[1]) / Number(fraction[2]) : Number.NaN;
}

export interface ParsedSpecies {
  readonly element: string;
  readonly oxidationState?: number;
}

// pymatgen's spellings for water and deuterium-free pseudo-atoms in COD files
const SPECIAL: readonly (readonly [string, string])[] = [
  ["Hw", "H"],
  ["Ow", "O"],
  ["Wat", "O"],
  ["wat", "O"],
];

// deuterium and tritium are hydrogen for a structure (neutron-diffraction CIFs label them D, T)
const ISOTOPES: Readonly<Record<string, string>> = { D: "H", T: "H" };

const CHARGED = /^([A-Za-z]{1,2})(\d*(?:\.\d+)?)([+-])$/;
const CHARGED_SIGN_FIRST = /^([A-Za-z]{1,2})([+-])(\d+(?:\.\d+)?)$/;

const title = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();

/**
 * Element (and charge) from an `_atom_site_type_symbol` such as `Fe`, `O2-`, `Fe3+`, `Na+`, or
 * from a label such as `Fe1`, `O2A`, `Ow3`. Returns undefined when no element symbol can be read.
 */
export function parseSpeciesSymbol(raw: string, withCharge = true): ParsedSpecies | undefined {
  const sym = raw.trim();
  if (sym.length > MAX_WORD) return undefined;
  if (withCharge) {
    const m = CHARGED.exec(sym) ?? CHARGED_SIGN_FIRST.exec(sym);
    if (m) {
      const el = elementBySymbol(title(m[1]));
      if (el) {
        const signFirst = m[2] === "+" || m[2] === "-";
        const magnitude = signFirst ? m[3] : m[2];
        const sign = signFirst ? m[2] : m[3];
        const value = magnitude === "" ? 1 : Number(magnitude);
        return { element: el.symbol, oxidationState: sign === "-" ? -value : value };
      }
    }
  }
  for (const [prefix, element] of SPECIAL) if (sym.startsWith(prefix)) return { element };
  const isotope = ISOTOPES[sym.charAt(0)];
  if (isotope && !/^[A-Za-z]/.test(sym.charAt(1)) && !elementBySymbol(title(sym.slice(0, 2)))) return { element: isotope };
  const two = sym.length >= 2 && /[A-Za-z]/.test(sym[1]) ? elementBySymbol(title(sym.slice(0, 2))) : undefined;
  if (two) return { element: two.symbol };
  const one = elementBySymbol(sym.charAt(0).toUpperCase());
  if (one) return { element: one.symbol };
  return undefined;
}

/** The leading letters of a symbol, for error messages ("Xx12" → "Xx"). */
export function leadingLetters(raw: string): string {
  return /^[A-Za-z]*/.exec(raw.trim())?.[0] || raw.trim();
}

/** Species fractions of a Pauling File mixture symbol "0.8Nb + 0.2Zr" (pymatgen reads these too), else undefined. */
export function parseMixture(raw: string): { element: string; fraction: number; oxidationState?: undefined }[] | undefined {
  if (raw.length > MAX_WORD || !raw.includes("+") || !/^\s*\d*\.?\d+\s*[A-Za-z]/.test(raw)) return undefined;
  const parts = raw.split(/\s+\+\s+|\s*\+\s*(?=\d*\.?\d+[A-Za-z])/);
  const out: { element: string; fraction: number }[] = [];
  for (const part of parts) {
    const m = /^\s*(\d*\.?\d+)\s*([A-Za-z]{1,2})(?:<sup>.*)?\s*$/.exec(part.replace(/\(\d*\)/g, ""));
    const el = m ? elementBySymbol(title(m[2])) : undefined;
    if (!m || !el) return undefined;
    out.push({ element: el.symbol, fraction: Number(m[1]) });
  }
  return out.length > 1 ? out : undefined;
}
