/**
 * Box plots (Tukey: box = quartiles, whiskers to the furthest point within 1.5 IQR, outliers as
 * circles), grouped by category with optional series side by side — e.g. MAPE per model over runs.
 */
import { DataError } from "../../core/errors.js";
import { quantile } from "../stats.js";
import { categoricalColor } from "./colors.js";
import { escapeXml, formatNumber, leftAxis, logTicks, makeScale, niceDomain, niceTicks, type PlotArea, px, legend, svgDocument, text } from "./core.js";

/** Five-number summary plus outliers, with numpy's linear quantiles (matplotlib's default). */
export interface BoxStats {
  readonly q1: number;
  readonly median: number;
  readonly q3: number;
  readonly whiskerLow: number;
  readonly whiskerHigh: number;
  readonly outliers: readonly number[];
  readonly mean: number;
  readonly n: number;
}

export function boxStats(values: readonly number[]): BoxStats {
  const v = values.filter(Number.isFinite);
  if (v.length === 0) throw new DataError("box plot of no finite values");
  const q1 = quantile(v, 0.25);
  const q3 = quantile(v, 0.75);
  const iqr = q3 - q1;
  const inside = v.filter((x) => x >= q1 - 1.5 * iqr && x <= q3 + 1.5 * iqr);
  return {
    q1,
    median: quantile(v, 0.5),
    q3,
    whiskerLow: Math.min(...inside),
    whiskerHigh: Math.max(...inside),
    outliers: v.filter((x) => x < q1 - 1.5 * iqr || x > q3 + 1.5 * iqr),
    mean: v.reduce((a, b) => a + b, 0) / v.length,
    n: v.length,
  };
}

const BOX_OPACITY = 0.55;

export interface BoxPlotSeries {
  readonly name: string;
  /** One list of values per category (same order as `categories`); an empty list draws nothing. */
  readonly values: readonly (readonly number[])[];
  readonly color?: string;
}

export interface BoxPlotOptions {
  readonly title: string;
  readonly yLabel: string;
  readonly xLabel?: string;
  readonly categories: readonly string[];
  readonly series: readonly BoxPlotSeries[];
  readonly logY?: boolean;
  /** Draw every value as a small dot over its box (useful for 9 runs). Default true. */
  readonly showPoints?: boolean;
  readonly width?: number;
  readonly height?: number;
}

/** SVG with one <g class="box"> per (category, series) that has values. */
export function boxPlotSvg(options: BoxPlotOptions): string {
  const { categories, series } = options;
  if (series.length === 0) throw new DataError("box plot needs at least one series");
  for (const s of series) {
    if (s.values.length !== categories.length) throw new DataError(`box plot series '${s.name}' needs one value list per category`);
  }
  const all = series.flatMap((s) => s.values.flat()).filter((v) => Number.isFinite(v) && (!options.logY || v > 0));
  if (all.length === 0) throw new DataError("box plot of no (usable) values");
  const showLegend = series.length > 1;
  const width = options.width ?? Math.max(520, 130 + categories.length * (40 + 46 * series.length) + (showLegend ? 150 : 0));
  const height = options.height ?? 440;
  const area: PlotArea = { left: 80, top: 50, width: width - 110 - (showLegend ? 150 : 0), height: height - 50 - 80 };
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  let yTicks: number[];
  if (options.logY) {
    lo = 10 ** Math.floor(Math.log10(lo));
    hi = 10 ** Math.ceil(Math.log10(hi));
    yTicks = logTicks(lo, hi);
  } else {
    // 4 % headroom so boxes and whiskers never sit on the axis line.
    const pad = (hi - lo) * 0.04 || Math.abs(hi) * 0.04 || 1;
    [lo, hi] = niceDomain(lo - pad, hi + pad, 6);
    yTicks = niceTicks(lo, hi, 6);
  }
  const y = makeScale([lo, hi], [area.top + area.height, area.top], options.logY);
  const slot = area.width / categories.length;
  const boxW = Math.min(40, (slot * 0.8) / series.length);
  const parts = [leftAxis(area, y, yTicks, options.yLabel)];
  const baseY = area.top + area.height;
  parts.push(`<line class="axis" x1="${px(area.left)}" y1="${px(baseY)}" x2="${px(area.left + area.width)}" y2="${px(baseY)}"/>`);

  for (const [c, category] of categories.entries()) {
    const center = area.left + (c + 0.5) * slot;
    parts.push(text(center, baseY + 20, category, { anchor: "middle", cls: "label" }));
    for (const [k, s] of series.entries()) {
      const values = s.values[c].filter((v) => Number.isFinite(v) && (!options.logY || v > 0));
      if (values.length === 0) continue;
      const st = boxStats(values);
      const color = s.color ?? categoricalColor(k);
      const cx = center + (k - (series.length - 1) / 2) * boxW * 1.15;
      const x0 = cx - boxW / 2;
      const tip = `${category} · ${s.name}: median ${formatNumber(st.median)}, IQR ${formatNumber(st.q1)}–${formatNumber(st.q3)}, n=${st.n}`;
      const g = [
        `<title>${escapeXml(tip)}</title>`,
        `<line x1="${px(cx)}" y1="${px(y(st.whiskerLow))}" x2="${px(cx)}" y2="${px(y(st.q1))}" stroke="#333"/>`,
        `<line x1="${px(cx)}" y1="${px(y(st.q3))}" x2="${px(cx)}" y2="${px(y(st.whiskerHigh))}" stroke="#333"/>`,
        `<line x1="${px(cx - boxW / 4)}" y1="${px(y(st.whiskerLow))}" x2="${px(cx + boxW / 4)}" y2="${px(y(st.whiskerLow))}" stroke="#333"/>`,
        `<line x1="${px(cx - boxW / 4)}" y1="${px(y(st.whiskerHigh))}" x2="${px(cx + boxW / 4)}" y2="${px(y(st.whiskerHigh))}" stroke="#333"/>`,
        `<rect x="${px(x0)}" y="${px(y(st.q3))}" width="${px(boxW)}" height="${px(Math.max(1, y(st.q1) - y(st.q3)))}" fill="${color}" fill-opacity="${BOX_OPACITY}" stroke="#333"/>`,
        `<line class="median" x1="${px(x0)}" y1="${px(y(st.median))}" x2="${px(x0 + boxW)}" y2="${px(y(st.median))}" stroke="#111" stroke-width="2"/>`,
        ...st.outliers.map((v) => `<circle class="outlier" cx="${px(cx)}" cy="${px(y(v))}" r="3" fill="none" stroke="#333"/>`),
      ];
      if (options.showPoints ?? true) {
        // Deterministic horizontal jitter so coincident points stay visible.
        g.push(
          ...values
            .filter((v) => v >= st.whiskerLow && v <= st.whiskerHigh) // outliers already have their circle
            .map((v, i) => {
              const jitter = ((((i * 37) % 11) - 5) / 5) * (boxW * 0.28);
              return `<circle class="point" cx="${px(cx + jitter)}" cy="${px(y(v))}" r="2.2" fill="#222" fill-opacity="0.55"/>`;
            }),
        );
      }
      parts.push(`<g class="box">${g.join("")}</g>`);
    }
  }
  if (options.xLabel) parts.push(text(area.left + area.width / 2, baseY + 48, options.xLabel, { anchor: "middle", cls: "label" }));
  if (showLegend) {
    parts.push(legend(area.left + area.width + 24, area.top + 10, series.map((s, k) => ({ name: s.name, color: s.color ?? categoricalColor(k), opacity: BOX_OPACITY }))));
  }
  return svgDocument(width, height, options.title, parts.join("\n"));
}
