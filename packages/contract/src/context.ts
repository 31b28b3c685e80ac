import type { MockControl } from './control.js';
import type { ContractAnswer, ContractRequest, Exchanger } from './exchange.js';
import type { ContractKeys } from './keys.js';
import type { SuiteTime } from './time.js';
import type { Violation, ViolationKind } from './violations.js';

/** Thrown by {@link CheckContext.skip}: the check cannot run here, for the stated reason. */
export class SkipCheck extends Error {
  override name = 'SkipCheck';
}

/** What a check is given to talk to the target and to record what it finds. */
export interface CheckContext {
  /** Sends a request, validates its answer and records both under this check. */
  send(request: ContractRequest): Promise<ContractAnswer>;
  /**
   * True when the answer has one of the expected statuses. Otherwise records an
   * `unexpected-status` violation and returns false. A proxy's own answer to on-purpose bad
   * input, or a network error (already recorded), also return false, with nothing added.
   */
  expectStatus(answer: ContractAnswer, expected: number | readonly number[]): boolean;
  /** Records a violation of a stateful rule. */
  violation(kind: ViolationKind, message: string, answer?: ContractAnswer): void;
  /** Stops the check as skipped, with the reason shown in the report. */
  skip(reason: string): never;
  /** Adds a line to the check's notes (states seen, what a proxy answered, ...). */
  note(text: string): void;
  /** Remembers a request id this check created, for the report. */
  requestId(id: string): void;
  /** Counts credit-spending calls against the budget; skips the check when it would exceed it. */
  spend(calls: number): void;
  /**
   * Lets `ms` of the target's time pass: the mock's clock is advanced when it can be (virtual,
   * auto); otherwise the suite sleeps, `ms / speed` on a mock's real clock running `speed` times
   * faster than wall time.
   */
  wait(ms: number): Promise<void>;
  /** The time this check has let pass with {@link CheckContext.wait}, in ms. */
  waitedMs(): number;
  /** The mock's control API, when the suite has one. */
  control: MockControl | undefined;
  /** Whether waits advance the mock's clock or pass in real time, and at what speed. */
  time: SuiteTime;
  /** True when a validating proxy (Prism) stands between the suite and the target. */
  behindPrism: boolean;
  /** Origins where the target may place job URLs (the base URL's, and its upstream's). */
  origins: string[];
  /** Longest real time a job may take to finish, when time passes for real. */
  maxWaitMs: number;
  /** Keys of accounts in known states, for the target's own 401/403/406/429 answers. */
  keys: ContractKeys;
  /** Calls a minute the target allows `keys.rateLimited`. */
  rateLimit: number;
}

/** What the suite keeps of one check while it runs. */
export interface CheckState {
  violations: Violation[];
  notes: string[];
  requestIds: string[];
  exchanges: number;
}

/** Options of {@link createCheckContext}. */
export interface CheckContextOptions {
  exchange: Exchanger;
  control: MockControl | undefined;
  time: SuiteTime;
  behindPrism: boolean;
  origins: string[];
  maxWaitMs: number;
  keys: ContractKeys;
  rateLimit: number;
  /** Credit-spending calls left, shared by every check of a run. */
  budget: { left: number };
}

/** Builds the context of one check over the run's shared exchanger and budget. */
export function createCheckContext(options: CheckContextOptions, state: CheckState): CheckContext {
  let waited = 0;
  return {
    async send(request) {
      const answer = await options.exchange(request);
      state.exchanges += 1;
      state.violations.push(...answer.violations);
      if (answer.proxyRejected !== undefined) {
        state.notes.push(
          `${request.method} ${answer.url}: the proxy refused this bad input itself (${answer.proxyRejected})`,
        );
      }
      return answer;
    },
    expectStatus(answer, expected) {
      const list = typeof expected === 'number' ? [expected] : expected;
      if (answer.proxyRejected !== undefined || answer.status === 0) return false;
      if (list.includes(answer.status)) return true;
      state.violations.push({
        kind: 'unexpected-status',
        message: `expected ${list.join(' or ')}, got ${answer.status}${typeof answer.json?.error === 'string' ? ` (${answer.json.error})` : ''}`,
        exchange: `${answer.request.method} ${answer.url}`,
      });
      return false;
    },
    violation(kind, message, answer) {
      state.violations.push({
        kind,
        message,
        ...(answer ? { exchange: `${answer.request.method} ${answer.url}` } : {}),
      });
    },
    skip(reason) {
      throw new SkipCheck(reason);
    },
    note(text) {
      state.notes.push(text);
    },
    requestId(id) {
      if (!state.requestIds.includes(id)) state.requestIds.push(id);
    },
    spend(calls) {
      if (options.budget.left < calls) {
        throw new SkipCheck(
          `needs ${calls} credit-spending call(s) and the budget has ${options.budget.left} left (raise --budget-credits)`,
        );
      }
      options.budget.left -= calls;
    },
    async wait(ms) {
      if (options.control && options.time.controlled) await options.control.advance(ms);
      else await new Promise((resolve) => setTimeout(resolve, ms / options.time.speed));
      waited += ms;
    },
    waitedMs: () => waited,
    control: options.control,
    time: options.time,
    behindPrism: options.behindPrism,
    origins: options.origins,
    maxWaitMs: options.maxWaitMs,
    keys: options.keys,
    rateLimit: options.rateLimit,
  };
}
