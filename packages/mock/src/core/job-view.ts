import { type JobStatus, statusAt } from './lifecycle.js';
import type { Job } from './store.js';

/** A job as `mock.jobs()`, `mock.job(id)` and `GET /__mock/jobs` show it. */
export interface JobView {
  /** The `request_id`. */
  requestId: string;
  /** The model's slug. */
  model: string;
  /** Its state now, on the mock's clock. */
  status: JobStatus;
  /** When it was submitted (ms on the mock's clock). */
  createdAt: number;
  /** When it leaves the queue (ms). */
  startedAt: number;
  /** When it ends, COMPLETED or FAILED (ms). */
  endedAt: number;
  /** When its result expires (ms). */
  expiresAt: number;
  /** Processing time in seconds, reported as `metrics.inference_time`. */
  inferenceTime: number;
  /** The failure reason, once FAILED. */
  error?: string;
  /** Path of its output picture on the mock's origin, once COMPLETED. */
  outputPath?: string;
}

/** Seconds of processing, as `metrics.inference_time` reports them. */
export function inferenceSeconds(job: Job): number {
  return (job.endedAt - job.startedAt) / 1000;
}

/** Path of a job's output picture. */
export function outputPath(id: string): string {
  return `/outputs/${id}.png`;
}

/** The view of `job` at time `now`. */
export function viewJob(job: Job, now: number): JobView {
  const status = statusAt(job, now);
  return {
    requestId: job.id,
    model: job.model,
    status,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    endedAt: job.endedAt,
    expiresAt: job.expiresAt,
    inferenceTime: inferenceSeconds(job),
    ...(status === 'FAILED' ? { error: job.failure } : {}),
    ...(status === 'COMPLETED' ? { outputPath: outputPath(job.id) } : {}),
  };
}
