/** Histogram plot: bars from a {@link Histogram}, linear or log10 x axis, count axis, optional marker lines. */
import { type Histogram, type HistogramOptions, histogram } from "../histogram.js";
import { categoricalColor } from "./colors.js";
import { bottomAxis, escapeXml, formatNumber, leftAxis, logTicks, makeScale, niceDomain, niceTicks, type PlotArea, px, svgDocument, text } from "./core.js";

export interface HistogramPlotOptions extends HistogramOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel?: string;
  readonly color?: string;
  /** Vertical reference lines, e.g. the median. */
  readonly markers?: readonly { readonly value: number; readonly label: string }[];
  readonly width?: number;
  readonly height?: number;
}

/** SVG histogram of `values` (one <rect class="bar"> per bin). `log: true` bins and draws x in log10. */
export function histogramSvg(values: readonly number[], options: HistogramPlotOptions): string {
  return histogramSvgFromBins(histogram(values, options), options);
}

/** SVG of an already binned histogram. */
export function histogramSvgFromBins(h: Histogram, options: HistogramPlotOptions): string {
  const width = options.width ?? 720;
  const height = options.height ?? 440;
  const area: PlotArea = { left: 80, top: 50, width: width - 110, height: height - 50 - 70 };
  const lo = h.edges[0];
  const hi = h.edges[h.edges.length - 1];
  // Linear axes end on round ticks (e.g. 0 … 7000); log axes span exactly the bins.
  const xDomain: [number, number] = h.log ? [lo, hi] : niceDomain(lo, hi, 7);
  const x = makeScale(xDomain, [area.left, area.left + area.width], h.log);
  const maxCount = Math.max(1, ...h.counts);
  // 8 % headroom keeps the tallest bar clear of the marker labels.
  const yDomain = niceDomain(0, maxCount * 1.08, 5);
  const y = makeScale(yDomain, [area.top + area.height, area.top]);
  const xTicks = h.log ? logTicks(lo, hi) : niceTicks(xDomain[0], xDomain[1], 7);
  const yTicks = niceTicks(yDomain[0], yDomain[1], 5).filter((t) => Number.isInteger(t));
  const color = options.color ?? categoricalColor(0);

  const parts = [leftAxis(area, y, yTicks, options.yLabel ?? "count")];
  for (const [i, count] of h.counts.entries()) {
    const x0 = x(h.edges[i]);
    const x1 = x(h.edges[i + 1]);
    const top = y(count);
    const tip = `${formatNumber(h.edges[i])} – ${formatNumber(h.edges[i + 1])}: ${count}`;
    parts.push(
      `<rect class="bar" x="${px(x0)}" y="${px(top)}" width="${px(Math.max(0, x1 - x0))}" height="${px(area.top + area.height - top)}" fill="${color}" fill-opacity="0.85" stroke="#ffffff" stroke-width="0.8"><title>${escapeXml(tip)}</title></rect>`,
    );
  }
  for (const m of options.markers ?? []) {
    if (!(m.value >= lo && m.value <= hi)) continue;
    const mx = x(m.value);
    parts.push(`<line x1="${px(mx)}" y1="${px(area.top)}" x2="${px(mx)}" y2="${px(area.top + area.height)}" stroke="#d62728" stroke-width="1.5" stroke-dasharray="5 4"/>`);
    parts.push(text(mx + 5, area.top + 14, m.label, { cls: "tick halo" }));
  }
  parts.push(bottomAxis(area, x, xTicks, h.log ? `${options.xLabel} (log scale)` : options.xLabel));
  return svgDocument(width, height, options.title, parts.join("\n"));
}
