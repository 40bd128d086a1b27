/** Applicability flags: unseen elements, ensemble spread of log10 κ, a member pinned at the κ range; domain.json. */
import { describe, expect, it } from "vitest";
import { assessApplicability, DOMAIN_FORMAT, describeApplicability, log10Spread, parseDomain } from "../../src/ensemble/applicability.js";
import { KAPPA_RANGE } from "../../src/models/paraisite.js";

const domain = { elements: ["Cl", "Na", "O", "Zn"], maxLog10Spread: 0.2 };

describe("applicability", () => {
  it("log10Spread is the sample std of log10 κ (ddof 1)", () => {
    expect(log10Spread([10, 100])).toBeCloseTo(Math.SQRT1_2, 15);
    expect(log10Spread([5])).toBe(0);
    expect(log10Spread([3, 3, 3])).toBe(0);
  });

  it("flags elements never seen, a spread above the threshold, and a member at the physical range", () => {
    const ok = assessApplicability(domain, [11, 17], [5, 6, 7]);
    expect(ok).toEqual({ inDomain: true, flags: [], unseenElements: [], log10Spread: log10Spread([5, 6, 7]) });
    const unseen = assessApplicability(domain, [94, 8, 92], [5, 6]);
    expect(unseen.flags).toEqual(["unseen-elements"]);
    expect(unseen.unseenElements).toEqual(["Pu", "U"]);
    const spread = assessApplicability(domain, [11, 17], [1, 10, 100]);
    expect(spread.flags).toEqual(["high-spread"]);
    expect(describeApplicability(spread, domain)).toBe("outside the model's domain: members disagree (σ of log10 κ 1.00 > 0.2)");
    const clamped = assessApplicability(domain, [30, 8], [KAPPA_RANGE.min, KAPPA_RANGE.min]);
    expect(clamped.flags).toEqual(["range-clamped"]);
  });

  it("parses domain.json and names what is wrong", () => {
    expect(parseDomain({ format: DOMAIN_FORMAT, version: 1, ...domain }, "d.json")).toEqual(domain);
    expect(() => parseDomain({ format: "x" }, "d.json")).toThrow(/d.json: not a paraisite-domain file/);
    expect(() => parseDomain({ format: DOMAIN_FORMAT, elements: [1], maxLog10Spread: 1 }, "d.json")).toThrow(/elements/);
    expect(() => parseDomain({ format: DOMAIN_FORMAT, elements: [], maxLog10Spread: 0 }, "d.json")).toThrow(/maxLog10Spread/);
  });
});

describe("distance to the training data", () => {
  it("finds the nearest training embedding, flags far structures, and round-trips domain.json", async () => {
    const { nearestDistance, float32FromBase64, float32ToBase64, domainJson } = await import("../../src/ensemble/applicability.js");
    const points = Float32Array.from([0, 0, 3, 4, 10, 0]);
    expect(nearestDistance(points, 2, [3, 0])).toBe(3);
    expect(nearestDistance(points, 2, [3, 4])).toBe(0);
    expect(float32FromBase64(float32ToBase64(Float32Array.from([1.5, -2.25, 1e-7])))).toEqual(Float32Array.from([1.5, -2.25, 1e-7]));
    const withEmbedding = { ...domain, embedding: { member: 0, width: 2, points, scale: 2, maxDistance: 1.5 } };
    const near = assessApplicability(withEmbedding, [11], [5, 6], [1, 0]);
    expect(near.distance).toBe(0.5);
    expect(near.inDomain).toBe(true);
    const far = assessApplicability(withEmbedding, [11], [5, 6], [20, 20]);
    expect(far.flags).toEqual(["far-from-training"]);
    expect(far.distance).toBeCloseTo(Math.hypot(10, 20) / 2, 6);
    expect(parseDomain(JSON.parse(domainJson(withEmbedding)), "d.json")).toEqual(withEmbedding);
  });
});
