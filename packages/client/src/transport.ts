import { PRODUCTION_ORIGIN, type paths } from '@segmind-ts/spec';
import type { Client } from 'openapi-fetch';
import { resolveApiKey } from './internal/api-key.js';
import { readEnv } from './internal/env.js';
import { createClient } from './internal/openapi-fetch.js';
import { isHttpUrl } from './internal/urls.js';

/** Segmind's production origin (the spec's first server). Its paths carry `/v1` and `/v2`. */
export const DEFAULT_BASE_URL = PRODUCTION_ORIGIN;

/**
 * The environment variable the origin falls back to before {@link DEFAULT_BASE_URL}: it points a
 * program at a mock or a proxy (`SEGMIND_BASE_URL=http://127.0.0.1:4010`) with no code change.
 * The key is sent there, so it is read only where the key is: the process's own environment.
 */
export const BASE_URL_ENV = 'SEGMIND_BASE_URL';

/** Options of {@link createTransport}. */
export interface TransportOptions {
  /** The API key sent as `x-api-key`. Defaults to the `SEGMIND_API_KEY` environment variable. */
  apiKey?: string;
  /**
   * Origin of the API, without the `/v1` or `/v2` prefix. Defaults to the `SEGMIND_BASE_URL`
   * environment variable, then {@link DEFAULT_BASE_URL}.
   */
  baseUrl?: string;
  /**
   * A `fetch` implementation, for tests, proxies or runtimes without a global one. openapi-fetch
   * calls it with one `Request`.
   */
  fetch?: ((request: Request) => Promise<Response>) | undefined;
}

/** The typed `openapi-fetch` client over every path of the spec. */
export type SegmindTransport = Client<paths>;

/**
 * Resolves the API origin from the option, the `SEGMIND_BASE_URL` environment variable or the
 * default, without trailing slashes; refuses at once, naming where it came from, one that is not
 * an absolute http(s) URL (`localhost:4010` would otherwise fail at the first call).
 */
export function resolveBaseUrl(baseUrl: string | undefined): string {
  const fromEnv = baseUrl === undefined ? readEnv(BASE_URL_ENV)?.trim() : undefined;
  const url = (baseUrl ?? (fromEnv || DEFAULT_BASE_URL)).replace(/\/+$/, '');
  if (!isHttpUrl(url)) {
    const source = baseUrl === undefined ? `The ${BASE_URL_ENV} environment variable` : 'baseUrl';
    throw new TypeError(
      `${source} must be an absolute http:// or https:// URL such as http://127.0.0.1:4010, got ${JSON.stringify(url)}`,
    );
  }
  return url;
}

/**
 * Creates the thin typed transport: every request and response is typed by the generated
 * `paths`, and every request carries the `x-api-key` header.
 */
export function createTransport(options: TransportOptions = {}): SegmindTransport {
  const apiKey = resolveApiKey(options.apiKey);
  return createClient<paths>({
    baseUrl: resolveBaseUrl(options.baseUrl),
    headers: { 'x-api-key': apiKey },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
