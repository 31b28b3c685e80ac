import { createClock, VIRTUAL_EPOCH } from '../../core/clock.js';
import type { SimulatorContext } from '../../core/context.js';
import { UNLIMITED_CREDITS } from '../../core/credits.js';
import { type ActiveFault, createFaults, type FaultHit } from '../../core/faults.js';
import type { JournalEntry } from '../../core/journal.js';
import { createOutcomes, defaultFailure } from '../../core/outcomes.js';
import type { RateResult } from '../../core/rate-limit.js';
import type { Rng } from '../../core/rng.js';
import type { Job } from '../../core/store.js';
import type { ModelTiming } from '../../core/timings.js';
import type { Tape } from './tape.js';

/** One operation on the shared state, as the Lua script takes it. */
export interface Op {
  name: string;
  args: [string, string, string, string];
  /** The verdict the request assumed, compared coarsely by the script (a charge: `ok`). */
  expected: string;
  /** The exact verdict assumed, when known; otherwise a confirmed run is replayed to learn it. */
  exact: string | undefined;
  /** The job an `add` stores, or the cached job a `get` assumed. */
  job?: Job;
}

/** A verdict the store gave, kept for the runs that follow. */
export interface Known {
  name: string;
  value: string | string[];
  job?: Job;
}

/** What an attempt needs from the process: its settings, caches and local draws. */
export interface AttemptHost {
  readonly base: SimulatorContext;
  readonly initialCredits: (key: string) => number;
  /** Jobs this process has seen, by id (their facts never change). */
  readonly jobs: Map<string, Job>;
  /** Draws of the fault probabilities' seeds. */
  readonly faultSeeds: Rng;
  /** Draws of request ids: a random source of this process, so instances never collide. */
  readonly ids: Rng;
}

/** Wall-clock milliseconds a rate-limit window is kept for, when the clock is virtual. */
const VIRTUAL_WINDOW_TTL_MS = 60 * 60 * 1000;
const WINDOW_MS = 60_000;
const ADMITTED: RateResult = Object.freeze({ ok: true });

/** `seq` leads every journal entry, so the script can number it by replacing `{"seq":0`. */
const SEQ_PLACEHOLDER = '{"seq":0,';

/** A number as the script reads it back exactly. */
const numberText = (value: number) => (Number.isFinite(value) ? String(value) : 'inf');

const shown = (text: string) => (text === 'inf' ? UNLIMITED_CREDITS : Number(text));

/** Serialises a journal entry once; a body too deep for JSON is shown as a note, as the control API does. */
function entryJson(entry: JournalEntry): string {
  let text: string;
  try {
    text = JSON.stringify(entry);
  } catch {
    text = JSON.stringify({ ...entry, requestBody: '[request body too deeply nested to show]' });
  }
  if (!text.startsWith(SEQ_PLACEHOLDER)) throw new Error('journal entry without a leading seq');
  return text;
}

/** A stored job: `<insertion number>|<facts as JSON>`. */
function parseStoredJob(stored: string): { order: number; job: Job } {
  const bar = stored.indexOf('|');
  return { order: Number(stored.slice(0, bar)), job: JSON.parse(stored.slice(bar + 1)) as Job };
}

/**
 * One run of a request's step against the shared state. Each operation is recorded; one whose
 * verdict is known from an earlier run of the same request answers with it, any other answers
 * with what the request assumes (no fault, admitted, paid, the job as cached...) and the script
 * checks the assumption. A run is therefore synchronous, whatever the store.
 */
export class Attempt {
  readonly ops: Op[] = [];
  /** The journal entry the run wrote, as JSON. */
  entry: string | undefined;
  /**
   * Whether the run read the clock before advancing it: then the script checks that the clock
   * has not moved since. A run that only advances it needs no such check (advances add up).
   */
  clockRead = false;
  #advanced = false;
  readonly ctx: SimulatorContext;

  constructor(
    readonly host: AttemptHost,
    readonly known: readonly Known[],
    readonly tape: Tape,
    /** The clock of this run, fixed for the run. */
    public now: number,
    /** The generation of keys the run works on. */
    readonly gen: string,
  ) {
    tape.rewind();
    this.ctx = this.#context();
  }

