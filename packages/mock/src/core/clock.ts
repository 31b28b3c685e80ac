/** How the simulator tells time. */
export type ClockMode = 'virtual' | 'real';

/**
 * The simulator's clock. Job states are derived from it when asked, so a virtual clock moved
 * with `advance` walks every job through its lifecycle without a single timer.
 */
export interface MockClock {
  /** `virtual` (moves only with `advance`) or `real` (wall time, times `speed`). */
  readonly mode: ClockMode;
  /** Multiplier of wall time on a real clock; 1 on a virtual clock. */
  readonly speed: number;
  /** Current time in milliseconds since the Unix epoch. Never goes backwards. */
  now(): number;
  /**
   * Moves a virtual clock forward by `ms` milliseconds.
   * @throws RangeError on a real clock, or when `ms` is not a finite number >= 0.
   */
  advance(ms: number): void;
}

/** Where a virtual clock starts: a fixed instant, so runs are reproducible. */
export const VIRTUAL_EPOCH = Date.UTC(2025, 0, 1);

/** A clock the simulator can also rewind to its start on `reset()`. */
export interface ResettableClock extends MockClock {
  /** Back to the start (virtual) or re-anchored to now (real). */
  reset(): void;
}

/**
 * Creates a virtual clock, starting at {@link VIRTUAL_EPOCH}, or a real one running `speed`
 * times faster than wall time (so a 12 s job takes 1.2 s at speed 10).
 */
export function createClock(mode: ClockMode = 'virtual', speed = 1): ResettableClock {
  if (mode !== 'virtual' && mode !== 'real') {
    throw new TypeError(`clock must be 'virtual' or 'real', got ${String(mode)}`);
  }
  if (!(typeof speed === 'number' && Number.isFinite(speed) && speed > 0)) {
    throw new RangeError(`speed must be a finite number > 0, got ${String(speed)}`);
  }
  if (mode === 'virtual') {
    let current = VIRTUAL_EPOCH;
    return {
      mode,
      speed: 1,
      now: () => current,
      advance(ms: number) {
        if (!(typeof ms === 'number' && Number.isFinite(ms) && ms >= 0)) {
          throw new RangeError(`advance(ms) needs a finite number >= 0, got ${String(ms)}`);
        }
        current += ms;
      },
      reset() {
        current = VIRTUAL_EPOCH;
      },
    };
  }
  let anchor = Date.now();
  // Wall time can step back (NTP); the simulator's time must not, or states would regress.
  let last = anchor;
  return {
    mode,
    speed,
    now() {
      const t = anchor + (Date.now() - anchor) * speed;
      if (t > last) last = t;
      return last;
    },
    advance() {
      throw new RangeError('advance() needs a virtual clock; this mock runs on the real clock');
    },
    reset() {
      anchor = Date.now();
      last = Math.max(last, anchor);
    },
  };
}
