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
