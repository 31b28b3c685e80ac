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
 * Most keys whose windows are kept. Any non-empty key is accepted by default, so keys are
 * free-form, and on a virtual clock that stands still no window ever ages out: beyond this many
 * keys, the least recently used key's window is forgotten.
 */
export const MAX_TRACKED_KEYS = 10_000;

/**
 * A sliding one-minute window per key, on the mock's clock (a virtual clock advanced by a
 * minute frees the key). It keeps at most `limit` timestamps per key, and the windows of at most
 * `maxKeys` keys: the {@link MAX_TRACKED_KEYS} most recently used are exact, and a key idle while
 * that many others were used starts afresh. `option` is the limit of every key; a key's own plan
 * (`apiKeys: { key: { rateLimit } }`) overrides it in `take`.
 */
export function createRateLimiter(
  option: RateLimitOption | undefined,
  maxKeys: number = MAX_TRACKED_KEYS,
) {
  const defaultLimit = requestsPerMinute(option);
  // A Map iterates in insertion order: re-inserting a key on use keeps the least recently used
  // first, ready to be evicted.
  const windows = new Map<string, number[]>();
  let lastKey: string | undefined;
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
     * Counts a request of `key` at `now`, or says how long to wait. `keyLimit` is the key's own
     * requests per minute when its plan sets one (`false`: none).
     */
    take(key: string, now: number, keyLimit?: number | false): RateResult {
      const limit = keyLimit === undefined ? defaultLimit : keyLimit || undefined;
      if (limit === undefined) return ADMITTED;
      // Drop idle windows now and then, so that memory follows the keys in use.
      if (++hits % 4096 === 0) sweep(now);
      let times = windows.get(key);
      if (!times) {
        times = [];
        if (windows.size >= maxKeys) windows.delete(windows.keys().next().value as string);
        windows.set(key, times);
      } else if (key !== lastKey) {
        // Most recently used now (a key calling again and again is already the last one).
        windows.delete(key);
        windows.set(key, times);
      }
      lastKey = key;
      while (times.length && (times[0] as number) <= now - WINDOW_MS) times.shift();
      if (times.length >= limit) {
        const resetAt = (times[0] as number) + WINDOW_MS;
        const wait = resetAt - now;
        return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)), resetAt };
      }
      times.push(now);
      return { ok: true, remaining: limit - times.length };
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
    /** How many keys have a window held (for memory checks). */
    get trackedKeys(): number {
      return windows.size;
    },
    /** Forgets every window. */
    reset() {
      windows.clear();
      lastKey = undefined;
    },
  };
}
