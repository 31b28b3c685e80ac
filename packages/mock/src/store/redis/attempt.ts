import { checkAdvance, createClock, MAX_CLOCK_MS, VIRTUAL_EPOCH } from '../../core/clock.js';
import type { SimulatorContext } from '../../core/context.js';
import { UNLIMITED_CREDITS } from '../../core/credits.js';
import { type ActiveFault, createFaults, type FaultHit } from '../../core/faults.js';
import type { JournalEntry } from '../../core/journal.js';
import { nextTransition, statusAt } from '../../core/lifecycle.js';
import { createOutcomes, defaultFailure, type PendingFailure } from '../../core/outcomes.js';
import type { RateResult } from '../../core/rate-limit.js';
import type { Rng } from '../../core/rng.js';
import { maskedHeaders } from '../../core/secrets.js';
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
  /** The operation's arguments, joined: a read answered after a surprise is reused only for the same ones. */
  args: string;
  value: string | string[];
  job?: Job;
  /**
   * A read the script answered after an earlier operation's surprise (the request may not ask
   * it again, or not with the same arguments), rather than one the request's run led to.
   */
  speculative: boolean;
}

/** An operation's arguments as {@link Known.args} holds them. */
export const argsKey = (args: readonly string[]) => args.join('\u0000');

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
  /** The journal's bound in entries. */
  readonly journalSize: number;
}

