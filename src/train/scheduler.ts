/**
 * Learning-rate schedules. `CosineAnnealingLR` follows PyTorch's *recursive* `get_lr` (what
 * `scheduler.step()` really computes), not the closed form: each step multiplies the distance to
 * η_min by (1 + cos(πk/T)) / (1 + cos(π(k−1)/T)). The two agree up to float64 rounding before T_max
 * and the recursive one restarts upward after it, exactly like torch.
 */

/** A schedule's whole state: enough to continue bit-identically after a resume. */
export interface SchedulerState {
  /** Number of `step()` calls so far (torch's `last_epoch`). */
  readonly lastEpoch: number;
  readonly lr: number;
}

export interface LrScheduler {
  readonly lr: number;
  step(): void;
  getState(): SchedulerState;
  setState(state: SchedulerState): void;
}

export interface CosineAnnealingOptions {
  readonly baseLr: number;
  readonly tMax: number;
  readonly etaMin: number;
}

export class CosineAnnealingLR implements LrScheduler {
  readonly baseLr: number;
  readonly tMax: number;
  readonly etaMin: number;
  private current: number;
  private lastEpoch = 0;

  constructor(options: CosineAnnealingOptions) {
    if (!(options.tMax > 0)) throw new RangeError(`CosineAnnealingLR: tMax must be > 0, got ${options.tMax}`);
    this.baseLr = options.baseLr;
    this.tMax = options.tMax;
    this.etaMin = options.etaMin;
    this.current = options.baseLr;
  }

  get lr(): number {
    return this.current;
  }

  step(): void {
    const k = ++this.lastEpoch;
    const t = this.tMax;
    if ((k - 1 - t) % (2 * t) === 0) {
      // torch's restart branch, reached only past T_max (−0 === 0, so JS's signed % is fine).
      this.current = this.current + ((this.baseLr - this.etaMin) * (1 - Math.cos(Math.PI / t))) / 2;
    } else {
      this.current =
        ((1 + Math.cos((Math.PI * k) / t)) / (1 + Math.cos((Math.PI * (k - 1)) / t))) * (this.current - this.etaMin) +
        this.etaMin;
    }
  }

  getState(): SchedulerState {
    return { lastEpoch: this.lastEpoch, lr: this.current };
  }

  setState(state: SchedulerState): void {
    this.lastEpoch = state.lastEpoch;
    this.current = state.lr;
  }

  /** The closed form η_min + (η0 − η_min)(1 + cos(πk/T))/2, for comparison. */
  closedForm(k: number): number {
    return this.etaMin + ((this.baseLr - this.etaMin) * (1 + Math.cos((Math.PI * k) / this.tMax))) / 2;
  }
}

/** A learning rate that never changes. */
export class ConstantLR implements LrScheduler {
  private lastEpoch = 0;
  constructor(readonly lr: number) {}
  step(): void {
    this.lastEpoch++;
  }
  getState(): SchedulerState {
    return { lastEpoch: this.lastEpoch, lr: this.lr };
  }
  setState(state: SchedulerState): void {
    this.lastEpoch = state.lastEpoch;
  }
}
