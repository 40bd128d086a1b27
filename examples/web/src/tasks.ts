/**
 * How many files go to a worker at a time: about four tasks per worker (steady progress, and the
 * workers finish together), between 4 and 64 files, since a task is one batch through the models
 * and small batches cost more per structure (kernel launches).
 */
export function filesPerTask(files: number, workers: number): number {
  return Math.min(64, Math.max(4, Math.ceil(files / (4 * Math.max(1, workers)))));
}
