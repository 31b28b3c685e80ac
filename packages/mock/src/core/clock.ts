/**
 * How the simulator tells time:
 * - `virtual`: time stands still until `advance(ms)`; for tests that step through states.
 * - `auto`: a virtual clock that a poll of an unfinished job moves to that job's next state
 *   (QUEUED → PROCESSING → COMPLETED or FAILED), so a polling client (`run()`, Segmind's SDK)
 *   finishes at once, deterministically; `advance(ms)` works as on `virtual`.
 * - `real`: wall time, times `speed`.
 */
export type ClockMode = 'virtual' | 'auto' | 'real';

/** The modes, for validation and help texts. */
export const CLOCK_MODES: readonly ClockMode[] = ['virtual', 'auto', 'real'];

/**
 * The simulator's clock. Job states are derived from it when asked, so a virtual clock moved
 * with `advance` walks every job through its lifecycle without a single timer.
 */
export interface MockClock {
  /** `virtual` (moves only with `advance`), `auto` (also moved by polls) or `real` (wall time, times `speed`). */
  readonly mode: ClockMode;
  /** Multiplier of wall time on a real clock; 1 on a virtual or auto clock. */
  readonly speed: number;
  /** Current time in milliseconds since the Unix epoch. Never goes backwards. */
  now(): number;
  /**
   * Moves a virtual or auto clock forward by `ms` milliseconds.
   * @throws RangeError on a real clock, when `ms` is not a finite number >= 0, or when the
   * clock would pass the last instant a `Date` can hold (8.64e15 ms); the clock is then unchanged.
   */
  advance(ms: number): void;
}

/** Where a virtual clock starts: a fixed instant, so runs are reproducible. */
export const VIRTUAL_EPOCH = Date.UTC(2025, 0, 1);

/** The last instant a `Date` can hold: the clock never passes it, so every time stays printable. */
export const MAX_CLOCK_MS = 8.64e15;

/** A clock the simulator can also rewind to its start on `reset()`. */
export interface ResettableClock extends MockClock {
  /**
   * Back to the start (virtual, auto). A real clock keeps the instant it has reached (it never
   * goes back) and runs on at `speed` from there.
   */
  reset(): void;
  /**
   * A poll found an unfinished job whose next state begins at `at`: an auto clock moves there
   * (never back); other clocks ignore it.
   */
  reach(at: number): void;
}

/**
 * Refuses an advance of `ms` from `current` that is not a finite number >= 0 or that would pass
 * {@link MAX_CLOCK_MS}. @throws RangeError saying which.
 */
export function checkAdvance(current: number, ms: number): void {
  if (!(typeof ms === 'number' && Number.isFinite(ms) && ms >= 0)) {
    throw new RangeError(`advance(ms) needs a finite number >= 0, got ${String(ms)}`);
  }
  if (current + ms > MAX_CLOCK_MS) {
    throw new RangeError(
      `advance(${ms}) would move the clock past the range of Date (at most ${MAX_CLOCK_MS - current} ms more from ${new Date(current).toISOString()})`,
    );
  }
}

/**
 * Creates a virtual or auto clock, starting at {@link VIRTUAL_EPOCH}, or a real one running
 * `speed` times faster than wall time (so a 12 s job takes 1.2 s at speed 10).
 */
export function createClock(mode: ClockMode = 'virtual', speed = 1): ResettableClock {
  if (!CLOCK_MODES.includes(mode)) {
    throw new TypeError(`clock must be 'virtual', 'auto' or 'real', got ${String(mode)}`);
  }
  if (!(typeof speed === 'number' && Number.isFinite(speed) && speed > 0)) {
    throw new RangeError(`speed must be a finite number > 0, got ${String(speed)}`);
  }
  if (mode !== 'real') {
    let current = VIRTUAL_EPOCH;
    const auto = mode === 'auto';
    return {
      mode,
      speed: 1,
      now: () => current,
      advance(ms: number) {
        // Checked before anything moves: a refused advance leaves the clock as it was.
        checkAdvance(current, ms);
        current += ms;
      },
      reset() {
        current = VIRTUAL_EPOCH;
      },
      reach(at: number) {
        if (auto && at > current) current = Math.min(at, MAX_CLOCK_MS);
      },
    };
  }
  // Simulated time is `base` plus the wall time elapsed since `wallAnchor`, times `speed`.
  let wallAnchor = Date.now();
  let base = wallAnchor;
  // Wall time can step back (NTP); the simulator's time must not, or states would regress.
  let last = base;
  const now = () => {
    const t = base + (Date.now() - wallAnchor) * speed;
    if (t > last) last = t;
    return last;
  };
  return {
    mode,
    speed,
    now,
    advance() {
      throw new RangeError('advance() needs a virtual clock; this mock runs on the real clock');
    },
    reset() {
      // Re-anchored where simulated time stands, not at wall time: a clock running `speed` times
      // faster is far ahead of the wall, and anchoring it there would hold it still (`last` wins)
      // for about as long as the server had been up.
      base = now();
      wallAnchor = Date.now();
    },
    reach() {},
  };
}
