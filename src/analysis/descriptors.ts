/**
 * Material descriptors to correlate with predicted κ. The structural ones follow the Materials
 * Project summary fields the ParAIsite authors correlated (nsites, nelements, volume, density,
 * density_atomic); the composition ones (masses, Z, electronegativity) are cheap extras that need
 * only a formula. Every descriptor has a unit so tables and plots can say what they show.
 */
import { DataError } from "../core/errors.js";
import { type Composition, type Element, elementBySymbol, type Structure } from "../structure/index.js";

/** What a descriptor measures. `unit` is "" for counts. */
export interface DescriptorInfo {
  readonly key: string;
  readonly label: string;
  readonly unit: string;
  readonly description: string;
  /** True when it needs a structure (lattice, sites), not just a formula. */
  readonly structural: boolean;
}

/** Descriptor key → value; NaN when undefined for that material (e.g. electronegativity of a noble gas). */
export type DescriptorValues = Readonly<Record<string, number>>;

const info = (key: string, label: string, unit: string, description: string, structural: boolean): DescriptorInfo => ({
  key,
  label,
  unit,
  description,
  structural,
});

/** Every descriptor this module computes, in report order. */
export const DESCRIPTORS: readonly DescriptorInfo[] = [
  info("nsites", "sites", "", "number of sites in the cell (MP nsites)", true),
  info("nelements", "elements", "", "number of distinct elements (MP nelements)", false),
  info("volume", "volume", "Å³", "cell volume (MP volume)", true),
  info("volume_per_atom", "volume per atom", "Å³/atom", "cell volume / atoms (what MP calls density_atomic)", true),
  info("density", "density", "g/cm³", "mass density (MP density)", true),
  info("atomic_density", "atomic density", "atoms/Å³", "atoms per Å³ (inverse of volume per atom)", true),
  info("mean_atomic_mass", "mean atomic mass", "u", "composition-weighted mean atomic mass", false),
  info("max_atomic_mass", "max atomic mass", "u", "heaviest element present", false),
  info("mass_ratio", "mass ratio", "", "heaviest / lightest atomic mass (mass contrast)", false),
  info("mean_z", "mean Z", "", "composition-weighted mean atomic number", false),
  info("max_z", "max Z", "", "largest atomic number present", false),
  info("min_z", "min Z", "", "smallest atomic number present", false),
  info("mean_electronegativity", "mean electronegativity", "Pauling", "composition-weighted mean (NaN with a noble gas)", false),
  info("electronegativity_range", "electronegativity range", "Pauling", "max − min over elements (NaN with a noble gas)", false),
  info("a", "a", "Å", "cell length a (depends on the cell setting)", true),
  info("b", "b", "Å", "cell length b", true),
  info("c", "c", "Å", "cell length c", true),
  info("alpha", "α", "°", "cell angle α", true),
  info("beta", "β", "°", "cell angle β", true),
  info("gamma", "γ", "°", "cell angle γ", true),
];

const BY_KEY = new Map(DESCRIPTORS.map((d) => [d.key, d]));

/** Information about a descriptor key; unknown keys (e.g. extra CSV columns) get an empty unit. */
export function descriptorInfo(key: string): DescriptorInfo {
  return BY_KEY.get(key) ?? info(key, key, "", `column '${key}' of the input`, false);
}

/** A descriptor's label with its unit, e.g. "volume (Å³)". */
export function descriptorLabel(key: string): string {
  const d = descriptorInfo(key);
  return d.unit ? `${d.label} (${d.unit})` : d.label;
}

function element(symbol: string): Element {
  const el = elementBySymbol(symbol);
  if (!el) throw new DataError(`unknown element '${symbol}'`);
  return el;
}

/** Descriptors that depend only on the composition (element → amount). */
export function compositionDescriptors(composition: Composition): DescriptorValues {
  const entries = Object.entries(composition).filter(([, amount]) => amount > 0);
  if (entries.length === 0) throw new DataError("empty composition");
  const total = entries.reduce((s, [, amount]) => s + amount, 0);
  const els = entries.map(([sym, amount]) => ({ el: element(sym), weight: amount / total }));
  const weighted = (f: (e: Element) => number): number => els.reduce((s, { el, weight }) => s + weight * f(el), 0);
  const masses = els.map(({ el }) => el.mass);
  const zs = els.map(({ el }) => el.z);
  const ens = els.map(({ el }) => el.electronegativity);
  const enDefined = ens.every(Number.isFinite);
  return {
    nelements: entries.length,
    mean_atomic_mass: weighted((e) => e.mass),
    max_atomic_mass: Math.max(...masses),
    mass_ratio: Math.max(...masses) / Math.min(...masses),
    mean_z: weighted((e) => e.z),
    max_z: Math.max(...zs),
    min_z: Math.min(...zs),
    mean_electronegativity: enDefined ? weighted((e) => e.electronegativity) : NaN,
    electronegativity_range: enDefined ? Math.max(...ens) - Math.min(...ens) : NaN,
  };
}

/** Every descriptor of a structure (composition ones included). */
export function structureDescriptors(structure: Structure): DescriptorValues {
  const { lattice } = structure;
  const volume = lattice.volume;
  return {
    nsites: structure.nSites,
    ...compositionDescriptors(structure.composition),
    volume,
    volume_per_atom: volume / structure.nAtoms,
    density: structure.density,
    atomic_density: structure.atomicDensity,
    a: lattice.a,
    b: lattice.b,
    c: lattice.c,
    alpha: lattice.alpha,
    beta: lattice.beta,
    gamma: lattice.gamma,
  };
}

/**
 * Composition from a formula such as "Li2O", "PbTe", "Ca3(PO4)2" or "Fe0.5Ni0.5".
 * Element symbols are case-sensitive (an upper-case letter starts a new element).
 */
export function parseFormula(formula: string): Composition {
  const text = formula.replace(/\s+/g, "");
  let pos = 0;
  const number = (): number => {
    const m = /^\d*\.?\d+|^\d+/.exec(text.slice(pos));
    if (!m) return 1;
    pos += m[0].length;
    return Number(m[0]);
  };
  const group = (closing: string | null): Record<string, number> => {
    const out: Record<string, number> = {};
    const add = (sym: string, n: number): void => {
      out[sym] = (out[sym] ?? 0) + n;
    };
    while (pos < text.length) {
      const ch = text[pos];
      if (ch === ")" || ch === "]") {
        if (closing === null || ch !== closing) throw new DataError(`formula '${formula}': unexpected '${ch}'`);
        pos++;
        return out;
      }
      if (ch === "(" || ch === "[") {
        pos++;
        const inner = group(ch === "(" ? ")" : "]");
        const k = number();
        for (const [sym, n] of Object.entries(inner)) add(sym, n * k);
        continue;
      }
      const m = /^[A-Z][a-z]*/.exec(text.slice(pos));
      if (!m) throw new DataError(`formula '${formula}': unexpected '${ch}' at position ${pos + 1}`);
      pos += m[0].length;
      element(m[0]);
      add(m[0], number());
    }
    if (closing !== null) throw new DataError(`formula '${formula}': missing '${closing}'`);
    return out;
  };
  const comp = group(null);
  if (Object.keys(comp).length === 0) throw new DataError(`formula '${formula}' has no elements`);
  return comp;
}
