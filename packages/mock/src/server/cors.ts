import type { IncomingMessage, OutgoingHttpHeaders } from 'node:http';

/** Response headers a browser page may read: the ones the API documents. */
const EXPOSED_HEADERS = 'x-remaining-credits, retry-after, content-length, content-type';
const ALLOWED_METHODS = 'GET, HEAD, POST, DELETE, OPTIONS';
const DEFAULT_ALLOWED_HEADERS = 'content-type, x-api-key, authorization';

/** Decides the CORS headers of each answer from the configured origins. */
export interface CorsPolicy {
  /** Headers to add to an ordinary answer (empty when the origin is not allowed). */
  headersFor(req: IncomingMessage): OutgoingHttpHeaders;
  /** Whether the request is a preflight this policy answers itself. */
  isPreflight(req: IncomingMessage): boolean;
  /** Headers of the 204 answer to a preflight. */
  preflightHeaders(req: IncomingMessage): OutgoingHttpHeaders;
}

/**
 * Builds the policy for `corsOrigin`: `*` allows any page, otherwise a comma-separated list of
 * exact origins (`http://localhost:5173, https://docs.example`). A page of another origin (the
 * docs' try-it, a front end under development) can then call the mock from the browser.
 */
export function createCorsPolicy(corsOrigin: string): CorsPolicy {
  const origins = corsOrigin
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter(Boolean);
  const any = origins.includes('*');

  const allowOrigin = (req: IncomingMessage): string | undefined => {
    const origin = req.headers.origin;
    if (any) return '*';
    return origin !== undefined && origins.includes(origin) ? origin : undefined;
  };

  return {
    headersFor(req) {
      const origin = allowOrigin(req);
      if (origin === undefined) return {};
      return {
        'access-control-allow-origin': origin,
        'access-control-expose-headers': EXPOSED_HEADERS,
        ...(any ? {} : { vary: 'Origin' }),
      };
    },
    isPreflight(req) {
      return (
        req.method === 'OPTIONS' &&
        req.headers.origin !== undefined &&
        req.headers['access-control-request-method'] !== undefined
      );
    },
    preflightHeaders(req) {
      const origin = allowOrigin(req);
      if (origin === undefined) return { vary: 'Origin' };
      return {
        'access-control-allow-origin': origin,
        'access-control-allow-methods': ALLOWED_METHODS,
        'access-control-allow-headers':
          req.headers['access-control-request-headers'] ?? DEFAULT_ALLOWED_HEADERS,
        'access-control-max-age': '600',
        vary: 'Origin, Access-Control-Request-Headers',
      };
    },
  };
}
