import type { ResettableClock } from './clock.js';
import type { SimulatorContext } from './context.js';
import type { createCredits } from './credits.js';
import type { createFaults } from './faults.js';
import type { Journal } from './journal.js';
import type { createOutcomes } from './outcomes.js';
import type { createRateLimiter } from './rate-limit.js';
import type { Reply } from './reply.js';
import type { RequestLike } from './request-like.js';
import type { JobStore } from './store.js';

/** The public members of a class, so that another implementation can stand in for it. */
export type PublicPart<T> = { [K in keyof T]: T[K] };

/**
 * The parts of a simulator that hold state between requests. The default implementation is the
 * in-memory one: the modules of this folder (clock.ts, store.ts, journal.ts, credits.ts,
 * rate-limit.ts, outcomes.ts, faults.ts), called directly and synchronously. A shared store
 * (Redis) implements the same members per request, over state that other processes share.
 */
export interface SimulatorState {
  clock: ResettableClock;
  store: PublicPart<JobStore>;
  journal: PublicPart<Journal>;
  credits: ReturnType<typeof createCredits>;
  rateLimiter: ReturnType<typeof createRateLimiter>;
  outcomes: ReturnType<typeof createOutcomes>;
  faults: ReturnType<typeof createFaults>;
}

/** An API call (journaled, under fault injection) or a control API call (`/__mock/`). */
export type RequestKind = 'api' | 'control';

/**
 * One request's work. It reads and changes state only through `ctx`, and is a pure function of
 * what `ctx` answers and of the request: a shared store may run it more than once for one
 * request (each time knowing more of the shared state), and keeps only what the last run did.
 */
export type RequestStep = (
  ctx: SimulatorContext,
  request: RequestLike,
  url: URL,
  method: string,
) => Reply | Promise<Reply>;

/** What a simulator hands a shared store when it starts using it. */
export interface SimulatorBinding {
  /** The simulator's own context: its settings, and its in-memory parts (unused for state). */
  ctx: SimulatorContext;
  /** The `seed` option (random draws that stay per process: jitter, failure rate, faults). */
  seed: number;
  /** Entries the journal keeps (the `journalSize` option). */
  journalSize: number;
  /** Bytes of JSON the journal keeps (the `journalBytes` option). */
  journalBytes: number;
  /**
   * Told of a poll that found an unfinished job on a virtual clock: the hint of a clock nobody
   * advances, given by this process for the polls it answers.
   */
  stallHint: { polled(id: string, status: string, now: number): void };
  /** A key's starting balance (`Infinity` when unlimited). */
  initialCredits(key: string): number;
}

/** A simulator's handle on a shared store. */
export interface SharedState {
  /**
   * Runs `step` against the shared state and answers with its reply. Never rejects: when the
   * store cannot be reached it answers 503 with an `{"error"}` body.
   */
  run(
    kind: RequestKind,
    step: RequestStep,
    request: RequestLike,
    url: URL,
    method: string,
  ): Promise<Reply>;
}

/**
 * Where simulators keep their state when several processes share it (the `store` option).
 * Without one, a simulator keeps its state in memory, answers without a promise where it can,
 * and its in-process controls (`failNext`, `clock.advance`, `jobs()`, ...) work synchronously;
 * with one, state is read and changed only through requests (the control API under `/__mock/`
 * included), since every read may cross the network.
 */
export interface SharedStateStore {
  /** Where the state lives, for messages (no secrets), e.g. `redis://127.0.0.1:6379/0 prefix segmind-mock`. */
  readonly description: string;
  /** Ties a simulator to this store. Several simulators may share one store object. */
  bind(simulator: SimulatorBinding): SharedState;
  /** Closes the connection. */
  close(): Promise<void>;
}
