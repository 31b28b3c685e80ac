/** The `rateLimit` option: a plan preset, a number of requests per minute, or off. */
export type RateLimitOption = 'free' | 'pro' | number | false;

/**
 * Requests a minute of Segmind's public plans, as its "Rate Limits" documentation page states
 * them: Free 5, Pro 50 (Enterprise: custom, a number here). The spec lists it as the behaviour
 * `rate-limits-per-plan`.
 */
export const RATE_LIMIT_PRESETS = { free: 5, pro: 50 } as const;

const WINDOW_MS = 60_000;

/** The one admitted result without a limit, shared: nothing to allocate on the common path. */
const ADMITTED: RateResult = Object.freeze({ ok: true, remaining: undefined });

/**
 * The outcome of one request against the limit: admitted, with the requests left in the window
 * (`undefined` when the key has no limit), or refused, with when to come back.
 */
export type RateResult =
  | { ok: true; remaining: number | undefined }
  | { ok: false; retryAfterSeconds: number; resetAt: number };

/** Requests per minute for an option value, or `undefined` when off. */
export function requestsPerMinute(option: RateLimitOption | undefined): number | undefined {
  if (option === undefined || option === false) return undefined;
  const limit = typeof option === 'string' ? RATE_LIMIT_PRESETS[option] : option;
  if (!(typeof limit === 'number' && Number.isInteger(limit) && limit > 0)) {
    throw new RangeError(
      `rateLimit must be 'free', 'pro', false or an integer > 0, got ${String(option)}`,
    );
  }
  return limit;
}

/**
 * A sliding one-minute window per key, on the mock's clock (a virtual clock advanced by a
 * minute frees the key). It keeps at most `limit` timestamps per key. `option` is the limit of
 * every key; a key's own plan (`apiKeys: { key: { rateLimit } }`) overrides it in `take`.
 */
export function createRateLimiter(option: RateLimitOption | undefined) {
  const defaultLimit = requestsPerMinute(option);
  const windows = new Map<string, number[]>();
  let hits = 0;
  const sweep = (now: number) => {
    for (const [key, times] of windows) {
      if ((times[times.length - 1] as number) <= now - WINDOW_MS) windows.delete(key);
    }
  };
  return {
    /** The configured requests per minute, or `undefined` when off. */
    limit: defaultLimit,
    /**
     * Counts a request of `key` at `now`, or says how long to wait. `limit` is the key's own
     * requests per minute when its plan sets one (`false`: none).
     */
    take(key: string, now: number, keyLimit?: number | false): RateResult {
      const limit = keyLimit === undefined ? defaultLimit : keyLimit || undefined;
      if (limit === undefined) return ADMITTED;
      // Keys are free-form when any key is accepted: drop idle windows now and then.
      if (++hits % 4096 === 0) sweep(now);
      let times = windows.get(key);
      if (!times) {
        times = [];
        windows.set(key, times);
      }
      while (times.length && (times[0] as number) <= now - WINDOW_MS) times.shift();
      if (times.length >= limit) {
        const resetAt = (times[0] as number) + WINDOW_MS;
        const wait = resetAt - now;
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)), resetAt };
      }
      times.push(now);
      return { ok: true, remaining: limit - times.length };
    },
    /** Forgets every window. */
    reset() {
      windows.clear();
    },
  };
}
