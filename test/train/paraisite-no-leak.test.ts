import * as tf from "@tensorflow/tfjs-core";
import { describe, expect, it } from "vitest";
import { selectBackend } from "../../src/backend/select.js";
import { datasetGraphs, loadDataset } from "../../src/data/index.js";
import { randomTrunkConfig } from "../../src/experiment/init.js";
import { batchGraphs } from "../../src/graph/batch.js";
import { prepareInputs } from "../../src/models/inputs.js";
import { ParAIsite } from "../../src/models/paraisite.js";
import { dataDir } from "../helpers/paths.js";

// A training step that leaked its gradients (kept tensors escape tf.tidy) exhausted the wasm heap
// after ~600 Togo15 epochs; every step must now leave the tensor count where it found it.
describe.each(["wasm", "cpu"] as const)("ParAIsite training step on %s", (backend) => {
  it("frees every tensor it creates, gradients included", async () => {
    await selectBackend({ backend });
    const dataset = await loadDataset("togo15", { dataDir: dataDir(), limit: 8 });
    const graphs = datasetGraphs(dataset, 4);
    const model = new ParAIsite({ trunk: randomTrunkConfig("standard"), headUnits: [16, 1], seed: 3 });
    try {
      const step = (): void => {
        tf.tidy(() => {
          const batch = prepareInputs(batchGraphs(graphs), model.trunk.config);
          const { value } = tf.variableGrads(() => tf.mean(model.forward(batch, { training: true })) as tf.Scalar, model.trainableVariables);
          value.dataSync();
        });
      };
      step(); // first call may create lasting state (e.g. registered gradients)
      const before = tf.memory().numTensors;
      step();
      step();
      expect(tf.memory().numTensors).toBe(before);
    } finally {
      model.dispose();
    }
  });
});
