/**
 * Removes every occurrence of a secret from a value meant for a message, a log line or an error
 * body. A server that echoes the key back (some gateways do, in "invalid key" messages) must not
 * make the key land in logs or crash reports through the error it causes.
 */
export function redact<T>(value: T, secret: string | undefined): T {
  if (!secret) return value;
  if (typeof value === 'string') return value.split(secret).join('[redacted]') as T;
  if (value === null || typeof value !== 'object') return value;
  const json = JSON.stringify(value);
  if (json === undefined || !json.includes(secret)) return value;
  return JSON.parse(redact(json, secret)) as T;
}
