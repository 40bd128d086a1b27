/**
 * Per-epoch history, written as the run goes: `history.csv` (one appended line per epoch, for
 * spreadsheets and `tail -f`) and `history.json` (the whole array, replaced atomically). On resume
 * both are cut back to the epochs the checkpoint covers, so a killed run leaves no duplicate rows.
 */
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { TrainingError } from "../core/errors.js";
import { writeFileAtomic } from "./atomic-fs.js";

/** What one epoch produced. Losses are batch-size-weighted means over the epoch (as Lightning logs them). */
export interface EpochRecord {
  /** 0-based epoch index. */
  readonly epoch: number;
  /** Learning rate used during this epoch. */
  readonly lr: number;
  readonly trainLoss: number;
  readonly valLoss: number;
  /** MAPE (fraction) and MAE on the physical target, from the model's transform, in float64. */
  readonly valMape: number;
  readonly valMae: number;
  /** Whether this epoch became the best checkpoint. */
  readonly best: boolean;
  /** Wall-clock seconds of the epoch (the only non-deterministic field). */
  readonly seconds: number;
}

export const HISTORY_COLUMNS = ["epoch", "lr", "train_loss", "val_loss", "val_mape", "val_mae", "best", "seconds"] as const;

function csvLine(r: EpochRecord): string {
  return `${[r.epoch, r.lr, r.trainLoss, r.valLoss, r.valMape, r.valMae, r.best ? 1 : 0, r.seconds].join(",")}\n`;
}

export class HistoryWriter {
  readonly csvPath: string;
  readonly jsonPath: string;
  private records: EpochRecord[] = [];

  constructor(runDir: string) {
    this.csvPath = join(runDir, "history.csv");
    this.jsonPath = join(runDir, "history.json");
  }

  /** Start over, keeping only the epochs below `firstEpoch` from a previous (interrupted) run. */
  start(firstEpoch: number): void {
    this.records = firstEpoch > 0 ? readHistory(this.jsonPath).filter((r) => r.epoch < firstEpoch) : [];
    if (this.records.length !== firstEpoch) {
      throw new TrainingError(`${this.jsonPath}: expected ${firstEpoch} epochs of history before resuming, found ${this.records.length}`);
    }
    writeFileAtomic(this.csvPath, `${HISTORY_COLUMNS.join(",")}\n${this.records.map(csvLine).join("")}`);
    this.writeJson();
  }

  append(record: EpochRecord): void {
    this.records.push(record);
    appendFileSync(this.csvPath, csvLine(record));
    this.writeJson();
  }

  get all(): readonly EpochRecord[] {
    return this.records;
  }

  private writeJson(): void {
    writeFileAtomic(this.jsonPath, `${JSON.stringify(this.records, null, 1)}\n`);
  }
}

/** Read a `history.json` (empty when absent). */
export function readHistory(path: string): EpochRecord[] {
  if (!existsSync(path)) return [];
  return JSON.parse(readFileSync(path, "utf8")) as EpochRecord[];
}
