/**
 * Small, dependency-free SVG building blocks: escaping, number formatting, scales, "nice" ticks
 * and axes. Plots are plain strings with a viewBox, so they scale in browsers and markdown viewers.
 */

/** Escape text for SVG/XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${{ "&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "apos" }[c]};`);
}

/** Compact number for tick labels and annotations: 0.001 → "0.001", 12000 → "1.2e4", 0.5 → "0.5". */
export function formatNumber(x: number, digits = 3): string {
  if (x === 0) return "0";
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (abs >= 1e5 || abs < 1e-3) {
    const [m, e] = x.toExponential(digits - 1).split("e");
    return `${String(Number(m))}e${Number(e)}`;
  }
  return String(Number(x.toPrecision(digits)));
}

/** Coordinate for SVG output: 2 decimals is sub-pixel and keeps files small. */
export const px = (x: number): string => String(Math.round(x * 100) / 100);

/** Maps data values to pixels. */
export interface Scale {
  (value: number): number;
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
  readonly log: boolean;
}

/** Linear or log10 scale from [d0, d1] to [r0, r1]. A zero-width domain maps to the middle. */
export function makeScale(domain: readonly [number, number], range: readonly [number, number], log = false): Scale {
  const t = (v: number): number => (log ? Math.log10(v) : v);
  const [a, b] = [t(domain[0]), t(domain[1])];
  const f = ((v: number): number =>
    b === a ? (range[0] + range[1]) / 2 : range[0] + ((t(v) - a) / (b - a)) * (range[1] - range[0])) as Scale;
  return Object.assign(f, { domain, range, log });
}

/** Up to ~`count` round tick values (1, 2, 5 × 10^k steps) covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 6): number[] {
  if (!(Number.isFinite(lo) && Number.isFinite(hi))) return [];
  if (lo === hi) return [lo];
  const span = hi - lo;
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => span / s <= count) ?? 10 * mag;
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  const ticks: number[] = [];
  // Round to the step's precision so 0.30000000000000004 prints as 0.3.
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  for (let k = first; k <= last; k++) ticks.push(Number((k * step).toFixed(decimals)));
  return ticks;
}

/** Round domain [lo, hi] outward to the nice tick step, so axes end on a tick. */
export function niceDomain(lo: number, hi: number, count = 6): [number, number] {
  if (lo === hi) return lo === 0 ? [-1, 1] : [lo - Math.abs(lo) / 2, hi + Math.abs(hi) / 2];
  const ticks = niceTicks(lo, hi, count);
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : hi - lo;
  return [Math.floor(lo / step + 1e-9) * step, Math.ceil(hi / step - 1e-9) * step];
}

/** Powers of ten covering [lo, hi] (lo > 0); adds 2× and 5× when fewer than three decades. */
export function logTicks(lo: number, hi: number): number[] {
  const e0 = Math.floor(Math.log10(lo) + 1e-9);
  const e1 = Math.ceil(Math.log10(hi) - 1e-9);
  const multipliers = e1 - e0 < 3 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let e = e0; e <= e1; e++) {
    for (const m of multipliers) {
      const v = Number((m * 10 ** e).toPrecision(12));
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) ticks.push(v);
    }
  }
  return ticks;
}

/** Text element; `anchor` is text-anchor, `rotate` turns it about its anchor point. */
export function text(
  x: number,
  y: number,
  content: string,
  opts: { anchor?: "start" | "middle" | "end"; size?: number; weight?: string; rotate?: number; baseline?: string; cls?: string } = {},
): string {
  const attrs = [`x="${px(x)}"`, `y="${px(y)}"`];
  if (opts.anchor && opts.anchor !== "start") attrs.push(`text-anchor="${opts.anchor}"`);
  if (opts.size) attrs.push(`font-size="${opts.size}"`);
  if (opts.weight) attrs.push(`font-weight="${opts.weight}"`);
  if (opts.baseline) attrs.push(`dominant-baseline="${opts.baseline}"`);
  if (opts.rotate) attrs.push(`transform="rotate(${opts.rotate} ${px(x)} ${px(y)})"`);
  if (opts.cls) attrs.push(`class="${opts.cls}"`);
  return `<text ${attrs.join(" ")}>${escapeXml(content)}</text>`;
}

