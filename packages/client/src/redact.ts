import { errorChain, errorCode } from './network-error.js';

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

/**
 * An underlying error fit to keep as the `cause` of an error the client throws: the error itself,
 * or, when the secret appears in its message or stack or in those of its causes, a plain stand-in
 * with the redacted message and the same `code`, which the retry rules read.
 */
export function redactError(error: unknown, secret: string | undefined): unknown {
  const holds = errorChain(error).some((current) =>
    `${(current as Error).message}${(current as Error).stack}`.includes(secret as string),
  );
  if (!secret || !holds) return error;
  const message = redact(String((error as Error)?.message ?? error), secret);
  return Object.assign(new Error(message), { code: errorCode(error) });
}
