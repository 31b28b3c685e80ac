/**
 * Error codes that mean the request never left this machine: the name did not resolve, or the
 * connection was refused or could not be opened. Only these make it safe to resend a request
 * that costs credits. A reset or a timeout after connecting may come after the server took the
 * request, so they are not here.
 */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** An error and every error under it (its `cause`s and an `AggregateError`'s `errors`), nearest first. */
export function errorChain(error: unknown): object[] {
  const chain: object[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!current || typeof current !== 'object' || chain.includes(current)) continue;
    chain.push(current);
    const { cause, errors } = current as { cause?: unknown; errors?: unknown };
    queue.push(cause);
    if (Array.isArray(errors)) queue.push(...errors);
  }
  return chain;
}

/** The first system error code (`ECONNREFUSED`, ...) found in an error or its causes. */
export function errorCode(error: unknown): string | undefined {
  for (const { code } of errorChain(error) as Array<{ code?: unknown }>) {
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/**
 * Whether a failed `fetch` certainly never delivered the request. Browsers give no detail
 * ("Failed to fetch"), so there the answer is always `false`: the safe side for a paid call.
 */
export function failedBeforeSending(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && NOT_SENT_CODES.has(code);
}
