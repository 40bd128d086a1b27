/**
 * The ParAIsite target transform: z = (log10(κ + 1) − mean) / std. As the authors' `normalisation`
 * class: the log comes first, mean and std are of the log values, std is the population std
 * (`torch.std(unbiased=False)`), fitted on the whole dataset. See docs/datasets.md.
 */
import { DataError } from "../core/errors.js";
import { Compose, Log10, Log10Plus1, Standardize } from "../core/target-transform.js";

export interface KappaTransformOptions {
  /** The log step: "log10plus1" (the paper's log10(κ + 1), default) or "log10" (log10 κ: positive inverse, resolves low κ). */
  readonly log?: "log10plus1" | "log10";
  /** Fit mean/std on the whole dataset (the paper, default) or on the train split only. */
  readonly fitOn?: "dataset" | "train";
  /** Required with `fitOn: "train"`: indices of the train split. */
  readonly trainIndices?: ArrayLike<number>;
  /** 0 = population std (the authors, default), 1 = sample std (matgl's `Normalizer.from_data`). */
  readonly ddof?: 0 | 1;
}

/** `Compose([Log10Plus1 or Log10, Standardize])` fitted on the κ values (W/(m·K)). */
export function fitKappaTransform(values: ArrayLike<number>, options: KappaTransformOptions = {}): Compose {
  const fitOn = options.fitOn ?? "dataset";
  let selected: ArrayLike<number> = values;
  if (fitOn === "train") {
    const idx = options.trainIndices;
    if (!idx) throw new DataError("fitKappaTransform: fitOn 'train' needs trainIndices");
    selected = Array.from(idx, (i) => {
      if (!Number.isInteger(i) || i < 0 || i >= values.length) {
        throw new DataError(`fitKappaTransform: train index ${i} outside 0..${values.length - 1}`);
      }
      return values[i];
    });
  }
  const log = options.log === "log10" ? Log10 : Log10Plus1;
  const lowest = options.log === "log10" ? 0 : -1;
  const logs = new Float64Array(selected.length);
  for (let i = 0; i < selected.length; i++) {
    const v = selected[i];
    if (!Number.isFinite(v) || v <= lowest) throw new DataError(`fitKappaTransform: value ${v} is not a finite number > ${lowest}`);
    logs[i] = log.forward(v);
  }
  if (logs.length < 2) throw new DataError("fitKappaTransform: need at least 2 values");
  try {
    return new Compose([log, Standardize.fit(logs, options.ddof ?? 0)]);
  } catch (e) {
    throw new DataError(`fitKappaTransform: ${(e as Error).message} (are all values equal?)`);
  }
}
