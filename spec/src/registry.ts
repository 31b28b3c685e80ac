// Names and guards over the generated registry.
import { JOB_STATES, MODELS } from './generated/registry.gen.js';

/** The slug of a model of the spec. */
export type ModelSlug = keyof typeof MODELS;

/** A state of a queued job: `QUEUED`, `PROCESSING`, `COMPLETED` or `FAILED`. */
export type JobState = (typeof JOB_STATES)[number];

/** Whether `slug` names a model of the spec. */
export function isModelSlug(slug: string): slug is ModelSlug {
  return Object.hasOwn(MODELS, slug);
}

/** Whether `value` is one of the job states. */
export function isJobState(value: unknown): value is JobState {
  return (JOB_STATES as readonly unknown[]).includes(value);
}
