import { vi } from 'vitest';

/** What {@link settleWithin} answers for a promise still pending. */
export const PENDING = Symbol('pending');

/**
 * Advances fake time by `ms` and answers the promise's value or rejection reason, or
 * {@link PENDING} when it has not settled by then: a call that hangs fails its test at once
 * rather than at the test timeout.
 */
export async function settleWithin<T>(ms: number, promise: Promise<T>): Promise<unknown> {
  let outcome: unknown = PENDING;
  promise.then(
    (value) => {
      outcome = value;
    },
    (error: unknown) => {
      outcome = error;
    },
  );
  await vi.advanceTimersByTimeAsync(ms);
  return outcome;
}
