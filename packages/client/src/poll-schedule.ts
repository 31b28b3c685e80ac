import { assertDuration } from './deadline.js';

/** The first wait of adaptive polling: most background removals finish within a second or two. */
export const ADAPTIVE_FIRST_MS = 250;
/** The longest wait of adaptive polling: bria-erase-foreground takes about 12 s of server time. */
export const ADAPTIVE_CAP_MS = 2_000;

/**
 * Returns the waits between polls, one per call. With `intervalMs` the wait is fixed, as in
 * Segmind's Python SDK. Without it the waits start short and double up to a cap (250, 500, 1000,
 * 2000, 2000, ... ms): a quick job is seen done quickly, and a slow one costs few requests.
 */
export function createPollSchedule(intervalMs?: number): () => number {
  if (intervalMs !== undefined) {
    assertDuration('intervalMs', intervalMs);
    return () => intervalMs;
  }
  let next = ADAPTIVE_FIRST_MS;
  return () => {
    const wait = next;
    next = Math.min(ADAPTIVE_CAP_MS, next * 2);
    return wait;
  };
}
