import { createApiError } from './errors.js';
import { isHttpUrl } from './internal/urls.js';
import { createRetryFetch, type RetryFetch } from './retry.js';

/** Options of {@link downloadOutput}. */
export interface DownloadOptions {
  /** Aborts the download; the call rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** A `fetch` implementation. Defaults to `globalThis.fetch`. */
  fetch?: typeof globalThis.fetch | undefined;
}

/**
 * Downloads a job's output image (`result.output`, or the URL itself) and returns its bytes.
 * The output URL is public, so the API key is NOT sent: it must not leak to the storage host.
 * The GET is retried like any other idempotent request. Throws a `SegmindError` subclass for an
 * error status (404 once the output has expired, `RETENTION_MS` after the job's submission).
 */
export async function downloadOutput(
  result: { output: unknown } | string,
  options: DownloadOptions = {},
): Promise<Uint8Array> {
  return download(result, options.signal, createRetryFetch({ fetch: options.fetch }));
}

/** {@link downloadOutput} through a given retry policy (the client's own). */
export async function download(
  result: { output: unknown } | string,
  signal: AbortSignal | undefined,
  retryFetch: RetryFetch,
): Promise<Uint8Array> {
  const url = typeof result === 'string' ? result : result.output;
  if (!isHttpUrl(url)) {
    throw new TypeError(`The output is not an http(s) URL: ${JSON.stringify(url)?.slice(0, 200)}`);
  }
  const response = await retryFetch(new Request(url, signal ? { signal } : {}));
  if (!response.ok) {
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Storage hosts answer errors in XML or plain text; keep the text.
    }
    throw createApiError(response.status, body, response.headers);
  }
  return new Uint8Array(await response.arrayBuffer());
}
