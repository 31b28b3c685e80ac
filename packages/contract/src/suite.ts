import type { ContractCheck } from './check.js';
import { CONTRACT_CHECKS } from './checks/index.js';
import { type CheckState, createCheckContext, SkipCheck } from './context.js';
import { httpControl, type MockControl } from './control.js';
import { createExchanger, type ExchangeRecord } from './exchange.js';
import { type ContractKeys, DEFAULT_RATE_LIMIT } from './keys.js';
import type { CheckResult, ContractReport } from './report.js';
import type { OpenApiDocument } from './spec.js';
import { readSuiteTime } from './time.js';
import { createResponseValidator, type ResponseValidator } from './validator.js';

/** Options of {@link runContractSuite}. */
export interface ContractSuiteOptions {
  /** Origin of the target (the API's paths `/v1/...`, `/v2/...` are appended to it). */
  baseUrl: string;
  /**
   * The `fetch` to send every request with. Defaults to the global one, which is what MSW's
   * `setupServer` intercepts; pass `mock.handle` to run against a simulator with no adapter.
   */
  fetch?: typeof globalThis.fetch;
  /** The API key. Defaults to `SEGMIND_API_KEY`, then to a placeholder a mock accepts. */
  apiKey?: string;
  /**
   * The mock's control API: a {@link MockControl} (e.g. `mockControl(mock)`), or the URL of a
   * mock's `/__mock` API. Without it, the suite waits in real time and skips the checks that
   * need control, saying why. The suite first reads the mock's clock through it: a virtual or
   * auto clock is advanced; on a real clock it waits in real time (scaled by the clock's speed,
   * bounded by `maxWaitMs`) and skips the expiry check. A clock it cannot read rejects the run.
   */
  control?: MockControl | string;
  /** Bearer token for a control API started with `--admin-token`. */
  adminToken?: string;
  /**
   * Keys of accounts in known states (unknown, forbidden, out of credits, rate-limited). Each
   * one given makes its check use the target's own answer; without it the check injects the
   * error through `control`, or is skipped.
   */
  keys?: ContractKeys;
  /**
   * Calls a minute the target allows `keys.rateLimited` (default 50, Segmind's pro plan): the
   * rate-limit check sends at most one more and expects a 429 by then.
   */
  rateLimit?: number;
  /**
   * How many credit-spending calls (v1 calls and v2 submits; each counted as one credit) the
   * run may make. Defaults to unlimited on a loopback target or with control, and to 0
   * elsewhere: the suite never spends a user's credits unless told how many.
   */
  budgetCredits?: number;
  /**
   * A validating proxy (Prism) stands between the suite and the target: binary bodies are
   * judged by status and content type, the proxy's own answers to on-purpose bad input are
   * expected, and scenarios it cannot forward are skipped.
   */
  behindPrism?: boolean;
  /** The origin a proxy forwards to, whose job URLs are then requested through the proxy. */
  upstreamOrigin?: string;
  /** Longest real time to wait for a job when time passes for real. Default 120 s. */
  maxWaitMs?: number;
  /** Longest wait for one answer. Default 60 s (a v1 bria call takes about 12 s). */
  requestTimeoutMs?: number;
  /** Runs only the checks whose name this matches. */
  only?: RegExp;
  /** The spec to judge against; defaults to `@segmind-ts/spec/openapi.json`. */
  spec?: OpenApiDocument;
  /** A validator compiled beforehand, to share between runs. */
  validator?: ResponseValidator;
  /** The checks to run; defaults to the whole suite. */
  checks?: readonly ContractCheck[];
  /** Called as each check ends, for progress output. */
  onCheck?: (result: CheckResult) => void;
}

/** The key sent when none is given: the mock accepts any non-empty key by default. */
const PLACEHOLDER_KEY = 'segmind-contract';

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || host === '::1' || host.startsWith('127.');
}

/**
 * Runs the scenario suite against a target and returns the report. Exceptions from a check are
 * recorded as that check's failure; the promise rejects only on bad options, or when the control
 * API's clock cannot be read (a setup error, not the target's).
 */
