import type { JobState } from '@segmind-ts/spec';

/** The states of a queued job (the spec's `JobState`), in the only order they can move. */
export type JobStatus = JobState;

/** What the lifecycle needs to know of a job: when each phase ends and how it ends. */
export interface JobTimeline {
  /** When the job was submitted (ms). */
  createdAt: number;
  /** When it leaves the queue and starts PROCESSING (ms). */
  startedAt: number;
  /** When it ends, COMPLETED or FAILED (ms). */
  endedAt: number;
  /** Set when the job is to end FAILED: the reason served in `error`. */
  failure?: string | undefined;
}

/**
 * The state of a job at time `now`. Derived from the clock on every read rather than stored and
 * moved by timers: nothing runs in the background, and a virtual clock is all it takes to walk
 * a job through its life. As the mock's clock never goes back, states only move forward.
 */
export function statusAt(job: JobTimeline, now: number): JobStatus {
  if (now < job.startedAt) return 'QUEUED';
  if (now < job.endedAt) return 'PROCESSING';
  return job.failure === undefined ? 'COMPLETED' : 'FAILED';
}

/**
 * When the job next changes state after `now`: its start while QUEUED, its end while PROCESSING,
 * `undefined` once it has ended.
 */
export function nextTransition(job: JobTimeline, now: number): number | undefined {
  if (now < job.startedAt) return job.startedAt;
  if (now < job.endedAt) return job.endedAt;
  return undefined;
}
