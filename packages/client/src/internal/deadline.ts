/**
 * One time budget shared by every step of a call (submit, polls, retries, sleeps), so that
 * `timeoutMs` bounds the whole call rather than each request.
 */
export interface Deadline {
  /** Milliseconds left; `Infinity` without a budget; never below 0. */
  remaining(): number;
  /** Whether the budget is used up. */
  expired(): boolean;
  /** Milliseconds since the deadline was created. */
  elapsed(): number;
}

/** A deadline that never expires, for calls without a `timeoutMs`. */
export const NO_DEADLINE: Deadline = {
  remaining: () => Number.POSITIVE_INFINITY,
  expired: () => false,
  elapsed: () => 0,
};

/**
 * Starts a budget of `timeoutMs` milliseconds from now. Reads `Date.now()` on every call, so
 * test fake timers drive it.
 */
export function createDeadline(timeoutMs: number | undefined): Deadline {
  if (timeoutMs === undefined) return NO_DEADLINE;
  assertDuration('timeoutMs', timeoutMs);
  const start = Date.now();
  const end = start + timeoutMs;
  return {
    remaining: () => Math.max(0, end - Date.now()),
    expired: () => Date.now() >= end,
    elapsed: () => Date.now() - start,
  };
}

/** Rejects a duration option that is not a finite, non-negative number of milliseconds. */
export function assertDuration(name: string, ms: number): void {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
    throw new RangeError(`${name} must be a finite number of milliseconds >= 0, got ${String(ms)}`);
  }
}
