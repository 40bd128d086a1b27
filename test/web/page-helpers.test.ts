/** The demo page's pure helpers: κ ± σ as a measurement, per-model values to 3 digits, task sizes. */
import { describe, expect, it } from "vitest";
import { decimalsFor, formatKappa, formatValue } from "../../examples/web/src/format.js";
import { filesPerTask } from "../../examples/web/src/tasks.js";

describe("formatKappa", () => {
  it("rounds σ to two significant digits and the mean to the same place", () => {
    expect(formatKappa(12.3456, 4.1234)).toEqual({ mean: "12.3", std: "4.1" });
    expect(formatKappa(0.8412, 0.2149)).toEqual({ mean: "0.84", std: "0.21" });
    expect(formatKappa(154.4, 37.2)).toEqual({ mean: "154", std: "37" });
    expect(formatKappa(2.5712, 0.5531)).toEqual({ mean: "2.57", std: "0.55" });
    // σ that rounds up to a new decade keeps two digits
    expect(formatKappa(50.04, 9.96)).toEqual({ mean: "50", std: "10" });
    expect(formatKappa(1.234, 0.0996)).toEqual({ mean: "1.23", std: "0.10" });
    // no spread (one model): three decimals
    expect(formatKappa(5.5, 0)).toEqual({ mean: "5.500", std: "0.000" });
    expect(decimalsFor(1e-9)).toBe(6);
  });

  it("shows per-model values with three significant digits", () => {
    expect([formatValue(32.149), formatValue(0.84), formatValue(154.2), formatValue(0), formatValue(2e-4), formatValue(123456)]).toEqual([
      "32.1",
      "0.840",
      "154",
      "0",
      "2.00e-4",
      "1.23e+5",
    ]);
  });
});

describe("filesPerTask", () => {
  it("gives about four tasks per worker, between 4 and 64 files", () => {
    expect([filesPerTask(1, 2), filesPerTask(7, 2), filesPerTask(120, 2), filesPerTask(120, 1), filesPerTask(10_000, 2), filesPerTask(50, 0)]).toEqual([4, 4, 15, 30, 64, 13]);
  });
});