/** The plotting rectangle inside the figure margins. */
export interface PlotArea {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** Horizontal axis along the bottom of `area`: line, ticks, labels, optional title and grid. */
export function bottomAxis(area: PlotArea, scale: Scale, ticks: readonly number[], title?: string, grid = false): string {
  const y = area.top + area.height;
  const parts = [`<line class="axis" x1="${px(area.left)}" y1="${px(y)}" x2="${px(area.left + area.width)}" y2="${px(y)}"/>`];
  for (const t of ticks) {
    const x = scale(t);
    if (grid) parts.push(`<line class="grid" x1="${px(x)}" y1="${px(area.top)}" x2="${px(x)}" y2="${px(y)}"/>`);
    parts.push(`<line class="axis" x1="${px(x)}" y1="${px(y)}" x2="${px(x)}" y2="${px(y + 5)}"/>`);
    parts.push(text(x, y + 18, formatNumber(t), { anchor: "middle", cls: "tick" }));
  }
  if (title) parts.push(text(area.left + area.width / 2, y + 40, title, { anchor: "middle", cls: "label" }));
  return `<g class="x-axis">${parts.join("")}</g>`;
}

/** Vertical axis along the left of `area`: line, ticks, labels, optional rotated title and grid. */
export function leftAxis(area: PlotArea, scale: Scale, ticks: readonly number[], title?: string, grid = true): string {
  const x = area.left;
  const parts = [`<line class="axis" x1="${px(x)}" y1="${px(area.top)}" x2="${px(x)}" y2="${px(area.top + area.height)}"/>`];
  for (const t of ticks) {
    const y = scale(t);
    if (grid) parts.push(`<line class="grid" x1="${px(x)}" y1="${px(y)}" x2="${px(x + area.width)}" y2="${px(y)}"/>`);
    parts.push(`<line class="axis" x1="${px(x - 5)}" y1="${px(y)}" x2="${px(x)}" y2="${px(y)}"/>`);
    parts.push(text(x - 8, y + 4, formatNumber(t), { anchor: "end", cls: "tick" }));
  }
  if (title) {
    const cx = x - 52;
    const cy = area.top + area.height / 2;
    parts.push(text(cx, cy, title, { anchor: "middle", rotate: -90, cls: "label" }));
  }
  return `<g class="y-axis">${parts.join("")}</g>`;
}

const STYLE = [
  "text{font-family:'DejaVu Sans',Helvetica,Arial,sans-serif;fill:#222}",
  ".title{font-size:16px;font-weight:600}",
  ".label{font-size:13px}",
  ".tick{font-size:11px;fill:#444}",
  ".axis{stroke:#333;stroke-width:1}",
  ".grid{stroke:#e3e3e3;stroke-width:1}",
  ".halo{stroke:#ffffff;stroke-width:3px;paint-order:stroke;stroke-linejoin:round}",
].join("");

/** A complete SVG document with a white background, shared styles, a title and an accessible <title>. */
export function svgDocument(width: number, height: number, title: string, body: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img">`,
    `<title>${escapeXml(title)}</title>`,
    `<style>${STYLE}</style>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    text(width / 2, 26, title, { anchor: "middle", cls: "title" }),
    body,
    "</svg>",
    "",
  ].join("\n");
}

/** Legend: a column of coloured swatches with names, top-left at (x, y). */
export function legend(
  x: number,
  y: number,
  items: readonly { name: string; color: string; kind?: "line" | "box"; opacity?: number }[],
): string {
  const rows = items.map((item, i) => {
    const cy = y + i * 20;
    const swatch =
      item.kind === "line"
        ? `<line x1="${px(x)}" y1="${px(cy)}" x2="${px(x + 22)}" y2="${px(cy)}" stroke="${item.color}" stroke-width="2.5"/>`
        : `<rect x="${px(x + 3)}" y="${px(cy - 6)}" width="16" height="12" fill="${item.color}" fill-opacity="${item.opacity ?? 1}" stroke="#333" stroke-width="0.6"/>`;
    return swatch + text(x + 30, cy + 4, item.name, { cls: "label" });
  });
  return `<g class="legend">${rows.join("")}</g>`;
}

/** An element id unique to this figure (from its title), so several SVGs can be inlined in one page. */
export function figureId(prefix: string, title: string): string {
  let h = 2166136261;
  for (let i = 0; i < title.length; i++) h = Math.imul(h ^ title.charCodeAt(i), 16777619);
  return `${prefix}-${(h >>> 0).toString(36)}`;
}

/** Approximate rendered width of a label (px) at `size`, for layout; ~0.6 em per character. */
export function textWidth(content: string, size = 12): number {
  return content.length * size * 0.6;
}
