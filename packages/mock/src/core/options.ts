import type { ApiKeysOption } from './auth.js';
import type { ClockMode } from './clock.js';
import type { RateLimitOption } from './rate-limit.js';
import { SPEC_RETENTION_MS } from './spec-facts.js';
import type { MockLogger } from './stall-hint.js';
import type { SharedStateStore } from './state.js';
import type { TimingsOptions } from './timings.js';

/** Options of {@link createSegmindMock}. Every one is optional. */
export interface SegmindMockOptions {
  /**
   * `virtual` (default: moves only with `clock.advance`), `auto` (a virtual clock that each poll
   * of an unfinished job moves to the job's next state, so `run()` finishes at once; for tests
   * that only need the outcome) or `real` (wall time, times `speed`).
   */
  clock?: ClockMode;
  /** Real clock only: how many times faster than wall time the simulation runs (default 1). */
  speed?: number;
  /**
   * Origin the mock answers as (default: each request's own origin for the absolute
   * `status_url`, `response_url` and `output` URLs; the MSW handlers then listen on
   * `https://api.segmind.com`). Only its origin is used.
   */
  baseUrl?: string;
  /** Queue and processing times per model, and jitter. */
  timings?: TimingsOptions;
  /**
   * How long a job's status and result are kept after its submission, however long it ran
   * (default 3,600,000 ms, one hour, as Segmind's "Async Inference (V2)" page states).
   */
  retentionMs?: number;
  /** Accepted keys (default: any non-empty `x-api-key`). */
  apiKeys?: ApiKeysOption;
  /** Starting credit balance: one for every key, or per key (default: unlimited). */
  credits?: number | Readonly<Record<string, number>>;
  /** Credits a job costs, per model (defaults in `DEFAULT_COSTS`). */
  costs?: Readonly<Record<string, number>>;
  /**
   * Requests per minute per key (every authenticated API call, polls included): `free` (5),
   * `pro` (50), a number, or `false` (default). A key's own plan (`apiKeys`) overrides it.
   */
  rateLimit?: RateLimitOption;
  /** Seed of every random draw: ids, jitter, failure rate, fault probabilities (default 1). */
  seed?: number;
  /** Chance, 0 to 1, that a job fails on its own (default 0). */
  failureRate?: number;
  /** Largest request body accepted, in bytes (default 20 MB); larger ones get 413. */
  maxBodyBytes?: number;
  /** Entries the request journal keeps (default 1,000); the oldest go first. */
  journalSize?: number;
  /**
   * About how many bytes of JSON the request journal keeps (default 8 MiB); the oldest entries go
   * first. A body is kept as parsed only when it is a valid input of at most 64 KiB, otherwise as
   * a 1 KiB excerpt, so the journal's memory follows this bound.
   */
  journalBytes?: number;
  /** When set, every `/__mock/` control call needs `Authorization: Bearer <adminToken>`. */
  adminToken?: string;
  /**
   * Where the mock's rare warnings go (default `console`): today one, the hint given once when a
   * job is polled again and again on a virtual clock that nobody advances.
   */
  logger?: MockLogger;
  /**
   * Keeps the state (jobs, credits, rate limits, outcomes, faults, journal, clock) in a store
   * that several simulators share, such as `createRedisStore()` of `@segmind-ts/mock/server`
   * (default: in this process). The in-process controls then throw: drive it through the
   * control API.
   */
  store?: SharedStateStore;
}

/** Default `retentionMs`: status and results are kept one hour after submission (the spec's `x-retention-ms`). */
export const DEFAULT_RETENTION_MS = SPEC_RETENTION_MS;

/** Default `seed`. */
export const DEFAULT_SEED = 1;
