/** Where the mock writes the few things it has to say (default: `console`). */
export interface MockLogger {
  warn(message: string): void;
}

/** Polls of one unfinished job at one virtual instant before the hint: a client's first four. */
export const STALLED_POLLS = 4;

/** Jobs followed at one instant; past this the watch stops adding (its memory stays bounded). */
const WATCHED_JOBS = 64;

/**
 * Notices a test that polls a job on a virtual clock nobody advances: its `run()` or wait loop
 * would hang, the job QUEUED forever. When one unfinished job has been polled
 * {@link STALLED_POLLS} times at the same virtual instant, it says once (for the life of the
 * mock) why, and how to fix it. After that it costs nothing.
 */
export function createStallHint(logger: MockLogger) {
  let given = false;
  let instant = Number.NaN;
  const polls = new Map<string, number>();
  return {
    /** A status or result poll found job `id` unfinished at `now` on a virtual clock. */
    polled(id: string, status: string, now: number): void {
      if (given) return;
      if (now !== instant) {
        instant = now;
        polls.clear();
      }
      const count = (polls.get(id) ?? 0) + 1;
      if (count === 1 && polls.size >= WATCHED_JOBS) return;
      polls.set(id, count);
      if (count < STALLED_POLLS) return;
      given = true;
      polls.clear();
      logger.warn(
        `segmind-mock: job ${id} was polled ${count} times at the same virtual instant (${new Date(now).toISOString()}) and is still ${status}: a virtual clock moves only when advanced, so it will never finish. ` +
          `Create the mock with clock: 'auto' (server: --clock auto), where each poll moves time to the job's next state, ` +
          'or advance the clock yourself: mock.clock.advance(ms) (server: POST /__mock/clock/advance {"ms": N}). This hint is shown once.',
      );
    },
  };
}
