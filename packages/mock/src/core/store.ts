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
  /** When its status and result stop being served (ms): `createdAt + retentionMs`. */
  expiresAt: number;
  /** What its output picture looks like (drawn from the input's fingerprint). */
  picture: PictureSpec;
}

/** Jobs the rolling sweep looks at per insertion: more than one, so it outruns the growth. */
const ROLLING_STEPS = 2;

/**
 * The jobs of one mock. No timers, and no pass over every job on the request path: each
 * insertion pays a small, fixed amount of reclaiming, so submits cost the same with 100 jobs
 * held as with 100,000.
 *
 * - Jobs are held in insertion order, which is expiry order (a job expires a fixed retention
 *   after its submission): each insertion drops the expired jobs at the old end (each job is
 *   dropped once, so this is amortised O(1)).
 * - A rolling sweep looks at {@link ROLLING_STEPS} jobs per insertion and starts over when it
 *   reaches the end, dropping any expired job it meets out of that order: memory stays bounded
 *   by about twice the jobs live within one retention period even should expiry ever stop
 *   following submission order.
 * - A lookup drops the expired job it finds, and {@link JobStore.list} sweeps everything.
 */
export class JobStore {
  readonly #jobs = new Map<string, Job>();
  /** The oldest job not yet known to be expired, and the iterator that found it. */
  #oldest: Job | undefined;
  #oldestCursor: Iterator<Job> | undefined;
  /** Where the rolling sweep stands. */
  #rolling: Iterator<Job> | undefined;

  /** Adds a job; drops a few expired ones (amortised O(1)). */
  add(job: Job, now: number): void {
    this.#jobs.set(job.id, job);
    this.#dropOldestExpired(now);
    this.#roll(now);
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

  /** Drops every job expired at `now` (a pass over all of them). */
  sweep(now: number): void {
    for (const [id, job] of this.#jobs) if (now >= job.expiresAt) this.#jobs.delete(id);
  }

  /** How many jobs are held, expired or not (for memory checks). */
  get size(): number {
    return this.#jobs.size;
  }

  /** Forgets every job. */
  clear(): void {
    this.#jobs.clear();
    this.#oldest = undefined;
    this.#oldestCursor = undefined;
    this.#rolling = undefined;
  }

  /** Drops expired jobs from the old end, up to the first one still live. */
  #dropOldestExpired(now: number): void {
    for (;;) {
      let job = this.#oldest;
      if (job === undefined) {
        // Map iterators stay valid across insertions and deletions: this one resumes where the
        // last call stopped instead of walking over the slots of dropped jobs again.
        this.#oldestCursor ??= this.#jobs.values();
        const next = this.#oldestCursor.next();
        if (next.done) {
          // Everything was expired and dropped; a finished iterator never moves again.
          this.#oldestCursor = undefined;
          return;
        }
        job = next.value;
        this.#oldest = job;
      }
      // It may have been dropped meanwhile by a lookup or the rolling sweep.
      if (this.#jobs.get(job.id) === job) {
        if (now < job.expiresAt) return;
        this.#jobs.delete(job.id);
      }
      this.#oldest = undefined;
    }
  }

  /** Looks at the next few jobs of the rolling sweep and drops the expired ones. */
  #roll(now: number): void {
    for (let step = 0; step < ROLLING_STEPS; step++) {
      this.#rolling ??= this.#jobs.values();
      const next = this.#rolling.next();
      if (next.done) {
        this.#rolling = undefined;
        return;
      }
      if (now >= next.value.expiresAt) this.#jobs.delete(next.value.id);
    }
  }
}
