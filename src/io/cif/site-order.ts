/**
 * pymatgen's site order (`Structure.get_sorted_structure`, which `CifParser` applies): a stable
 * sort by the site's mean electronegativity, then by its species string ("Fe2+", or
 * "Co:0.500, Fe:0.500" for a disordered site).
 */
import { elementBySymbol } from "../../structure/elements.js";
import { formatAmount } from "../../structure/formula.js";
import type { Site, SpeciesOccupancy } from "../../structure/structure.js";

const electronegativity = (sp: SpeciesOccupancy): number => elementBySymbol(sp.element)?.electronegativity ?? Number.NaN;

function speciesName(sp: SpeciesOccupancy): string {
  if (sp.oxidationState === undefined) return sp.element;
  return `${sp.element}${formatAmount(Math.abs(sp.oxidationState), true)}${sp.oxidationState >= 0 ? "+" : "-"}`;
}

/** pymatgen's `species_string`. */
function speciesString(site: Site): string {
  if (site.species.length === 1 && site.species[0].occupancy === 1) return speciesName(site.species[0]);
  return [...site.species]
    .sort((a, b) => electronegativity(a) - electronegativity(b) || (a.element < b.element ? -1 : a.element > b.element ? 1 : 0))
    .map((sp) => `${speciesName(sp)}:${sp.occupancy.toFixed(3)}`)
    .join(", ");
}

function meanElectronegativity(site: Site): number {
  let sum = 0;
  let amount = 0;
  for (const sp of site.species) {
    sum += electronegativity(sp) * sp.occupancy;
    amount += sp.occupancy;
  }
  return sum / amount;
}

/** Sites in pymatgen's order (stable: equal keys keep their relative order). */
export function pymatgenSiteOrder<T extends Site>(sites: readonly T[]): T[] {
  const keyed = sites.map((site, index) => ({ site, index, x: meanElectronegativity(site), name: speciesString(site) }));
  keyed.sort((a, b) => a.x - b.x || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || a.index - b.index);
  return keyed.map((k) => k.site);
}
