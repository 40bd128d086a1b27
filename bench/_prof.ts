import { resolve } from "node:path";
import { selectBackend } from "../src/backend/select.js";
import { batchGraphs } from "../src/graph/batch.js";
import { MEGNet } from "../src/models/megnet.js";
import { loadKerasMEGNet } from "../src/weights/keras.js";
import { aflowGraphs } from "./train-step.js";
await selectBackend({ backend: "wasm" });
const { graphs } = await aflowGraphs(512, 4);
const { config, weights } = await loadKerasMEGNet(resolve("/work/shared/weights/megnet/mp-2018.6.1/formation_energy.hdf5"));
const megnet = MEGNet.fromWeights(config, weights);
for (let r = 0; r < 8; r++) {
  const t = performance.now();
  for (let i = 0; i < graphs.length; i += 128) megnet.predict(batchGraphs(graphs.slice(i, i + 128)));
  console.log(`${(graphs.length / ((performance.now() - t) / 1000)).toFixed(0)} structures/s`);
}