export async function runContractSuite(options: ContractSuiteOptions): Promise<ContractReport> {
  const baseUrl = new URL(options.baseUrl).href.replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch;
  const validator =
    options.validator ??
    createResponseValidator({
      ...(options.spec ? { spec: options.spec } : {}),
      checkBinaryBodies: !options.behindPrism,
    });
  const control =
    typeof options.control === 'string'
      ? httpControl(options.control, {
          fetch: doFetch,
          ...(options.adminToken ? { adminToken: options.adminToken } : {}),
        })
      : options.control;
  if (
    options.rateLimit !== undefined &&
    !(Number.isInteger(options.rateLimit) && options.rateLimit > 0)
  ) {
    throw new RangeError(`rateLimit must be an integer > 0, got ${options.rateLimit}`);
  }
  // Before any check: how time passes on the target (a setup error rejects here, naming it).
  const time = await readSuiteTime(control);
  const exchanges: ExchangeRecord[] = [];
  let currentCheck = '';
  const exchange = createExchanger({
    fetch: doFetch,
    baseUrl,
    apiKey: options.apiKey ?? process.env.SEGMIND_API_KEY ?? PLACEHOLDER_KEY,
    validator,
    ...(options.upstreamOrigin ? { upstreamOrigin: options.upstreamOrigin } : {}),
    ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
    onExchange: (record) => exchanges.push({ check: currentCheck, ...record }),
  });
  const origins = [new URL(baseUrl).origin];
  if (options.upstreamOrigin) origins.push(new URL(options.upstreamOrigin).origin);
  const budget = {
    left: options.budgetCredits ?? (control || isLoopback(baseUrl) ? Number.POSITIVE_INFINITY : 0),
  };

  const started = Date.now();
  const results: CheckResult[] = [];
  for (const check of options.checks ?? CONTRACT_CHECKS) {
    if (options.only && !options.only.test(check.name)) continue;
    currentCheck = check.name;
    const state: CheckState = { violations: [], notes: [], requestIds: [], exchanges: 0 };
    const ctx = createCheckContext(
      {
        exchange,
        control,
        time,
        behindPrism: options.behindPrism ?? false,
        origins,
        maxWaitMs: options.maxWaitMs ?? 120_000,
        keys: options.keys ?? {},
        rateLimit: options.rateLimit ?? DEFAULT_RATE_LIMIT,
        budget,
      },
      state,
    );
    const checkStarted = performance.now();
    let outcome: CheckResult['outcome'] = 'pass';
    let reason: string | undefined;
    try {
      // Each check starts from a clean mock: no jobs, faults or scripted outcomes left over.
      await control?.reset();
      await check.run(ctx);
    } catch (error) {
      if (error instanceof SkipCheck) {
        outcome = 'skip';
      } else {
        outcome = 'fail';
      }
      reason = error instanceof Error ? error.message : String(error);
    }
    if (outcome === 'pass' && state.violations.length > 0) outcome = 'fail';
    // A check skipped after it found violations still reports them, as a failure.
    if (outcome === 'skip' && state.violations.length > 0) outcome = 'fail';
    const result: CheckResult = {
      name: check.name,
      outcome,
      ...(reason !== undefined ? { reason } : {}),
      violations: state.violations,
      requestIds: state.requestIds,
      notes: state.notes,
      exchanges: state.exchanges,
      durationMs: Math.round((performance.now() - checkStarted) * 100) / 100,
    };
    results.push(result);
    options.onCheck?.(result);
  }
  await control?.reset().catch(() => undefined);

  const count = (outcome: CheckResult['outcome']) =>
    results.filter((r) => r.outcome === outcome).length;
  return {
    target: baseUrl,
    control: typeof options.control === 'string' ? options.control : control ? 'in-process' : null,
    ...(time.clock ? { clock: time.clock } : {}),
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    ok: count('fail') === 0,
    totals: {
      checks: results.length,
      passed: count('pass'),
      failed: count('fail'),
      skipped: count('skip'),
      exchanges: exchanges.length,
      violations: results.reduce((n, r) => n + r.violations.length, 0),
      proxyRejected: exchanges.filter((e) => e.proxyRejected !== undefined).length,
    },
    checks: results,
    exchanges,
  };
}
