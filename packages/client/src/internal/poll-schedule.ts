import { type ModelFacts, TYPICAL_DURATIONS } from '@segmind-ts/spec';
import { assertDuration } from './deadline.js';

/** How long a job of one model typically takes, in ms: QUEUED, then PROCESSING. */
export type TypicalDuration = Pick<ModelFacts, 'typicalQueueMs' | 'typicalProcessingMs'>;

/** The first wait of adaptive polling: most background removals finish within a second or two. */
export const ADAPTIVE_FIRST_MS = 250;
/** The longest wait of adaptive polling: a job that runs long is still seen within 2 s. */
export const ADAPTIVE_CAP_MS = 2_000;
/** The wait between polls once a job of a known model reaches its typical end: the lag it allows. */
export const NEAR_END_MS = 500;

/**
 * The typical duration of `model`, from the spec (`TYPICAL_DURATIONS` rather than the whole
 * registry, which would weigh on the bundle); `undefined` for any other model.
 */
export const typicalDurationOf = (model: string | undefined): TypicalDuration | undefined =>
  model !== undefined && Object.hasOwn(TYPICAL_DURATIONS, model)
    ? TYPICAL_DURATIONS[model as keyof typeof TYPICAL_DURATIONS]
    : undefined;

/** What a schedule is timed by. */
export interface PollScheduleOptions {
  /** A fixed wait between polls, in ms (as in Segmind's Python SDK). */
  intervalMs?: number | undefined;
  /** How long a job of the model typically takes, from the spec; unknown models leave it out. */
  typical?: TypicalDuration | undefined;
  /** When the job was submitted, in ms since the epoch, when known; else the schedule's start. */
  submittedAt?: number | undefined;
}

/**
 * Returns the waits between polls, one per call (the first poll is at once, before any wait).
 *
 * - With `intervalMs` the wait is fixed, as in Segmind's Python SDK.
 * - With the model's `typical` duration (queue + processing, from the spec) the next poll is
 *   250 ms after the first (a job that ends at once, such as an input refused after submission,
 *   or one on the mock's auto clock, is seen as soon as before), then at half the typical
 *   duration, then at its end, then every 500 ms, so a job that ends near its typical time is
 *   seen within 500 ms for few requests (a 13 s job: 4 or 5). A job that runs past its
 *   typical end is polled less and less often, half its overrun apart, up to 2 s.
 * - Otherwise the waits start short and double up to a cap (250, 500, 1000, 2000, 2000, ... ms).
 *
 * Time is read with `Date.now()` at each call, so test fake timers drive it.
 */
export function createPollSchedule(options: PollScheduleOptions = {}): () => number {
  const { intervalMs, typical } = options;
  if (intervalMs !== undefined) {
    assertDuration('intervalMs', intervalMs);
    return () => intervalMs;
  }
  if (typical) return timedSchedule(typical, options.submittedAt);
  let next = ADAPTIVE_FIRST_MS;
  return () => {
    const wait = next;
    next = Math.min(ADAPTIVE_CAP_MS, next * 2);
    return wait;
  };
}

function timedSchedule(typical: TypicalDuration, submittedAt: number | undefined): () => number {
  const expectedMs = typical.typicalQueueMs + typical.typicalProcessingMs;
  // A submission time ahead of this clock (another machine's) counts from now.
  const start = Math.min(submittedAt ?? Date.now(), Date.now());
  let first = true;
  return () => {
    const elapsed = Date.now() - start;
    const early = first;
    first = false;
    if (elapsed < expectedMs) {
      if (early) return ADAPTIVE_FIRST_MS;
      const target = elapsed < expectedMs / 2 ? expectedMs / 2 : expectedMs;
      return Math.max(ADAPTIVE_FIRST_MS, Math.round(target - elapsed));
    }
    const overrun = elapsed - expectedMs;
    return Math.min(ADAPTIVE_CAP_MS, Math.max(NEAR_END_MS, Math.round(overrun / 2)));
  };
}