/** Wall-clock milliseconds a rate-limit window is kept for, when the clock is virtual. */
const VIRTUAL_WINDOW_TTL_MS = 60 * 60 * 1000;
const WINDOW_MS = 60_000;
const ADMITTED: RateResult = Object.freeze({ ok: true, remaining: undefined });

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
  /** The run's last charge, which a scripted failure gives back in the same operation. */
  #lastCharge: { key: string; cost: number } | undefined;
  /** Whether the script gave the last charge back when it chose a scripted failure. */
  #refundedByScript = false;
  /** Polls of unfinished jobs on a virtual clock, for the stall hint once the request is done. */
  readonly stalls: [id: string, status: string, now: number][] = [];
  readonly ctx: SimulatorContext;

  constructor(
    readonly host: AttemptHost,
    /** Verdicts of the earlier runs; the speculative ones the run does not ask again are dropped. */
    readonly known: Known[],
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
    if (!known.speculative) {
      // The run replays what an earlier one did, up to here, draw for draw: the same operation.
      // (Its arguments may differ on a real clock, whose time moves between runs.)
      if (known.name !== name) {
        throw new Error(`replay diverged at operation ${index}: ${known.name}, then ${name}`);
      }
      return known;
    }
    if (known.name === name && known.args === argsKey(args)) return known;
    // A read answered ahead that this run asks differently, or not at all: it and those after
    // it are asked again.
    this.known.length = index;
    return undefined;
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

    const auto = base.clock.mode === 'auto';
    const clock: SimulatorContext['clock'] = {
      mode: base.clock.mode,
      speed,
      now() {
        if (!attempt.#advanced) attempt.clockRead = true;
        return attempt.now;
      },
      advance(ms: number) {
        // The in-memory clock's own checks and messages: a real clock refuses, and so does an
        // advance past the range of Date from where the shared clock stands.
        if (real) createClock('real', speed).advance(ms);
        checkAdvance(attempt.now, ms);
        attempt.#advanced = true;
        // The script adds `ms` to the time it holds; the time expected is this run's own, and
        // the step runs again with the script's when another advance came first.
        const expected = String(attempt.now + ms);
        const args: Op['args'] = [String(ms), String(VIRTUAL_EPOCH), '', ''];
        const value = attempt.#value('advance', args, expected);
        if (value === undefined) attempt.now += ms;
        else if (value.startsWith('over:')) {
          // Other advances came first and left no room for this one: refused, as in memory.
          attempt.now = Number(value.slice(5));
          checkAdvance(attempt.now, ms);
          throw new RangeError(`advance(${ms}) would move the clock past the range of Date`);
        } else attempt.now = Number(value);
      },
      reach(at: number) {
        if (!auto) return;
        // Moves the shared clock, so every instance sees the job where this poll left it.
        const expected = String(Math.max(attempt.now, Math.min(at, MAX_CLOCK_MS)));
        const args: Op['args'] = [String(at), String(VIRTUAL_EPOCH), '', ''];
        const value = attempt.#value('reach', args, expected);
        attempt.now = Number(value ?? expected);
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

    const journalStats = () => {
      const value = attempt.#value('journalStats', ['', '', '', ''], unknownList);
      const [count, bytes] = (value ?? '0|0').split('|');
      return { count: Number(count), bytes: Number(bytes) };
    };
    const journal: SimulatorContext['journal'] = {
      record(entry, _requestBodyBytes, headers) {
        // The entry goes to Redis as JSON now, so its headers are masked now (the in-memory
        // journal masks them when first read).
        const full = entry as JournalEntry;
        if (headers !== undefined) full.requestHeaders = maskedHeaders(headers);
        attempt.entry = entryJson(full);
        return full;
      },
      entries() {
        return journal.page(0, Number.MAX_SAFE_INTEGER);
      },
      page(after: number, limit: number) {
        // All of them is at most the journal's size: no count needed.
        const count = limit >= host.journalSize ? '' : String(limit);
        const known = attempt.#op('journalPage', [String(after), count, '', ''], unknownList);
        return known
          ? (known.value as string[]).map((text) => JSON.parse(text) as JournalEntry)
          : [];
      },
      get size() {
        return journalStats().count;
      },
      get bytes() {
        return journalStats().bytes;
      },
      clear() {
        attempt.#value('journalClear', ['', '', '', ''], 'ok');
      },
    };

    const balanceOf = (key: string) => {
      const initial = numberText(host.initialCredits(key));
      const value = attempt.#value('balance', [key, initial, '', ''], unknownList) ?? initial;
      return value === 'inf' ? Number.POSITIVE_INFINITY : Number(value);
    };
    const credits: SimulatorContext['credits'] = {
      costOf: (model) => base.credits.costOf(model),
      remaining(key) {
        const balance = balanceOf(key);
        return Number.isFinite(balance) ? balance : UNLIMITED_CREDITS;
      },
      balance: (key) => ({ left: balanceOf(key), start: host.initialCredits(key) }),
      charged() {
        const known = attempt.#op('charged', ['', '', '', ''], unknownList);
        return known ? [...(known.value as string[])] : [];
      },
      charge(key, model) {
        const cost = base.credits.costOf(model);
        const initial = numberText(host.initialCredits(key));
        attempt.#lastCharge = { key, cost };
        // An unlimited key's verdict is known in advance; a limited one's balance is learnt.
        const exact = initial === 'inf' ? 'ok:inf' : null;
        const value = attempt.#value('charge', [key, String(cost), initial, ''], 'ok', exact);
        if (value === undefined) {
          return { ok: true, remaining: initial === 'inf' ? UNLIMITED_CREDITS : Number.NaN };
        }
        return { ok: value.startsWith('ok:'), remaining: shown(value.slice(3)) };
      },
      refund(key, model) {
        // A scripted failure was chosen by the script, which gave the charge back then: the
        // charge and its refund are never seen apart, even across the runs of one request.
        if (attempt.#refundedByScript) {
          attempt.#refundedByScript = false;
          return;
        }
        // A failure drawn here (the failure rate) is known before the script runs: the refund
        // goes in the same script as the charge.
        const cost = String(base.credits.costOf(model));
        attempt.#value('refund', [key, cost, '', ''], 'ok');
      },
      set(key, balance) {
        attempt.#value('setBalance', [key, numberText(balance), '', ''], 'ok');
      },
      reset() {
        attempt.#value('creditsClear', ['', '', '', ''], 'ok');
      },
    };

    const limit = base.rateLimiter.limit;
    // A key's own plan may set a limit where the option sets none: windows may then exist.
    const anyLimit = limit !== undefined || base.auth.hasPlans;
    const windowTtl = String(real ? Math.ceil(WINDOW_MS / speed) + 1000 : VIRTUAL_WINDOW_TTL_MS);
    const rateLimiter: SimulatorContext['rateLimiter'] = {
      limit,
      take(key, _now, keyLimit) {
        const keyMax = keyLimit === undefined ? limit : keyLimit || undefined;
        if (keyMax === undefined) return ADMITTED;
        const args: Op['args'] = [key, String(keyMax), String(WINDOW_MS), windowTtl];
        // Admitted is assumed; the requests left are learnt ('ok:<left>').
        const value = attempt.#value('rate', args, 'ok', null);
        if (value === undefined) return { ok: true, remaining: Number.NaN };
        if (value.startsWith('ok:')) return { ok: true, remaining: Number(value.slice(3)) };
        const [seconds, resetAt] = value.slice(3).split(':');
        return { ok: false, retryAfterSeconds: Number(seconds), resetAt: Number(resetAt) };
      },
      usage(key) {
        // Without a limit no window is kept: nothing to ask.
        if (!anyLimit) return { used: 0, resetInMs: undefined };
        const args: Op['args'] = [key, String(WINDOW_MS), '', ''];
        const value = attempt.#value('usage', args, unknownList) ?? '0|';
        const [used, reset] = value.split('|');
        return { used: Number(used), resetInMs: reset ? Number(reset) : undefined };
      },
      keys() {
        if (!anyLimit) return [];
        const known = attempt.#op('rateKeys', ['', '', '', ''], unknownList);
        return known ? [...(known.value as string[])] : [];
      },
      get trackedKeys() {
        if (!anyLimit) return 0;
        return Number(attempt.#value('rateCount', ['', '', '', ''], unknownList) ?? 0);
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
        // A scripted failure costs nothing: the script gives the request's charge back as it
        // chooses the failure, in the same operation.
        const charged = attempt.#lastCharge;
        const args: Op['args'] = [
          model,
          charged?.key ?? '',
          charged ? String(charged.cost) : '',
          '',
        ];
        const value = attempt.#value('outcome', args, 'n');
        if (value === undefined || value === 'n') return fallback;
        attempt.#refundedByScript = charged !== undefined;
        return value === 'd' ? defaultFailure(model) : value.slice(2);
      },
      pending(): PendingFailure[] {
        const value = attempt.#value('outcomesList', ['', '', '', ''], unknownList);
        if (value === undefined) return [];
        const rules = JSON.parse(value) as StoredRule[];
        return rules.map((rule) => ({
          id: rule.id,
          ...(rule.model === undefined ? {} : { model: rule.model }),
          error: rule.error,
          times: rule.left,
        }));
      },
      remove(id) {
        return attempt.#value('outcomesRemove', [String(id), '', '', ''], '1') !== '';
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
        // The script gives it its id, from the namespace's counter.
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
      remove(id) {
        return attempt.#value('faultsRemove', [String(id), '', '', ''], '1') !== '';
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
      callIdRng: { next: () => tape.callIds.next(() => host.ids.next()) },
      polled(job) {
        if (real) return;
        const now = clock.now();
        const next = nextTransition(job, now);
        if (next === undefined) return;
        if (auto) clock.reach(next);
        else attempt.stalls.push([job.id, statusAt(job, now), now]);
      },
      reset() {
        const at = Date.now();
        // A virtual clock goes back to its start; a real one runs on from where it stands.
        const startAt = real ? String(attempt.now) : '0';
        attempt.#value('reset', [String(at), startAt, '', ''], attempt.gen);
        attempt.now = real ? attempt.now : VIRTUAL_EPOCH;
      },
    };
  }
}

/** A scripted failure as the script holds it. */
interface StoredRule {
  id: number;
  model?: string;
  error?: string;
  left: number;
}

/**
 * A fault as the script holds it: `ActiveFault` without its empty fields (`timesLeft` absent:
 * unlimited), its `id` given by the script.
 */
type StoredFault = Partial<ActiveFault> & { id: number; networkError: boolean };

function stored(fault: ActiveFault): Omit<StoredFault, 'id'> {
  const { timesLeft, id: _local, ...rest } = fault;
  return timesLeft === null ? rest : { ...rest, timesLeft };
}

function active(fault: StoredFault): ActiveFault {
  return {
    id: fault.id,
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
