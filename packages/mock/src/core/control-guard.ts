import type { Reply } from './reply.js';
import { failure } from './reply.js';
import type { RequestLike } from './request-like.js';

/** Whether a `Content-Type` header names JSON (`application/json`, any parameters). */
export function isJsonContentType(value: string): boolean {
  const semicolon = value.indexOf(';');
  const media = (semicolon === -1 ? value : value.slice(0, semicolon)).trim().toLowerCase();
  return media === 'application/json';
}

/** The refusal of a control body that does not say it is JSON. */
export function notJson(): Reply {
  return failure(415, 'Control calls take JSON bodies: send Content-Type: application/json');
}

/**
 * Refuses a control call that a web page of another origin may have sent (cross-site request
 * forgery): a page can make a browser POST `text/plain` to the mock without a preflight, and the
 * control API changes the state every test relies on. So:
 *
 * - an `Origin` header other than the mock's own origin (or its `baseUrl`) is refused with 403;
 *   a client that is not a browser sends none and is served;
 * - so is a browser's `Sec-Fetch-Site` other than `same-origin` or `none` (typed in the address
 *   bar);
 * - a body sent with a `Content-Type` other than `application/json` is refused with 415 (a page
 *   can send `text/plain`, form or multipart bodies to another origin without asking first,
 *   never JSON).
 *
 * Reads are refused too: the journal holds API keys' requests and the jobs, which no page of
 * another origin should see.
 */
export function refuseForeignControlCall(
  request: RequestLike,
  url: URL,
  baseOrigin: string | undefined,
): Reply | undefined {
  const origin = request.headers.get('origin');
  if (origin !== null && origin !== url.origin && origin !== baseOrigin) {
    return failure(
      403,
      `Control calls from another origin are refused (Origin: ${origin.slice(0, 100)}): the control API serves tests and tools, not web pages`,
    );
  }
  const site = request.headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin' && site !== 'none') {
    return failure(
      403,
      `Control calls from another site are refused (Sec-Fetch-Site: ${site.slice(0, 32)})`,
    );
  }
  const type = request.headers.get('content-type');
  if (type !== null && !isJsonContentType(type)) return notJson();
  return undefined;
}
