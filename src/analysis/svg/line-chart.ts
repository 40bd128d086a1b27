/** Line chart with several series (e.g. mean validation MAPE vs epoch per model), optional ±band and log y. */
import { DataError } from "../../core/errors.js";
import { categoricalColor } from "./colors.js";
import { bottomAxis, escapeXml, figureId, leftAxis, legend, logTicks, makeScale, niceDomain, niceTicks, type PlotArea, px, svgDocument } from "./core.js";

export interface LineSeries {
  readonly name: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
  /** Optional shaded band (e.g. mean ± std over runs): lower and upper y per point. */
  readonly band?: { readonly low: readonly number[]; readonly high: readonly number[] };
  readonly color?: string;
  readonly dashed?: boolean;
}

export interface LineChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly LineSeries[];
  readonly logY?: boolean;
  readonly width?: number;
  readonly height?: number;
}

const usable = (v: number, log: boolean): boolean => Number.isFinite(v) && (!log || v > 0);

/** Polyline path through the usable points; a gap (NaN) starts a new segment. */
function path(xs: readonly number[], ys: readonly number[], fx: (v: number) => number, fy: (v: number) => number, log: boolean): string {
  let d = "";
  let pen = false;
  for (let i = 0; i < xs.length; i++) {
    if (!usable(ys[i], log) || !Number.isFinite(xs[i])) {
      pen = false;
      continue;
    }
    d += `${pen ? "L" : "M"}${px(fx(xs[i]))} ${px(fy(ys[i]))}`;
    pen = true;
  }
  return d;
}

/** SVG with one <path class="series"> per series and a legend when there are several. */
export function lineChartSvg(options: LineChartOptions): string {
  const log = options.logY ?? false;
  const { series } = options;
  if (series.length === 0) throw new DataError("line chart needs at least one series");
  for (const s of series) {
    if (s.x.length !== s.y.length) throw new DataError(`line series '${s.name}': x and y differ in length`);
    if (s.band && (s.band.low.length !== s.x.length || s.band.high.length !== s.x.length)) {
      throw new DataError(`line series '${s.name}': band must match x in length`);
    }
  }
  const xs = series.flatMap((s) => s.x.filter(Number.isFinite));
  const ys = series.flatMap((s) => [...s.y, ...(s.band?.low ?? []), ...(s.band?.high ?? [])]).filter((v) => usable(v, log));
  if (xs.length === 0 || ys.length === 0) throw new DataError("line chart of no (usable) points");
  const showLegend = series.length > 1;
  const width = options.width ?? (showLegend ? 860 : 720);
  const height = options.height ?? 440;
  const area: PlotArea = { left: 80, top: 50, width: width - 110 - (showLegend ? 160 : 0), height: height - 50 - 70 };
  const [x0, x1] = niceDomain(Math.min(...xs), Math.max(...xs), 8);
  let yDomain: [number, number];
  let yTicks: number[];
  if (log) {
    yDomain = [10 ** Math.floor(Math.log10(Math.min(...ys))), 10 ** Math.ceil(Math.log10(Math.max(...ys)))];
    yTicks = logTicks(yDomain[0], yDomain[1]);
  } else {
    yDomain = niceDomain(Math.min(...ys), Math.max(...ys), 6);
    yTicks = niceTicks(yDomain[0], yDomain[1], 6);
  }
  const fx = makeScale([x0, x1], [area.left, area.left + area.width]);
  const fy = makeScale(yDomain, [area.top + area.height, area.top], log);
  const parts = [leftAxis(area, fy, yTicks, options.yLabel), bottomAxis(area, fx, niceTicks(x0, x1, 8), options.xLabel)];
  const clip = figureId("plot", options.title);
  parts.push(`<clipPath id="${clip}"><rect x="${px(area.left)}" y="${px(area.top)}" width="${px(area.width)}" height="${px(area.height)}"/></clipPath>`);
  for (const [k, s] of series.entries()) {
    const color = s.color ?? categoricalColor(k);
    if (s.band) {
      const upper = path(s.x, s.band.high, fx, fy, log);
      const lowerPts = s.x
        .map((x, i) => [x, s.band?.low[i] ?? NaN] as const)
        .filter(([x, v]) => Number.isFinite(x) && usable(v, log))
        .reverse()
        .map(([x, v]) => `L${px(fx(x))} ${px(fy(v))}`)
        .join("");
      if (upper && lowerPts) {
        parts.push(`<path class="band" d="${upper}${lowerPts}Z" fill="${color}" fill-opacity="0.15" stroke="none" clip-path="url(#${clip})"/>`);
      }
    }
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : "";
    parts.push(
      `<path class="series" d="${path(s.x, s.y, fx, fy, log)}" fill="none" stroke="${color}" stroke-width="2" stroke-linejoin="round"${dash} clip-path="url(#${clip})"><title>${escapeXml(s.name)}</title></path>`,
    );
  }
  if (showLegend) {
    parts.push(legend(area.left + area.width + 24, area.top + 10, series.map((s, k) => ({ name: s.name, color: s.color ?? categoricalColor(k), kind: "line" as const }))));
  }
  return svgDocument(width, height, options.title, parts.join("\n"));
}
