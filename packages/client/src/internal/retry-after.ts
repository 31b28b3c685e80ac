/**
 * Reads `Retry-After` as milliseconds from now: delta-seconds or an HTTP date (RFC 9110). A date
 * in the past gives 0. Anything else gives `undefined`, so the caller falls back to its backoff.
 */
export function parseRetryAfter(
  value: string | null,
  now: number = Date.now(),
): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // Date.parse also reads bare numbers such as "-3" as years: an HTTP date always names a month.
  if (!/[a-z]{3}/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The header third-party code reads from Segmind's 429 answers: when the window ends. */
export const RATE_LIMIT_RESET_HEADER = 'x-rate-limit-reset-at-utc';

/**
 * Reads `x-rate-limit-reset-at-utc` as milliseconds from `now`. Its format is not documented
 * (the spec flags the header as an assumption), so it takes what such a header plausibly holds:
 * an ISO 8601 or HTTP date, or Unix epoch seconds or milliseconds. A time in the past gives 0;
 * anything else gives `undefined`.
 */
export function parseRateLimitReset(
  value: string | null,
  now: number = Date.now(),
): number | undefined {
  const text = value?.trim() ?? '';
  const number = Number(text);
  // Epoch seconds or milliseconds of this century; any smaller number is not a reset time. A date
  // names a four-digit year, which keeps stray words from parsing as one.
  const at = /^\d+(\.\d+)?$/.test(text)
    ? number >= 1e12
      ? number
      : number >= 1e9
        ? number * 1000
        : Number.NaN
    : /\d{4}/.test(text)
      ? Date.parse(text)
      : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil(at - now));
}

/**
 * How long an answer asks the client to wait, in milliseconds: its `Retry-After`, or else its
 * `x-rate-limit-reset-at-utc`, whichever the server sends (`Retry-After` first, the standard).
 * The reset time is read against the answer's own `Date` when it has one, so that a server whose
 * clock differs from this machine's (or a mock on a simulated clock) is still understood.
 */
export function retryDelayOf(headers: Headers, now: number = Date.now()): number | undefined {
  const retryAfter = parseRetryAfter(headers.get('retry-after'), now);
  if (retryAfter !== undefined) return retryAfter;
  const date = Date.parse(headers.get('date') ?? '');
  // Date is to the second, so the wait may come out up to a second long: the safe side.
  return parseRateLimitReset(headers.get(RATE_LIMIT_RESET_HEADER), Number.isNaN(date) ? now : date);
}
