/** Settings shared by the kill-and-resume test and its child process. */
export const killTestSetup = {
  items: 37,
  train: Array.from({ length: 29 }, (_, i) => i),
  val: Array.from({ length: 8 }, (_, i) => 29 + i),
  config: { epochs: 6, batchSize: 8, learningRate: 1e-2, restoreBest: false },
} as const;
