import { describe, expect, it } from "vitest";
import { Compose, DataError, type Standardize, targetTransformFromJSON } from "../../src/core/index.js";
import { fitKappaTransform, randomSplits, readJsonLines } from "../../src/data/index.js";
import { dataFile } from "../helpers/paths.js";

async function togo15Kappa(): Promise<number[]> {
  const out: number[] = [];
  for await (const e of readJsonLines(dataFile("togo15_paraisite_dataset1.jsonl"))) out.push(Number(e.value?.["ltc_w_mk"]));
  return out;
}

describe("fitKappaTransform", () => {
  it("fits log10(κ+1) then population std on Togo15, as numpy (oracle values)", async () => {
    const kappa = await togo15Kappa();
    expect(kappa).toHaveLength(95);
    const t = fitKappaTransform(kappa);
    const std = t.steps[1] as Standardize;
    // numpy: L = log10(k + 1); L.mean(), L.std() (ddof 0)
    expect(std.mean).toBeCloseTo(1.4399562976489628, 12);
    expect(std.std).toBeCloseTo(0.754053397288372, 12);
    expect(t.toJSON()).toEqual({
      kind: "compose",
      steps: [{ kind: "log10plus1" }, { kind: "standardize", mean: std.mean, std: std.std }],
    });
    // sample std on request (matgl's Normalizer.from_data uses torch.std, ddof 1)
    const sample = fitKappaTransform(kappa, { ddof: 1 }).steps[1] as Standardize;
    expect(sample.std).toBeCloseTo(0.7580537086344862, 12);
    // κ round-trips through the transform and its JSON form
    const back = targetTransformFromJSON(t.toJSON());
    for (const k of [0.5, 19.88, 1769]) expect(back.inverse(t.forward(k))).toBeCloseTo(k, 9);
    expect(t.forward(0)).toBeCloseTo(-1.4399562976489628 / 0.754053397288372, 10);
  });

  it("fits on the train split only when asked", () => {
    const values = [1, 9, 99, 999, 9999];
    const t = fitKappaTransform(values, { fitOn: "train", trainIndices: [1, 2] });
    const std = t.steps[1] as Standardize;
    expect(std.mean).toBeCloseTo(1.5, 12); // log10(10), log10(100)
    expect(std.std).toBeCloseTo(0.5, 12);
    expect(t).toBeInstanceOf(Compose);
    const split = randomSplits(values.length, { runs: 1 })[0];
    expect(() => fitKappaTransform(values, { fitOn: "train", trainIndices: split.train })).not.toThrow();
    expect(() => fitKappaTransform(values, { fitOn: "train" })).toThrow(DataError);
    expect(() => fitKappaTransform(values, { fitOn: "train", trainIndices: [7] })).toThrow(/outside/);
    expect(() => fitKappaTransform([1, Number.NaN])).toThrow(DataError);
    expect(() => fitKappaTransform([3, 3, 3])).toThrow(/all values equal/);
  });
});
