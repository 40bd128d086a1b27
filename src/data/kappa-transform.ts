/**
 * The ParAIsite target transform: z = (log10(κ + 1) − mean) / std. As the authors' `normalisation`
 * class: the log comes first, mean and std are of the log values, std is the population std
 * (`torch.std(unbiased=False)`), fitted on the whole dataset. See docs/datasets.md.
 */
import { DataError } from "../core/errors.js";
import { Compose, Log10Plus1, Standardize } from "../core/target-transform.js";

export interface KappaTransformOptions {
  /** Fit mean/std on the whole dataset (the paper, default) or on the train split only. */
  readonly fitOn?: "dataset" | "train";
  /** Required with `fitOn: "train"`: indices of the train split. */
  readonly trainIndices?: ArrayLike<number>;
  /** 0 = population std (the authors, default), 1 = sample std (matgl's `Normalizer.from_data`). */
  readonly ddof?: 0 | 1;
}

/** `Compose([Log10Plus1, Standardize])` fitted on the κ values (W/(m·K)). */
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
  const logs = new Float64Array(selected.length);
  for (let i = 0; i < selected.length; i++) {
    const v = selected[i];
    if (!Number.isFinite(v) || v <= -1) throw new DataError(`fitKappaTransform: value ${v} is not a finite number > -1`);
    logs[i] = Log10Plus1.forward(v);
  }
  if (logs.length < 2) throw new DataError("fitKappaTransform: need at least 2 values");
  try {
    return new Compose([Log10Plus1, Standardize.fit(logs, options.ddof ?? 0)]);
  } catch (e) {
    throw new DataError(`fitKappaTransform: ${(e as Error).message} (are all values equal?)`);
  }
}
