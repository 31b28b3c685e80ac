import type { SimulatorContext } from './context.js';
import { type JobView, viewJob } from './job-view.js';
import { maskSecret } from './secrets.js';

/** Jobs a state snapshot shows, the newest: `GET /__mock/jobs` lists them all. */
export const STATE_JOB_LIMIT = 200;
/** Keys a state snapshot shows, configured ones first. */
export const STATE_KEY_LIMIT = 100;

/** The clock as `GET /__mock/clock` shows it. */
export function clockBody(ctx: SimulatorContext) {
  const now = ctx.clock.now();
  return { mode: ctx.clock.mode, speed: ctx.clock.speed, now, iso: new Date(now).toISOString() };
}

/** One key's row: its credits and its rate window, the key itself masked. */
interface KeyState {
  key: string;
  configured: boolean;
  forbidden: boolean;
  /** Credits left; `null` when unlimited. */
  credits: number | null;
  startingCredits: number | null;
  /** Requests in the last minute; `null` when there is no rate limit. */
  requestsThisMinute: number | null;
  /** When the oldest of them leaves the window (ms); `null` when none or no limit. */
  rateLimitResetMs: number | null;
  /** Jobs of this key the mock holds. */
  jobs: number;
}

const finiteOrNull = (value: number) => (Number.isFinite(value) ? value : null);

/**
 * Every key the mock knows of: the configured ones, then those seen in jobs, spent credits or
 * rate windows. Derived from the state the mock keeps anyway, so the request path pays nothing.
 */
function keyStates(ctx: SimulatorContext, now: number, jobs: readonly { apiKey: string }[]) {
  const configured = ctx.auth.configured();
  const jobCounts = new Map<string, number>();
  for (const job of jobs) jobCounts.set(job.apiKey, (jobCounts.get(job.apiKey) ?? 0) + 1);
  const keys = new Set([
    ...configured,
    ...jobCounts.keys(),
    ...ctx.credits.charged(),
    ...ctx.rateLimiter.keys(),
  ]);
  const limit = ctx.rateLimiter.limit;
  const rows: KeyState[] = [];
  for (const key of keys) {
    if (rows.length === STATE_KEY_LIMIT) break;
    const balance = ctx.credits.balance(key);
    const usage = ctx.rateLimiter.usage(key, now);
    rows.push({
      key: maskSecret(key),
      configured: configured.includes(key),
      forbidden: ctx.auth.settings(key)?.forbidden === true,
      credits: finiteOrNull(balance.left),
      startingCredits: finiteOrNull(balance.start),
      requestsThisMinute: limit === undefined ? null : usage.used,
      rateLimitResetMs: limit === undefined ? null : (usage.resetInMs ?? null),
      jobs: jobCounts.get(key) ?? 0,
    });
  }
  return { keys: rows, keyCount: keys.size };
}

/**
 * `GET /__mock/state`: one snapshot of everything a page watching the mock shows, taken at one
 * instant of its clock, so the times of the jobs and the clock agree.
 */
export function stateBody(ctx: SimulatorContext) {
  const clock = clockBody(ctx);
  const jobs = ctx.store.list(clock.now);
  const newest: JobView[] = jobs.slice(-STATE_JOB_LIMIT).map((job) => viewJob(job, clock.now));
  return {
    clock,
    models: [...ctx.models.keys()],
    rateLimit: ctx.rateLimiter.limit ?? null,
    ...keyStates(ctx, clock.now, jobs),
    jobCount: jobs.length,
    jobs: newest,
    outcomes: ctx.outcomes.pending(),
    faults: ctx.faults.list(),
  };
}
