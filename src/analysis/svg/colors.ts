/** Colour scales for the plots: a diverging blue–white–red map for correlations and a categorical palette. */

type Rgb = readonly [number, number, number];

// ColorBrewer RdBu (11 classes), reversed so −1 is blue and +1 is red, as in matplotlib's "RdBu_r".
const DIVERGING: readonly Rgb[] = [
  [5, 48, 97],
  [33, 102, 172],
  [67, 147, 195],
  [146, 197, 222],
  [209, 229, 240],
  [247, 247, 247],
  [253, 219, 199],
  [244, 165, 130],
  [214, 96, 77],
  [178, 24, 43],
  [103, 0, 31],
];

const hex = (rgb: Rgb): string => `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;

/** Colour for v in [−1, 1] (clamped): blue for negative, white at 0, red for positive. NaN → grey. */
export function divergingColor(v: number): string {
  if (Number.isNaN(v)) return "#bdbdbd";
  const t = ((Math.max(-1, Math.min(1, v)) + 1) / 2) * (DIVERGING.length - 1);
  const i = Math.min(Math.floor(t), DIVERGING.length - 2);
  const f = t - i;
  const a = DIVERGING[i];
  const b = DIVERGING[i + 1];
  return hex([a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]), a[2] + f * (b[2] - a[2])]);
}

/** Dark or light text, whichever reads better on `background` (#rrggbb). */
export function textColorOn(background: string): string {
  const n = Number.parseInt(background.slice(1), 16);
  const luminance = (0.299 * ((n >> 16) & 255) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255)) / 255;
  return luminance < 0.5 ? "#ffffff" : "#222222";
}

/** matplotlib's tab10: distinct, colour-blind-friendlier categorical colours. */
export const PALETTE: readonly string[] = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#d62728",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#7f7f7f",
  "#bcbd22",
  "#17becf",
];

/** The i-th categorical colour (cycles). */
export const categoricalColor = (i: number): string => PALETTE[i % PALETTE.length];
