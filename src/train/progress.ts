/**
 * Progress output: on a terminal, one self-overwriting bar line with rate and ETA; elsewhere
 * (logs, CI, pipes), one plain line per epoch. The writer and the clock are injectable for tests.
 */
import type { EpochRecord } from "./history.js";

export interface ProgressWriter {
  write(text: string): void;
  readonly isTTY: boolean;
}

export interface ProgressReporter {
  runStart(info: { readonly firstEpoch: number; readonly epochs: number; readonly stepsPerEpoch: number }): void;
  step(info: { readonly epoch: number; readonly step: number; readonly loss: number }): void;
  epochEnd(record: EpochRecord): void;
}

/** stderr, bar if it is a terminal. */
export function stderrWriter(): ProgressWriter {
  return { write: (t) => process.stderr.write(t), isTTY: process.stderr.isTTY === true };
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const pad = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}h${pad(m)}m${pad(sec)}s` : m > 0 ? `${m}m${pad(sec)}s` : `${sec}s`;
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toPrecision(5) : String(x));

function epochLine(r: EpochRecord, epochs: number): string {
  return (
    `epoch ${r.epoch + 1}/${epochs} lr=${r.lr.toExponential(3)} train_loss=${fmt(r.trainLoss)} ` +
    `val_loss=${fmt(r.valLoss)} val_mape=${fmt(r.valMape)} val_mae=${fmt(r.valMae)}` +
    `${r.best ? " *best*" : ""} (${r.seconds.toFixed(2)} s)`
  );
}

export function createProgressReporter(
  writer: ProgressWriter = stderrWriter(),
  now: () => number = () => performance.now() / 1000,
): ProgressReporter {
  let epochs = 0;
  let stepsPerEpoch = 0;
  let firstEpoch = 0;
  let started = 0;
  let stepsDone = 0;
  let lastDraw = -Infinity;
  const width = 24;
  return {
    runStart(info) {
      ({ epochs, stepsPerEpoch, firstEpoch } = info);
      started = now();
      stepsDone = 0;
      if (firstEpoch > 0) writer.write(`resuming at epoch ${firstEpoch + 1}/${epochs}\n`);
    },
    step({ epoch, step, loss }) {
      stepsDone++;
      if (!writer.isTTY) return;
      const t = now();
      // Redraw at most ~10 times a second, and always on the epoch's last step.
      if (t - lastDraw < 0.1 && step + 1 < stepsPerEpoch) return;
      lastDraw = t;
      const rate = stepsDone / Math.max(t - started, 1e-9);
      const remaining = (epochs - epoch) * stepsPerEpoch - (step + 1);
      const filled = Math.round((width * (step + 1)) / stepsPerEpoch);
      const bar = "#".repeat(filled) + "-".repeat(width - filled);
      writer.write(
        `\r\x1b[2Kepoch ${epoch + 1}/${epochs} [${bar}] ${step + 1}/${stepsPerEpoch} loss=${fmt(loss)} ` +
          `${rate.toFixed(1)} it/s ETA ${formatDuration(remaining / rate)}`,
      );
    },
    epochEnd(record) {
      writer.write(writer.isTTY ? `\r\x1b[2K${epochLine(record, epochs)}\n` : `${epochLine(record, epochs)}\n`);
    },
  };
}

/** A reporter that prints nothing. */
export const silentProgress: ProgressReporter = { runStart() {}, step() {}, epochEnd() {} };
