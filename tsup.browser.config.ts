import { defineConfig } from "tsup";
import { browserVariants } from "./scripts/browser-variants.js";
import { copyBrowserWasm } from "./scripts/copy-browser-wasm.js";

// `paraisite/browser` (and `paraisite` under the "browser" condition): one ESM bundle with tfjs
// inside, no `node:` import (the plugin fails the build on one), the wasm binaries in ./wasm/.
export default defineConfig({
  entry: { index: "src/browser.ts" },
  outDir: "dist/browser",
  format: ["esm"],
  platform: "browser",
  target: "es2022",
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: false,
  // keep `node:` prefixes for the plugin to refuse (tsup strips them by default)
  removeNodeProtocol: false,
  esbuildPlugins: [browserVariants],
  onSuccess: async () => {
    copyBrowserWasm("dist/browser/wasm");
  },
});
