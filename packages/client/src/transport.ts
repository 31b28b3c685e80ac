import createClient, { type Client } from 'openapi-fetch';
import { readEnv } from './env.js';
import type { paths } from './generated/schema.gen.js';

/** Segmind's production origin. The spec's paths carry the `/v1` and `/v2` prefixes. */
export const DEFAULT_BASE_URL = 'https://api.segmind.com';

/** The environment variable the API key falls back to, as in Segmind's Python SDK. */
export const API_KEY_ENV = 'SEGMIND_API_KEY';

/** Options of {@link createTransport}. */
export interface TransportOptions {
  /** The API key sent as `x-api-key`. Defaults to the `SEGMIND_API_KEY` environment variable. */
  apiKey?: string;
  /** Origin of the API, without the `/v1` or `/v2` prefix. Defaults to {@link DEFAULT_BASE_URL}. */
  baseUrl?: string;
  /** A `fetch` implementation, for tests, proxies or runtimes without a global one. */
  fetch?: typeof globalThis.fetch;
}

/** The typed `openapi-fetch` client over every path of the spec. */
export type SegmindTransport = Client<paths>;

/**
 * Resolves the API key from the option or the environment, and says how to fix it when there
 * is none, rather than letting every call fail with a 401.
 */
export function resolveApiKey(apiKey: string | undefined): string {
  const key = apiKey ?? readEnv(API_KEY_ENV);
  if (!key) {
    throw new TypeError(
      `No Segmind API key: pass { apiKey } or set the ${API_KEY_ENV} environment variable.`,
    );
  }
  return key;
}

/**
 * Creates the thin typed transport: every request and response is typed by the generated
 * `paths`, and every request carries the `x-api-key` header.
 */
export function createTransport(options: TransportOptions = {}): SegmindTransport {
  const apiKey = resolveApiKey(options.apiKey);
  return createClient<paths>({
    baseUrl: (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, ''),
    headers: { 'x-api-key': apiKey },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
