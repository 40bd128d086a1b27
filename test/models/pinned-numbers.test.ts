/**
 * The pinned numbers of test/models/pinned.ts, bit for bit, on cpu and on wasm with the plain SIMD
 * kernels: refactorings of the model, the layers, the manual tape or the trainer must not move them.
 */
import { afterAll, describe, expect, it } from "vitest";
import { setWasmFusedMultiplyAdd } from "../../src/backend/wasm-kernels/kernels.js";
import { useBackend } from "./helpers.js";
import { computePins, readPins } from "./pinned.js";

const pinned = readPins();
afterAll(() => setWasmFusedMultiplyAdd(true));

for (const backend of ["cpu", "wasm"] as const) {
  describe(`pinned numbers (${backend}${backend === "wasm" ? ", plain SIMD kernels" : ""})`, () => {
    it("predictions, training gradients, a training run, the shipped ensemble and Li2O are unchanged", async () => {
      await useBackend(backend);
      setWasmFusedMultiplyAdd(false);
      const now = await computePins();
      const want = pinned[backend];
      expect(now.predictions).toEqual(want.predictions);
      expect(now.gradients).toEqual(want.gradients);
      expect(now.training).toEqual(want.training);
      expect(now.ensemble).toEqual(want.ensemble);
      expect(now.li2o).toBe(want.li2o);
    });
  });
}
