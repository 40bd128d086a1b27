/** Correlation heatmap: rows × columns of coefficients in [−1, 1] on a diverging scale, with a colour bar. */
import { DataError } from "../../core/errors.js";
import { divergingColor, textColorOn } from "./colors.js";
import { escapeXml, figureId, px, svgDocument, text, textWidth } from "./core.js";

export interface HeatmapOptions {
  readonly title: string;
  readonly rowLabels: readonly string[];
  readonly columnLabels: readonly string[];
  /** values[row][column], each in [−1, 1] or NaN (drawn grey, labelled "n/a"). */
  readonly values: readonly (readonly number[])[];
  /** Optional p-values, same shape: cells with p < 0.05 get a "*", p < 0.001 "**". */
  readonly pValues?: readonly (readonly number[])[];
  /** Colour bar caption (default "Pearson r"). */
  readonly colorBarLabel?: string;
  readonly cellWidth?: number;
  readonly cellHeight?: number;
}

function stars(p: number | undefined): string {
  if (p === undefined || !(p < 0.05)) return "";
  return p < 0.001 ? "**" : "*";
}

/** SVG heatmap with one <rect class="cell"> per value and a colour bar from −1 to 1. */
export function heatmapSvg(options: HeatmapOptions): string {
  const { rowLabels, columnLabels, values } = options;
  if (values.length !== rowLabels.length || values.some((r) => r.length !== columnLabels.length)) {
    throw new DataError(`heatmap: values must be ${rowLabels.length} × ${columnLabels.length}`);
  }
  const cellW = options.cellWidth ?? 110;
  const cellH = options.cellHeight ?? 28;
  const labelW = Math.max(60, ...rowLabels.map((l) => textWidth(l, 12))) + 16;
  const left = labelW + 10;
  const top = 78;
  const gridW = cellW * columnLabels.length;
  const gridH = cellH * rowLabels.length;
  const barX = left + gridW + 36;
  const barW = 18;
  const barH = Math.max(gridH, 140);
  const width = barX + barW + 110;
  const height = top + Math.max(gridH, barH) + 30;

  const parts: string[] = [];
  for (const [j, label] of columnLabels.entries()) {
    parts.push(text(left + (j + 0.5) * cellW, top - 12, label, { anchor: "middle", cls: "label", weight: "600" }));
  }
  for (const [i, label] of rowLabels.entries()) {
    const y = top + i * cellH;
    parts.push(text(left - 10, y + cellH / 2 + 4, label, { anchor: "end", cls: "label" }));
    for (const [j, v] of values[i].entries()) {
      const x = left + j * cellW;
      const fill = divergingColor(v);
      // `+ 0` turns −0 into 0, and rounding-to-zero negatives print as "0.00", not "-0.00".
      const fixed = Number.isNaN(v) ? "n/a" : (Math.round(v * 100) / 100 + 0).toFixed(2).replace(/^-0\.00$/, "0.00");
      const caption = Number.isNaN(v) ? fixed : `${fixed}${stars(options.pValues?.[i]?.[j])}`;
      parts.push(
        `<rect class="cell" x="${px(x)}" y="${px(y)}" width="${px(cellW)}" height="${px(cellH)}" fill="${fill}" stroke="#ffffff" stroke-width="1.5"><title>${escapeXml(`${label} / ${columnLabels[j]}: ${caption}`)}</title></rect>`,
      );
      parts.push(
        `<text x="${px(x + cellW / 2)}" y="${px(y + cellH / 2 + 4)}" text-anchor="middle" font-size="12" fill="${textColorOn(fill === "#bdbdbd" ? "#ffffff" : fill)}">${escapeXml(caption)}</text>`,
      );
    }
  }

  // Colour bar: a vertical gradient from +1 (top) to −1 (bottom).
  const stops = Array.from({ length: 21 }, (_, k) => {
    const v = 1 - k / 10;
    return `<stop offset="${px((k / 20) * 100)}%" stop-color="${divergingColor(v)}"/>`;
  });
  const gradient = figureId("cbar", options.title);
  parts.push(`<defs><linearGradient id="${gradient}" x1="0" y1="0" x2="0" y2="1">${stops.join("")}</linearGradient></defs>`);
  parts.push(`<rect class="colorbar" x="${px(barX)}" y="${px(top)}" width="${barW}" height="${px(barH)}" fill="url(#${gradient})" stroke="#333" stroke-width="0.8"/>`);
  for (const v of [1, 0.5, 0, -0.5, -1]) {
    const y = top + ((1 - v) / 2) * barH;
    parts.push(`<line class="axis" x1="${px(barX + barW)}" y1="${px(y)}" x2="${px(barX + barW + 5)}" y2="${px(y)}"/>`);
    parts.push(text(barX + barW + 8, y + 4, v.toFixed(1), { cls: "tick" }));
  }
  parts.push(
    text(barX + barW + 52, top + barH / 2, options.colorBarLabel ?? "Pearson r", { anchor: "middle", rotate: 90, cls: "label" }),
  );
  if (options.pValues) {
    parts.push(text(left, top + gridH + 20, "* p < 0.05   ** p < 0.001", { cls: "tick" }));
  }
  return svgDocument(width, height + (options.pValues ? 10 : 0), options.title, parts.join("\n"));
}
