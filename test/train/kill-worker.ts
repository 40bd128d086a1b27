/**
 * Child process for the kill-and-resume test: trains the toy model into argv[2], printing
 * "epoch <n>" after each epoch, and lingering between epochs so the parent can SIGKILL it.
 */
import { train } from "../../src/train/trainer.js";
import { makeToyData, ToyModel, toyBatcher } from "./toy-model.js";
import { killTestSetup } from "./kill-setup.js";

const runDir = process.argv[2];
const data = makeToyData(killTestSetup.items);
await train({
  model: new ToyModel(data.nFeatures, data.transform),
  makeBatch: toyBatcher(data),
  targets: data.targets,
  trainIndices: killTestSetup.train,
  valIndices: killTestSetup.val,
  config: killTestSetup.config,
  runDir,
  progress: false,
  callbacks: {
    onEpochEnd: async (r) => {
      process.stdout.write(`epoch ${r.epoch}\n`);
      await new Promise((resolve) => setTimeout(resolve, 150));
    },
  },
});
process.stdout.write("finished\n");
