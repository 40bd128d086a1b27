import { describe, expect, it } from "vitest";
import { meanCurve, meanCurveSeries } from "../../src/analysis/curves.js";
import { lineChartSvg } from "../../src/analysis/svg/line-chart.js";
import { DataError } from "../../src/core/errors.js";
import { checkWellFormed, count } from "./xml.js";

describe("mean learning curves", () => {
  const runs = [
    [10, 8, 6, 5],
    [12, 9, 7],
    [11, 7, NaN, 4],
  ];
  it("averages the runs that reached each epoch (early stopping), sample std", () => {
    const c = meanCurve(runs);
    expect(c.epochs).toEqual([1, 2, 3, 4]);
    expect(c.mean).toEqual([11, 8, 6.5, 4.5]);
    expect(c.runs).toEqual([3, 3, 2, 2]);
    expect(c.std[0]).toBeCloseTo(1, 15);
    expect(c.std[2]).toBeCloseTo(Math.SQRT1_2, 15);
    expect(meanCurve(runs, { minRuns: 3 }).epochs).toEqual([1, 2]);
    expect(meanCurve([[1, 2]]).std).toEqual([0, 0]);
    expect(() => meanCurve([])).toThrow(DataError);
  });

  it("gives a line series with a ±std band for the Fig. 6 chart", () => {
    const s = meanCurveSeries("M3", runs);
    expect(s.band?.high[0]).toBeCloseTo(12, 14);
    const svg = lineChartSvg({ title: "mean validation MAPE", xLabel: "epoch", yLabel: "MAPE (%)", series: [s, meanCurveSeries("M4", [[9, 8, 7]])] });
    checkWellFormed(svg);
    expect(count(svg, /<path class="band"/)).toBe(2);
  });
});
