import { defineConfig } from "tsup";

// Subpath entries (`paraisite/<folder>`): each folder's whole public surface (its index.ts).
const subpaths = Object.fromEntries(
  ["backend", "nn", "models", "weights", "registry", "data", "train", "experiment", "analysis", "evaluate"].map((folder) => [folder, `src/${folder}/index.ts`]),
);

export default defineConfig({
  // `testing` (graph invariance helpers) is its own entry so that importing `paraisite` never loads fast-check.
  entry: {
    index: "src/index.ts",
    ...subpaths,
    cli: "src/cli/main.ts",
    testing: "src/graph/testing.ts",
    // loaded by InferencePool as a worker script, next to the bundle that starts it
    "inference-worker": "src/models/inference-worker.ts",
    // loaded by GradientPool (data-parallel training), likewise
    "gradient-worker": "src/train/gradient-worker.ts",
  },
  format: ["esm", "cjs"],
  dts: { entry: { index: "src/index.ts", ...subpaths, testing: "src/graph/testing.ts" } },
  sourcemap: true,
  clean: true,
  target: "node20",
  // ESM chunks are shared between entries, so `testing` and `index` see the same classes.
  splitting: true,
  shims: true,
  external: ["fast-check", "@tensorflow/tfjs-node", "@tensorflow/tfjs-node-gpu"],
});
