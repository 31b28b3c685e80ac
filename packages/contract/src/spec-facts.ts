// Facts of the service the kit takes from the bundled spec rather than restating them: the job
// states and how long a job is kept.
import { bundledSpec } from './spec.js';

/**
 * The states of a job, in the only order they may come: the status body's enum (QUEUED,
 * PROCESSING, COMPLETED), then the failed body's constant (FAILED), final like COMPLETED.
 */
export function specJobStates(spec = bundledSpec()): string[] {
  const schemas = spec.components?.schemas ?? {};
  const waiting = schemas.StatusResponse?.properties?.status?.enum;
  const failed = schemas.FailedResponse?.properties?.status?.const;
  if (!Array.isArray(waiting) || typeof failed !== 'string') {
    throw new Error('the bundled spec has no job states (StatusResponse, FailedResponse)');
  }
  return [...waiting, failed];
}

/** How long status and result are kept after submission: the spec's root `x-retention-ms`. */
export function specRetentionMs(spec = bundledSpec()): number {
  const value = spec['x-retention-ms']?.value;
  if (typeof value !== 'number' || !(value > 0)) {
    throw new Error('the bundled spec has no valid x-retention-ms');
  }
  return value;
}
