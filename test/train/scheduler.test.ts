import { describe, expect, it } from "vitest";
import { PAPER_TRAIN_CONFIG } from "../../src/train/config.js";
import { ConstantLR, CosineAnnealingLR } from "../../src/train/scheduler.js";
import { reference } from "./reference.js";

function paperScheduler(): CosineAnnealingLR {
  const s = PAPER_TRAIN_CONFIG.scheduler;
  if (s.kind !== "cosine") throw new Error("paper preset uses cosine");
  return new CosineAnnealingLR({ baseLr: PAPER_TRAIN_CONFIG.learningRate, tMax: s.tMax, etaMin: s.etaMin });
}

describe("CosineAnnealingLR (torch recursive form)", () => {
  it("gives the lr of epochs 0, 1, 150, 299, 300 when stepped twice per epoch, as torch", () => {
    const sched = paperScheduler();
    const byEpoch: number[] = [];
    for (let epoch = 0; epoch <= 300; epoch++) {
      byEpoch.push(sched.lr);
      sched.step();
      sched.step();
    }
    const { epochs, lr_recursive, lr_closed_form } = reference.cosine;
    epochs.forEach((e, i) => {
      // Same float64 recursion as the Python reference; V8's and glibc's cos may differ in the last bit.
      expect(Math.abs(byEpoch[e] - lr_recursive[i]) / lr_recursive[i]).toBeLessThan(1e-14);
      expect(Math.abs(byEpoch[e] - lr_closed_form[i]) / lr_closed_form[i]).toBeLessThan(1e-13);
    });
    expect(byEpoch[300]).toBeCloseTo(3.520365877844013e-4, 18);
    expect(byEpoch[0]).toBe(1e-3);
  });

  it("matches the closed form before T_max and restarts upward after it", () => {
    const sched = paperScheduler();
    const lrs = [sched.lr];
    for (let k = 1; k <= 1003; k++) {
      sched.step();
      lrs.push(sched.lr);
    }
    for (const k of [10, 500, 999]) expect(lrs[k]).toBeCloseTo(sched.closedForm(k), 16);
    reference.cosine.steps_past_tmax.forEach((k, i) => {
      expect(lrs[k]).toBeCloseTo(reference.cosine.lr_past_tmax[i], 18);
    });
    expect(lrs[1001]).toBeGreaterThan(lrs[1000]);
  });

  it("resumes from its state", () => {
    const a = paperScheduler();
    for (let k = 0; k < 37; k++) a.step();
    const b = paperScheduler();
    b.setState(a.getState());
    a.step();
    b.step();
    expect(b.lr).toBe(a.lr);
    expect(b.getState()).toEqual(a.getState());
  });

  it("ConstantLR never changes", () => {
    const c = new ConstantLR(0.01);
    c.step();
    c.step();
    expect(c.lr).toBe(0.01);
    expect(c.getState()).toEqual({ lastEpoch: 2, lr: 0.01 });
  });
});
