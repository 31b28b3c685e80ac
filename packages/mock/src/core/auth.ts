/** Settings of one API key. */
export interface ApiKeySettings {
  /** The key is known but may not call the API: 403 instead of 401. */
  forbidden?: boolean;
  /** This key's starting balance, overriding the `credits` option. */
  credits?: number;
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
  return {
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
