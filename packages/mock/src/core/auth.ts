import { type RateLimitOption, requestsPerMinute } from './rate-limit.js';

/** Settings of one API key. */
export interface ApiKeySettings {
  /** The key is known but may not call the API: 403 instead of 401. */
  forbidden?: boolean;
  /** This key's starting balance, overriding the `credits` option. */
  credits?: number;
  /**
   * This key's plan: its requests per minute (`free` = 5, `pro` = 50, a number, or `false` for
   * none), overriding the `rateLimit` option, so that one mock serves keys of several plans.
   */
  rateLimit?: RateLimitOption;
}

/**
 * The `apiKeys` option: a list of accepted keys, or a map of keys to their settings. Without
 * it, any non-empty `x-api-key` is accepted.
 */
export type ApiKeysOption = readonly string[] | Readonly<Record<string, ApiKeySettings>>;

/** The outcome of checking a request's key. */
export type AuthResult =
  | { ok: true; key: string }
  | { ok: false; status: 401 | 403; error: string };

/** Checks the `x-api-key` header against the configured keys. */
export function createAuth(option: ApiKeysOption | undefined) {
  const keys: Map<string, ApiKeySettings> | undefined = option
    ? new Map(
        Array.isArray(option)
          ? option.map((key): [string, ApiKeySettings] => [key, {}])
          : Object.entries(option as Record<string, ApiKeySettings>),
      )
    : undefined;
  // Each key's own plan, checked now so that a bad value fails at creation: requests a minute,
  // or `false` for a key without a limit.
  const plans = new Map<string, number | false>();
  for (const [key, settings] of keys ?? []) {
    if (settings.rateLimit !== undefined) {
      plans.set(key, requestsPerMinute(settings.rateLimit) ?? false);
    }
  }
  return {
    /** Whether some key has a plan of its own (then a key may have a limit without `rateLimit`). */
    hasPlans: plans.size > 0,
    /** The requests per minute of `key`'s own plan, when it has one (`false`: unlimited). */
    rateLimitOf(key: string): number | false | undefined {
      return plans.size === 0 ? undefined : plans.get(key);
    },
    /** The settings of `key`, if it is configured. */
    settings(key: string): ApiKeySettings | undefined {
      return keys?.get(key);
    },
    /** The configured keys, in the order given (none when any key is accepted). */
    configured: (): string[] => (keys ? [...keys.keys()] : []),
    /** Whether `value` (the header, or null when absent) may call the API. */
    check(value: string | null): AuthResult {
      const key = value?.trim() ?? '';
      if (!key)
        return { ok: false, status: 401, error: 'Missing API key: set the x-api-key header' };
      if (!keys) return { ok: true, key };
      const settings = keys.get(key);
      if (!settings) return { ok: false, status: 401, error: 'Invalid API key' };
      if (settings.forbidden) {
        return { ok: false, status: 403, error: 'Forbidden: this API key may not use this API' };
      }
      return { ok: true, key };
    },
  };
}
