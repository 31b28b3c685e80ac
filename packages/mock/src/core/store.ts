import type { JobTimeline } from './lifecycle.js';
import type { PictureSpec } from './picture.js';

/** A queued job as the simulator keeps it: small, so 100,000 retained jobs stay cheap. */
export interface Job extends JobTimeline {
  /** The `request_id`. */
  id: string;
  /** The model's slug. */
  model: string;
  /** The API key that submitted it. */
  apiKey: string;
  /** When its result stops being served (ms): `endedAt + retentionMs`. */
  expiresAt: number;
  /** What its output picture looks like (drawn from the input's fingerprint). */
  picture: PictureSpec;
}

/** Reclaim everything expired after this many insertions, so the map cannot grow unbounded. */
const SWEEP_EVERY = 1024;

/**
 * The jobs of one mock. No timers: expired jobs are dropped when they are looked up and, in a
 * sweep, every {@link SWEEP_EVERY} insertions, which bounds memory by the number of jobs live
 * within one retention period.
 */
export class JobStore {
  readonly #jobs = new Map<string, Job>();
  #insertsSinceSweep = 0;

  /** Adds a job; sweeps the expired ones now and then. */
  add(job: Job, now: number): void {
    this.#jobs.set(job.id, job);
    if (++this.#insertsSinceSweep >= SWEEP_EVERY) this.sweep(now);
  }

  /** The job, or `undefined` when unknown or expired at `now` (an expired one is dropped). */
  get(id: string, now: number): Job | undefined {
    const job = this.#jobs.get(id);
    if (job && now >= job.expiresAt) {
      this.#jobs.delete(id);
      return undefined;
    }
    return job;
  }

  /** Every job not expired at `now`, oldest first. */
  list(now: number): Job[] {
    this.sweep(now);
    return [...this.#jobs.values()];
  }

  /** Drops every job expired at `now`. */
  sweep(now: number): void {
    this.#insertsSinceSweep = 0;
    for (const [id, job] of this.#jobs) if (now >= job.expiresAt) this.#jobs.delete(id);
  }

  /** How many jobs are held, expired or not (for memory checks). */
  get size(): number {
    return this.#jobs.size;
  }

  /** Forgets every job. */
  clear(): void {
    this.#jobs.clear();
    this.#insertsSinceSweep = 0;
  }
}
