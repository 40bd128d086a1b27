/**
 * Helpers for the paper's fine-tuning choices (see docs/training.md).
 *
 * "kept" scaler: in the authors' code the fine-tuning labels are standardized with the fine-tuning
 * dataset's own scaler (each `MGLDataset` refits one), while the loss un-standardizes with the
 * pretraining scaler stored in the checkpoint. The loss therefore compares T_pre⁻¹(z) with
 * T_pre⁻¹(T_ft(κ)), not with κ. `keptScalerTargets` gives those effective targets, so that the
 * trainer (which un-transforms z with one transform and compares with physical targets) reproduces it.
 */
import type { TargetTransform } from "../core/target-transform.js";
import type { StartFrom } from "./config.js";
import type { RunSummary } from "./runs.js";

/** κ → T_loss⁻¹(T_labels(κ)): the target the loss really sees when labels and loss use different scalers. */
export function keptScalerTargets(
  targets: ArrayLike<number>,
  labelTransform: TargetTransform | ((index: number) => TargetTransform),
  lossTransform: TargetTransform,
): Float64Array {
  const labelOf = typeof labelTransform === "function" ? labelTransform : () => labelTransform;
  return Float64Array.from({ length: targets.length }, (_, i) => lossTransform.inverse(labelOf(i).forward(targets[i])));
}

/** The pretraining run that fine-tuning run `run` starts from. */
export function pickStartRun(mode: StartFrom, run: number, pretraining: readonly RunSummary[]): number {
  if (mode === "same-run") return run;
  if (pretraining.length === 0) throw new RangeError("no pretraining runs to choose from");
  return pretraining.reduce((a, b) => (b.bestValLoss < a.bestValLoss ? b : a)).run;
}
