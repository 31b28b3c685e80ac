/** Whether `value` is an absolute `http:` or `https:` URL: the only kind the client will send to. */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * The URL to poll for a job: the server's own URL when it is a web URL on the API's origin (as
 * Segmind's Python SDK follows `status_url`/`response_url`), else the one built from `baseUrl`.
 * The client sends `x-api-key` on every poll, so a URL on any other origin (a tampered body, a
 * stored `toJSON()` edited by hand, a proxy that rewrites hosts) is never followed: the key would
 * leak there.
 */
export function jobUrl(serverUrl: unknown, baseUrl: string, built: string): string {
  if (!isHttpUrl(serverUrl)) return built;
  return new URL(serverUrl).origin === new URL(baseUrl).origin ? serverUrl : built;
}

/** The status URL of a job, built from the API origin when the server's is unusable. */
export function statusUrlOf(baseUrl: string, requestId: string): string {
  return `${baseUrl}/v2/requests/${encodeURIComponent(requestId)}/status`;
}

/** The result URL of a job, built from the API origin when the server's is unusable. */
export function resultUrlOf(baseUrl: string, requestId: string): string {
  return `${baseUrl}/v2/requests/${encodeURIComponent(requestId)}`;
}

/**
 * Rejects a model slug that could escape its path segment (`../requests`, `a/b`, `?x`), since
 * slugs beyond the spec are accepted as any string.
 */
export function assertModelSlug(model: string): void {
  if (typeof model !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(model)) {
    throw new TypeError(`Not a Segmind model slug: ${JSON.stringify(model)}`);
  }
}
