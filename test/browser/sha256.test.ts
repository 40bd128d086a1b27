/** The JavaScript SHA-256 (used by pages without WebCrypto) against node:crypto, at padding edges. */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sha256HexAsync, sha256HexSync } from "../../src/browser/sha256.js";
import { createRng } from "../../src/core/prng.js";

describe("sha256", () => {
  it("matches node:crypto on every length around the 64-byte block and a long input", async () => {
    const rng = createRng(15);
    for (const n of [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 100_003]) {
      const bytes = Uint8Array.from({ length: n }, () => Math.floor(rng.next() * 256));
      const expected = createHash("sha256").update(bytes).digest("hex");
      expect(sha256HexSync(bytes)).toBe(expected);
      expect(await sha256HexAsync(bytes)).toBe(expected);
    }
    expect(sha256HexSync(new TextEncoder().encode("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});
