/** The `rateLimit` option: a plan preset, a number of requests per minute, or off. */
export type RateLimitOption = 'free' | 'pro' | number | false;

/** Requests a minute of Segmind's public plans. */
export const RATE_LIMIT_PRESETS = { free: 5, pro: 50 } as const;

const WINDOW_MS = 60_000;

/** The one admitted result, shared: nothing to allocate on the common path. */
const ADMITTED: RateResult = Object.freeze({ ok: true });

/** The outcome of one request against the limit. */
export type RateResult = { ok: true } | { ok: false; retryAfterSeconds: number };

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
 * minute frees the key). It keeps at most `limit` timestamps per key.
 */
export function createRateLimiter(option: RateLimitOption | undefined) {
  const limit = requestsPerMinute(option);
  const windows = new Map<string, number[]>();
  let hits = 0;
  const sweep = (now: number) => {
    for (const [key, times] of windows) {
      if ((times[times.length - 1] as number) <= now - WINDOW_MS) windows.delete(key);
    }
  };
  return {
    /** The configured requests per minute, or `undefined` when off. */
    limit,
    /** Counts a request of `key` at `now`, or says how long to wait. */
    take(key: string, now: number): RateResult {
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
        const wait = (times[0] as number) + WINDOW_MS - now;
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) };
      }
      times.push(now);
      return ADMITTED;
    },
    /**
     * How many of `key`'s requests the window holds at `now`, and in how many ms the oldest of
     * them leaves it (`undefined` when none); read only, the window is not trimmed.
     */
    usage(key: string, now: number): { used: number; resetInMs: number | undefined } {
      const times = windows.get(key) ?? [];
      const live = times.filter((time) => time > now - WINDOW_MS);
      const oldest = live[0];
      return {
        used: live.length,
        resetInMs: oldest === undefined ? undefined : oldest + WINDOW_MS - now,
      };
    },
    /** The keys that have a window. */
    keys: (): string[] => [...windows.keys()],
    /** Forgets every window. */
    reset() {
      windows.clear();
    },
  };
}
