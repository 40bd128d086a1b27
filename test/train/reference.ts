import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fixturesDir } from "../helpers/paths.js";

export interface Reference {
  cosine: {
    epochs: number[];
    lr_recursive: number[];
    lr_closed_form: number[];
    steps_past_tmax: number[];
    lr_past_tmax: number[];
  };
  adam: { lr: number; c: number[]; p0: number[]; trajectory: number[][] };
  mape: { pred: number[]; target: number[]; mape: number };
}

/** Values written by test/fixtures/train/reference.py (Python floats / numpy float32). */
export const reference = JSON.parse(readFileSync(join(fixturesDir(), "train/reference.json"), "utf8")) as Reference;
