import { VIRTUAL_EPOCH } from '../../core/clock.js';
import type { SimulatorContext } from '../../core/context.js';
import { failure, type Reply } from '../../core/reply.js';
import type { RequestLike } from '../../core/request-like.js';
import { createRng, type Rng } from '../../core/rng.js';
import type { RequestKind, RequestStep, SharedState, SimulatorBinding } from '../../core/state.js';
import type { Job } from '../../core/store.js';
import { Attempt, type AttemptHost, argsKey, type Known, type Op } from './attempt.js';
import { replayable } from './replayable.js';
import { Tape } from './tape.js';

/** The namespace's view as the script returns it: generation, clock version, clock, anchor. */
export interface View {
  gen: string;
  ver: string;
  /**
   * A virtual or auto clock's time (ms), 0 before it first moved (the virtual epoch); a real
   * clock's time at `anchor`, 0 until a reset (the anchor itself).
   */
  clock: number;
  /** The wall time a real clock counts from (ms). */
  anchor: number;
}

/** What the script answered: its status, the view after it, and one verdict per operation applied. */
export interface StepResult {
  status: 'ok' | 'moved' | 'stale';
  view: View;
  /**
   * How many verdicts answer operations as the request asked them; those after are reads the
   * script answered ahead, after a verdict the request did not expect.
   */
  firm: number;
  verdicts: (string | string[])[];
}

/** One call of the script. */
export interface StepCall {
  /** The view the operations were decided on. */
  view: View;
  /** The clock they were decided at. */
  now: number;
  ops: readonly Op[];
  /** The request's journal entry, appended when every verdict is the one expected. */
  entry: string | undefined;
  /** Entries the journal keeps. */
  journalSize: number;
  /** Bytes of JSON the journal keeps. */
  journalBytes: number;
}

/** How a bound simulator reaches Redis; implemented by the store over one connection. */
export interface StepTransport {
  readonly description: string;
  /** Runs the script. Rejects with a {@link StoreError} when Redis is away or too slow. */
  step(call: StepCall): Promise<StepResult>;
  /** Deletes the keys of a generation a reset left behind. */
  dropGeneration(gen: string): Promise<void>;
  /** Says that a call failed for want of Redis (for the log). */
  unavailable(error: unknown): void;
}

/** Jobs whose facts a process keeps, so that a poll of a known job costs one round trip. */
const JOB_CACHE_SIZE = 10_000;

/**
 * Runs of one request, at most. Each run applies at least one operation, unless the clock it
 * read moved first (another instance advanced it, or reset the namespace): a request has a
 * handful of operations, so this is reached only when the clock keeps moving under it.
 */
const MAX_RUNS = 32;

/** A random source of this process (Web Crypto), for request ids no other instance draws. */
function cryptoRng(): Rng {
  const buffer = new Uint32Array(64);
  let at = buffer.length;
  return {
    next() {
      if (at === buffer.length) {
        globalThis.crypto.getRandomValues(buffer);
        at = 0;
      }
      return (buffer[at++] as number) / 4294967296;
    },
  };
}

/**
 * One simulator's handle on a Redis namespace. A request is run as a step against an
 * {@link Attempt}: the step runs synchronously on what this process knows (the clock, jobs it
 * has seen) and on assumptions for the rest (no fault fires, the key is admitted and can pay);
 * one Lua script then applies its operations and checks the assumptions, atomically. When they
 * held, that one round trip was the whole request, journal included. When one did not, the
 * script stopped after that operation and said what it found; the step runs again knowing it.
 */
export class RedisSharedState implements SharedState, AttemptHost {
  readonly base: SimulatorContext;
  readonly initialCredits: (key: string) => number;
  readonly jobs = new Map<string, Job>();
  faultSeeds: Rng;
  readonly ids = cryptoRng();
  readonly journalSize: number;
  readonly #journalBytes: number;
  readonly #stallHint: SimulatorBinding['stallHint'];
  readonly #seed: number;
  #view: View;
  /** A real clock never goes back in this process, whatever the wall clock does. */
  #lastNow = 0;

  constructor(
    readonly transport: StepTransport,
    binding: SimulatorBinding,
    view: View,
  ) {
    this.#view = view;
    this.journalSize = binding.journalSize;
    this.#journalBytes = binding.journalBytes;
    this.#stallHint = binding.stallHint;
    this.base = binding.ctx;
    this.initialCredits = binding.initialCredits;
    this.#seed = binding.seed;
    this.faultSeeds = createRng(binding.seed, 4);
  }

  /**
   * The namespace's clock in `view`: a virtual (or auto) clock's time, 0 standing for the epoch;
   * a real clock's time counted from the one it had at `anchor` (`clock`, 0 until a reset: the
   * anchor itself).
   */
  #nowIn(view: View): number {
    if (this.base.clock.mode !== 'real') return view.clock || VIRTUAL_EPOCH;
    const start = view.clock || view.anchor;
    const t = start + (Date.now() - view.anchor) * this.base.clock.speed;
    if (t > this.#lastNow) this.#lastNow = t;
    return this.#lastNow;
  }

