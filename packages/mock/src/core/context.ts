import type { createAuth } from './auth.js';
import type { ResettableClock } from './clock.js';
import type { createCredits } from './credits.js';
import type { createFaults } from './faults.js';
import type { createOutcomes } from './outcomes.js';
import type { createRateLimiter } from './rate-limit.js';
import type { Rng } from './rng.js';
import type { SimulatorState } from './state.js';
import type { Job } from './store.js';
import type { TimingPicker } from './timings.js';
import type { ValidatedModel } from './validation.js';

/** Everything one mock holds, shared by its API routes and its control API. */
export interface SimulatorContext {
  clock: ResettableClock;
  store: SimulatorState['store'];
  journal: SimulatorState['journal'];
  auth: ReturnType<typeof createAuth>;
  credits: ReturnType<typeof createCredits>;
  rateLimiter: ReturnType<typeof createRateLimiter>;
  outcomes: ReturnType<typeof createOutcomes>;
  faults: ReturnType<typeof createFaults>;
  timings: TimingPicker;
  models: ReadonlyMap<string, ValidatedModel>;
  /** Draws request ids. */
  idRng: Rng;
  /** Draws the `x-request-id` of v1 answers (its own stream: v1 calls never shift job ids). */
  callIdRng: Rng;
  /** Origin of the absolute URLs, when fixed by `baseUrl`. */
  baseOrigin: string | undefined;
  retentionMs: number;
  maxBodyBytes: number;
  adminToken: string | undefined;
  /**
   * A status or result poll found `job`: an auto clock moves to its next state; a virtual clock
   * that polls keep finding standing still gets one hint.
   */
  polled(job: Job): void;
  /** Back to the state right after creation. */
  reset(): void;
}
