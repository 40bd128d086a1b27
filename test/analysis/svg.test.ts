import { describe, expect, it } from "vitest";
import { boxPlotSvg, boxStats } from "../../src/analysis/svg/box-plot.js";
import { divergingColor, textColorOn } from "../../src/analysis/svg/colors.js";
import { escapeXml, formatNumber, logTicks, makeScale, niceDomain, niceTicks } from "../../src/analysis/svg/core.js";
import { heatmapSvg } from "../../src/analysis/svg/heatmap.js";
import { histogramSvg } from "../../src/analysis/svg/histogram-plot.js";
import { lineChartSvg } from "../../src/analysis/svg/line-chart.js";
import { DataError } from "../../src/core/errors.js";
import { checkWellFormed, count } from "./xml.js";

describe("svg building blocks", () => {
  it("the test's well-formedness check catches broken markup", () => {
    expect(() => checkWellFormed("<svg><g></svg>")).toThrow();
    expect(() => checkWellFormed("<svg><text>a & b</text></svg>")).toThrow();
    expect(() => checkWellFormed("<svg><text>a &amp; b</text><rect x=\"1\"/></svg>")).not.toThrow();
  });

  it("escapes markup and formats numbers compactly", () => {
    expect(escapeXml(`a<b & "c" 'd'>`)).toBe("a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
    expect(formatNumber(0.5)).toBe("0.5");
    expect(formatNumber(1234)).toBe("1230");
    expect(formatNumber(120000)).toBe("1.2e5");
    expect(formatNumber(0.0002)).toBe("2e-4");
    expect(formatNumber(0)).toBe("0");
  });

  it("nice ticks are round and cover the range", () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.3, 9.7, 6)).toEqual([2, 4, 6, 8]);
    expect(niceTicks(-1, 1, 4)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(niceDomain(3, 97, 5)).toEqual([0, 100]);
    expect(logTicks(0.4, 130)).toEqual([1, 10, 100]);
    expect(logTicks(2, 60)).toEqual([2, 5, 10, 20, 50]);
  });

  it("scales map domains linearly or in log10", () => {
    const lin = makeScale([0, 10], [100, 200]);
    expect(lin(5)).toBe(150);
    const log = makeScale([1, 100], [0, 200], true);
    expect(log(10)).toBeCloseTo(100, 12);
    expect(makeScale([3, 3], [0, 10])(3)).toBe(5);
  });

  it("diverging colours: blue below zero, white at zero, red above, grey for NaN", () => {
    expect(divergingColor(0)).toBe("#f7f7f7");
    expect(divergingColor(-1)).toBe("#053061");
    expect(divergingColor(1)).toBe("#67001f");
    expect(divergingColor(5)).toBe(divergingColor(1));
    expect(divergingColor(NaN)).toBe("#bdbdbd");
    expect(textColorOn("#053061")).toBe("#ffffff");
    expect(textColorOn("#f7f7f7")).toBe("#222222");
  });
});

describe("heatmap", () => {
  const svg = heatmapSvg({
    title: "r with κ",
    rowLabels: ["volume (Å³)", "density (g/cm³)", "a & b"],
    columnLabels: ["mean κ", "variance of κ"],
    values: [
      [0.42, -0.31],
      [-0.004, NaN],
      [1, -1],
    ],
    pValues: [
      [0.0001, 0.03],
      [0.9, NaN],
      [0, 0],
    ],
  });
  it("is well-formed, scalable and has one cell per value", () => {
    checkWellFormed(svg);
    expect(svg).toMatch(/viewBox="0 0 \d+ \d+"/);
    expect(count(svg, /<rect class="cell"/)).toBe(6);
    expect(count(svg, /<rect class="colorbar"/)).toBe(1);
  });
  it("labels rows, columns and values (significance stars, n/a, no negative zero)", () => {
    for (const label of ["volume (Å³)", "density (g/cm³)", "a &amp; b", "mean κ", "variance of κ", "Pearson r"]) {
      expect(svg).toContain(label);
    }
    expect(svg).toContain(">0.42**<");
    expect(svg).toContain(">-0.31*<");
    expect(svg).toContain(">0.00<");
    expect(svg).toContain(">n/a<");
    expect(svg).not.toContain("-0.00");
  });
  it("rejects a value matrix of the wrong shape", () => {
    expect(() => heatmapSvg({ title: "t", rowLabels: ["a"], columnLabels: ["x", "y"], values: [[1]] })).toThrow(DataError);
  });
});