  async run(
    kind: RequestKind,
    step: RequestStep,
    request: RequestLike,
    url: URL,
    method: string,
  ): Promise<Reply> {
    const again = await replayable(request, this.base.maxBodyBytes);
    const tape = new Tape();
    const known: Known[] = [];
    try {
      for (let run = 0; run < MAX_RUNS; run++) {
        // The view this run decides on; the script refuses it if it has moved meanwhile (a control
        // step awaits its body, and other requests may update the view in between).
        const view = this.#view;
        const attempt = new Attempt(this, known, tape, this.#nowIn(view), view.gen);
        const reply = await step(attempt.ctx, again, url, method);
        const pending = attempt.ops.slice(known.length);
        const entry = kind === 'api' ? attempt.entry : undefined;
        // A verdict learnt only now (a balance, the requests left) shows in the answer's headers:
        // the entry is then written by the run that knows it, below, not by this one.
        const inexact = pending.some((op) => op.exact === undefined);
        // Nothing left to apply or to journal, on a view the store has confirmed (the first run
        // always asks: a control call that reads nothing but the clock must read it fresh).
        if (pending.length === 0 && entry === undefined && run > 0)
          return this.#done(attempt, reply);
        const result = await this.transport.step({
          view: attempt.clockRead ? view : { ...view, ver: '' },
          now: attempt.now,
          ops: pending,
          entry: inexact ? undefined : entry,
          journalSize: this.journalSize,
          journalBytes: this.#journalBytes,
        });
        this.#see(result.view);
        if (result.status === 'stale') continue;
        for (const [index, value] of result.verdicts.entries()) {
          const op = pending[index] as Op;
          known.push({
            name: op.name,
            args: argsKey(op.args),
            value,
            speculative: index >= result.firm,
            ...(op.job ? { job: op.job } : {}),
          });
          await this.#applied(op, value);
        }
        if (result.status === 'moved') continue;
        // Confirmed, journal written. When a verdict was only known coarsely (a balance), the
        // step runs once more, on this run's clock, to answer with the exact figures.
        const exact = result.verdicts.every((value, index) => value === pending[index]?.exact);
        if (exact) return this.#done(attempt, reply);
        const final = new Attempt(this, known, tape, attempt.now, view.gen);
        const answer = await step(final.ctx, again, url, method);
        if (inexact && kind === 'api' && final.entry !== undefined) {
          // The entry alone, whatever the clock did meanwhile (a reset since drops it: it
          // cleared the journal).
          const written = await this.transport.step({
            view: { ...this.#view, ver: '' },
            now: final.now,
            ops: [],
            entry: final.entry,
            journalSize: this.journalSize,
            journalBytes: this.#journalBytes,
          });
          this.#see(written.view);
        }
        return this.#done(final, answer);
      }
      return failure(503, 'The shared state kept changing under this request; retry it');
    } catch (error) {
      if (!isStoreError(error)) throw error;
      this.transport.unavailable(error);
      const reason = (error as Error).message;
      return failure(
        503,
        `The mock's shared state (${this.transport.description}) is unavailable: ${reason}`,
        { 'retry-after': '1' },
      );
    }
  }

  /** The run that answers: what it noticed on the way is told now, once per request. */
  #done(attempt: Attempt, reply: Reply): Reply {
    for (const [id, status, now] of attempt.stalls) this.#stallHint.polled(id, status, now);
    return reply;
  }

  /** Updates the view; a new generation means every job seen before is gone. */
  #see(view: View): void {
    if (view.gen !== this.#view.gen) this.jobs.clear();
    this.#view = view;
  }

  /** What this process learns from an operation the script applied. */
  async #applied(op: Op, value: string | string[]): Promise<void> {
    if (op.name === 'add' && value === 'ok' && op.job) this.#remember(op.job);
    else if (op.name === 'get' && typeof value === 'string' && value !== '' && value !== '1') {
      const bar = value.indexOf('|');
      this.#remember(JSON.parse(value.slice(bar + 1)) as Job);
    } else if (op.name === 'get' && value === '') this.jobs.delete(op.args[0]);
    else if (op.name === 'reset' && typeof value === 'string') {
      // This process's own draws start over, as an in-memory reset does; the old keys go.
      this.base.reset();
      this.faultSeeds = createRng(this.#seed, 4);
      await this.transport.dropGeneration(value);
    }
  }

  #remember(job: Job): void {
    if (this.jobs.size >= JOB_CACHE_SIZE) {
      const oldest = this.jobs.keys().next().value as string;
      this.jobs.delete(oldest);
    }
    this.jobs.set(job.id, job);
  }
}

/** Errors of the connection (refused, closed, timed out) and of Redis itself. */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}

function isStoreError(error: unknown): boolean {
  return error instanceof StoreError;
}