  /**
   * Records an operation; returns its known verdict, or `undefined` for the assumed one. `exact`
   * is the exact verdict assumed (`null`: not known in advance).
   */
  #op(
    name: string,
    args: [string, string, string, string],
    expected: string,
    exact: string | null = expected,
    job?: Job,
  ): Known | undefined {
    const index = this.ops.length;
    this.ops.push({ name, args, expected, exact: exact ?? undefined, ...(job ? { job } : {}) });
    const known = this.known[index];
    if (known === undefined) return undefined;
    if (known.name !== name) {
      throw new Error(`replay diverged at operation ${index}: ${known.name}, then ${name}`);
    }
    return known;
  }

  #value(
    name: string,
    args: [string, string, string, string],
    expected: string,
    exact: string | null = expected,
  ) {
    return this.#op(name, args, expected, exact)?.value as string | undefined;
  }

  /** The context the step runs with: the simulator's settings, this run's state. */
  #context(): SimulatorContext {
    const host = this.host;
    const base = host.base;
    const tape = this.tape;
    const attempt = this;
    const unknownList = '?';
    const real = base.clock.mode === 'real';
    const speed = base.clock.speed;

    const clock: SimulatorContext['clock'] = {
      mode: base.clock.mode,
      speed,
      now() {
        if (!attempt.#advanced) attempt.clockRead = true;
        return attempt.now;
      },
      advance(ms: number) {
        // The in-memory clock's own checks and messages.
        createClock(base.clock.mode, speed).advance(ms);
        attempt.#advanced = true;
        // The script adds `ms` to the time it holds; the time expected is this run's own, and
        // the step runs again with the script's when another advance came first.
        const expected = String(attempt.now + ms);
        const args: Op['args'] = [String(ms), String(VIRTUAL_EPOCH), '', ''];
        const value = attempt.#value('advance', args, expected);
        attempt.now = value === undefined ? attempt.now + ms : Number(value);
      },
      reset: () => attempt.ctx.reset(),
    };

    const store: SimulatorContext['store'] = {
      add(job: Job, now: number) {
        const lifeMs = (job.expiresAt - now) / (real ? speed : 1);
        const ttl = String(Math.max(1, Math.ceil(lifeMs)));
        const known = attempt.#op('add', [job.id, JSON.stringify(job), ttl, ''], 'ok', 'ok', job);
        if (known && known.value !== 'ok') throw new Error(`request id ${job.id} is taken`);
      },
      get(id: string, now: number) {
        const cached = host.jobs.get(id);
        if (cached && now >= cached.expiresAt) return undefined;
        const assumed = cached ? '1' : '';
        const known = attempt.#op('get', [id, assumed, '', ''], assumed, assumed, cached);
        if (known === undefined) return cached;
        const value = known.value as string;
        if (value === '') return undefined;
        const job = value === '1' ? (known.job as Job) : parseStoredJob(value).job;
        return now >= job.expiresAt ? undefined : job;
      },
      list(now: number) {
        const known = attempt.#op('jobs', ['', '', '', ''], unknownList);
        if (known === undefined) return [];
        return (known.value as string[])
          .map(parseStoredJob)
          .filter(({ job }) => now < job.expiresAt)
          .sort((a, b) => a.order - b.order)
          .map(({ job }) => job);
      },
      // Redis forgets a job when its TTL runs out: there is nothing to sweep.
      sweep() {},
      /** Jobs this process has seen and still holds facts of. */
      get size() {
        return host.jobs.size;
      },
      clear() {
        attempt.#value('jobsClear', ['', '', '', ''], 'ok');
      },
    };

    const journal: SimulatorContext['journal'] = {
      record(entry) {
        attempt.entry = entryJson(entry as JournalEntry);
        return entry as JournalEntry;
      },
      entries() {
        const known = attempt.#op('journal', ['', '', '', ''], unknownList);
        return known
          ? (known.value as string[]).map((text) => JSON.parse(text) as JournalEntry)
          : [];
      },
      clear() {
        attempt.#value('journalClear', ['', '', '', ''], 'ok');
      },
    };

    const credits: SimulatorContext['credits'] = {
      costOf: (model) => base.credits.costOf(model),
      remaining(key) {
        const initial = numberText(host.initialCredits(key));
        const value = attempt.#value('balance', [key, initial, '', ''], unknownList);
        return value === undefined ? shown(initial) : shown(value);
      },
      charge(key, model) {
        const cost = base.credits.costOf(model);
        const initial = numberText(host.initialCredits(key));
        // An unlimited key's verdict is known in advance; a limited one's balance is learnt.
        const exact = initial === 'inf' ? 'ok:inf' : null;
        const value = attempt.#value('charge', [key, String(cost), initial, ''], 'ok', exact);
        if (value === undefined) {
          return { ok: true, remaining: initial === 'inf' ? UNLIMITED_CREDITS : Number.NaN };
        }
        return { ok: value.startsWith('ok:'), remaining: shown(value.slice(3)) };
      },
      set(key, balance) {
        attempt.#value('setBalance', [key, numberText(balance), '', ''], 'ok');
      },
      reset() {
        attempt.#value('creditsClear', ['', '', '', ''], 'ok');
      },
    };

    const limit = base.rateLimiter.limit;
    const windowTtl = String(real ? Math.ceil(WINDOW_MS / speed) + 1000 : VIRTUAL_WINDOW_TTL_MS);
    const rateLimiter: SimulatorContext['rateLimiter'] = {
      limit,
      take(key) {
        if (limit === undefined) return ADMITTED;
        const args: Op['args'] = [key, String(limit), String(WINDOW_MS), windowTtl];
        const value = attempt.#value('rate', args, '');
        if (value === undefined || value === '') return ADMITTED;
        return { ok: false, retryAfterSeconds: Number(value) };
      },
      reset() {
        attempt.#value('rateClear', ['', '', '', ''], 'ok');
      },
    };

    const outcomes: SimulatorContext['outcomes'] = {
      failNext(options = {}) {
        // The in-memory module's checks and messages, then the rule as it would hold it.
        createOutcomes(0, host.ids).failNext(options);
        const rule = { model: options.model, error: options.error, left: options.times ?? 1 };
        attempt.#value('outcomesAdd', [JSON.stringify(rule), '', '', ''], 'ok');
      },
      decide(model) {
        // The random failure rate is drawn here, as the in-memory module draws it.
        const fallback = tape.fallbacks.next(() => base.outcomes.decide(model));
        const value = attempt.#value('outcome', [model, '', '', ''], 'n');
        if (value === undefined || value === 'n') return fallback;
        return value === 'd' ? defaultFailure(model) : value.slice(2);
      },
      pending() {
        const value = attempt.#value('outcomesList', ['', '', '', ''], unknownList);
        if (value === undefined) return [];
        return (JSON.parse(value) as { model?: string; error?: string; left: number }[]).map(
          (rule) => ({
            ...(rule.model === undefined ? {} : { model: rule.model }),
            error: rule.error,
            times: rule.left,
          }),
        );
      },
      clear() {
        attempt.#value('outcomesClear', ['', '', '', ''], 'ok');
      },
    };

    const faults: SimulatorContext['faults'] = {
      add(options) {
        // The in-memory module checks the definition and gives it its held form.
        const scratch = createFaults(host.ids);
        scratch.add(options);
        const [held] = scratch.list() as [ActiveFault];
        attempt.#value('faultsAdd', [JSON.stringify(stored(held)), '', '', ''], 'ok');
      },
      match(method, path) {
        const seed = tape.seeds.next(() => Math.floor(host.faultSeeds.next() * 2147483646) + 1);
        const value = attempt.#value('fault', [method, path, String(seed), ''], '');
        if (value === undefined || value === '') return undefined;
        return hitOf(JSON.parse(value) as StoredFault);
      },
      list() {
        const value = attempt.#value('faultsList', ['', '', '', ''], unknownList);
        if (value === undefined) return [];
        return (JSON.parse(value) as StoredFault[]).map(active);
      },
      clear() {
        attempt.#value('faultsClear', ['', '', '', ''], 'ok');
      },
    };

    return {
      ...base,
      clock,
      store,
      journal,
      credits,
      rateLimiter,
      outcomes,
      faults,
      timings: (model: string): ModelTiming => tape.timings.next(() => base.timings(model)),
      idRng: { next: () => tape.ids.next(() => host.ids.next()) },
      reset() {
        const at = Date.now();
        attempt.#value('reset', [String(at), '', '', ''], attempt.gen);
        attempt.now = real ? at : VIRTUAL_EPOCH;
      },
    };
  }
}

/** A fault as the script holds it: `ActiveFault` without its empty fields (`timesLeft` absent: unlimited). */
type StoredFault = Partial<ActiveFault> & { networkError: boolean };

function stored(fault: ActiveFault): StoredFault {
  const { timesLeft, ...rest } = fault;
  return timesLeft === null ? rest : { ...rest, timesLeft };
}

function active(fault: StoredFault): ActiveFault {
  return {
    method: fault.method,
    path: fault.path,
    status: fault.status,
    networkError: fault.networkError,
    probability: fault.probability,
    timesLeft: fault.timesLeft ?? null,
    error: fault.error,
    retryAfter: fault.retryAfter,
  };
}

function hitOf(fault: StoredFault): FaultHit {
  if (fault.networkError) return { networkError: true };
  const status = fault.status as number;
  return {
    networkError: false,
    status,
    error: fault.error ?? `Injected fault: HTTP ${status}`,
    retryAfter: fault.retryAfter,
  };
}
