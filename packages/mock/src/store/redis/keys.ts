/**
 * The key layout of one namespace (`prefix`) in Redis:
 *
 * - `<prefix>:view`: a hash of what every request checks first: `gen` (the generation of keys,
 *   moved by a reset), `ver` (the clock's version, moved by every advance and reset), `clock`
 *   (the virtual time, ms; 0 until first advanced: the virtual epoch) and `anchor` (the wall
 *   time a real clock started from).
 * - `<prefix>:g<gen>:job:<id>`: one job's facts, `<insertion number>|<JSON>`, with a TTL that
 *   ends when its retention does: Redis forgets it, nothing sweeps.
 * - `<prefix>:g<gen>:credits`: a hash of balances, per API key (only keys with a balance).
 * - `<prefix>:g<gen>:rate:<api key>`: a list of the key's request times in the last minute.
 * - `<prefix>:g<gen>:faults`, `<prefix>:g<gen>:outcomes`: JSON lists of faults and scripted
 *   failures, with what is left of their `times`.
 * - `<prefix>:g<gen>:journal`: a stream capped at the journal size; `<prefix>:g<gen>:counters`:
 *   the journal's `seq` and the jobs' insertion numbers.
 *
 * A reset moves `gen` and deletes the old generation's keys: the namespace's state is gone at
 * once for every process, and no other namespace is touched.
 */

/** The default namespace. */
export const DEFAULT_STORE_PREFIX = 'segmind-mock';

/**
 * How long one call to Redis may take before the request answers 503: one second. Here, beside
 * the other plain facts of the store, so that the option table can name it without importing
 * the store itself.
 */
export const DEFAULT_STORE_TIMEOUT_MS = 1000;

/**
 * A prefix is a plain name (no `:` and no glob characters), so that no namespace's keys can look
 * like another's, and a reset's key pattern matches its own keys only.
 */
export const PREFIX_PATTERN = /^[A-Za-z0-9._-]{1,100}$/;

/** Checks a namespace prefix. @throws RangeError naming the rule. */
export function checkedPrefix(prefix: string): string {
  if (!PREFIX_PATTERN.test(prefix)) {
    throw new RangeError(
      `store prefix must be 1 to 100 letters, digits, '.', '_' or '-', got ${JSON.stringify(prefix)}`,
    );
  }
  return prefix;
}

/** The pattern of every key of one generation of a namespace. */
export function generationPattern(prefix: string, gen: string): string {
  return `${prefix}:g${gen}:*`;
}

/** The key of a job (for tests and tools that look inside Redis). */
export function jobKey(prefix: string, gen: string, id: string): string {
  return `${prefix}:g${gen}:job:${id}`;
}

/** Whether a store URL names Redis (`redis://` or `rediss://`). */
export function isRedisUrl(url: string): boolean {
  return /^rediss?:\/\//i.test(url);
}

/** A Redis URL without its password, for messages and logs. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}