describe("histogram", () => {
  const values = Array.from({ length: 200 }, (_, i) => 10 ** ((i % 40) / 13 - 0.5));
  it("draws one bar per bin, log axis labelled, median marker", () => {
    const svg = histogramSvg(values, { title: "mean κ", xLabel: "κ (W/(m·K))", bins: 12, log: true, markers: [{ value: 3, label: "median 3" }] });
    checkWellFormed(svg);
    expect(count(svg, /<rect class="bar"/)).toBe(12);
    expect(svg).toContain("κ (W/(m·K)) (log scale)");
    expect(svg).toContain(">median 3<");
    expect(svg).toContain(">count<");
    for (const tick of [">1<", ">10<", ">100<"]) expect(svg).toContain(tick);
  });
  it("linear bins with Sturges' default", () => {
    const svg = histogramSvg([1, 2, 2, 3, 3, 3, 4, 4, 5], { title: "t", xLabel: "x" });
    checkWellFormed(svg);
    expect(count(svg, /<rect class="bar"/)).toBe(5); // ceil(log2 9) + 1
  });
});

describe("box plot", () => {
  it("Tukey statistics with numpy quantiles and 1.5 IQR whiskers", () => {
    const s = boxStats([1, 2, 3, 4, 5, 6, 7, 8, 40]);
    expect([s.q1, s.median, s.q3]).toEqual([3, 5, 7]);
    expect([s.whiskerLow, s.whiskerHigh]).toEqual([1, 8]);
    expect(s.outliers).toEqual([40]);
    expect(s.n).toBe(9);
  });
  it("one box per (category, series) with values, a legend for several series", () => {
    const runs = (base: number): number[] => Array.from({ length: 9 }, (_, i) => base + i);
    const svg = boxPlotSvg({
      title: "MAPE per model over 9 runs",
      yLabel: "MAPE (%)",
      categories: ["M0", "M1", "M2"],
      series: [
        { name: "Togo15", values: [runs(30), runs(40), runs(50)] },
        { name: "HH143", values: [runs(20), [], runs(25)] },
      ],
    });
    checkWellFormed(svg);
    expect(count(svg, /<g class="box">/)).toBe(5);
    expect(count(svg, /<g class="legend">/)).toBe(1);
    for (const label of ["M0", "M1", "M2", "Togo15", "HH143", "MAPE (%)"]) expect(svg).toContain(label);
  });
  it("rejects series without one list per category", () => {
    expect(() => boxPlotSvg({ title: "t", yLabel: "y", categories: ["a", "b"], series: [{ name: "s", values: [[1]] }] })).toThrow(DataError);
  });
});

describe("line chart", () => {
  const epochs = Array.from({ length: 50 }, (_, i) => i + 1);
  const series = ["M0", "M1", "M2", "M3"].map((name, k) => {
    const y = epochs.map((e) => 20 + 200 * Math.exp(-e / (5 + 5 * k)));
    return { name, x: epochs, y, band: { low: y.map((v) => v * 0.9), high: y.map((v) => v * 1.1) } };
  });
  it("one path per series, bands, legend, log axis", () => {
    const svg = lineChartSvg({ title: "validation MAPE", xLabel: "epoch", yLabel: "MAPE (%)", series, logY: true });
    checkWellFormed(svg);
    expect(count(svg, /<path class="series"/)).toBe(4);
    expect(count(svg, /<path class="band"/)).toBe(4);
    expect(count(svg, /<g class="legend">/)).toBe(1);
    for (const label of ["epoch", "MAPE (%)", "M3", ">100<"]) expect(svg).toContain(label);
  });
  it("a NaN breaks the line into segments; one series has no legend", () => {
    const svg = lineChartSvg({ title: "t", xLabel: "x", yLabel: "y", series: [{ name: "s", x: [1, 2, 3, 4], y: [1, NaN, 3, 4] }] });
    const d = /<path class="series" d="([^"]+)"/.exec(svg)?.[1] ?? "";
    expect(count(d, /M/)).toBe(2);
    expect(svg).not.toContain('class="legend"');
    expect(() => lineChartSvg({ title: "t", xLabel: "x", yLabel: "y", series: [{ name: "s", x: [1], y: [1, 2] }] })).toThrow(DataError);
  });
});
