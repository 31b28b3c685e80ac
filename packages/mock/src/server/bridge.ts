import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Reply, RequestLike } from '../core.js';

/** Methods whose requests carry no body, so the bridge does not wait for one. */
const BODYLESS_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a request of this method may carry a body worth reading. */
export function mayHaveBody(method: string): boolean {
  return !BODYLESS_METHODS.has(method);
}

// A Host header is only trusted when it is a plain host[:port]; anything else falls back to the
// address the server listens on. The simulator builds its absolute `status_url`s from this
// origin, so a client reaching the server as `localhost:4010` gets URLs it can follow.
const HOST_PATTERN = /^(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?$/;

/** The origin a request came to, from its Host header or else the server's own address. */
export function requestOrigin(req: IncomingMessage, fallback: string): string {
  const host = req.headers.host;
  return host !== undefined && HOST_PATTERN.test(host) ? `http://${host}` : fallback;
}

/**
 * The absolute URL of a request target on `origin`. An absolute-form target
 * (`GET http://other.host/path`) keeps its path and query, never its host: the origin of the
 * URLs the simulator hands out must be one the client can reach this server on.
 * @throws TypeError when the target is not a valid URL.
 */
export function absoluteUrl(target: string, origin: string): string {
  if (target.startsWith('/')) return origin + target;
  const parsed = new URL(target, origin);
  return origin + parsed.pathname + parsed.search;
}

/**
 * The simulator's view of a Node request, built without a fetch `Request`: on Node 20 building a
 * `Request` and reading a `Response` cost several times what the simulation itself does. The
 * body, already read and bounded by the caller, is handed over whole.
 */
export function toRequestLike(req: IncomingMessage, url: string, body?: Buffer): RequestLike {
  const headers = req.headers;
  return {
    method: req.method ?? 'GET',
    url,
    headers: {
      get(name: string) {
        const value = headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    },
    body:
      body === undefined || !mayHaveBody(req.method ?? 'GET')
        ? null
        : {
            getReader() {
              let read = false;
              return {
                read: async () => {
                  if (read) return { done: true as const };
                  read = true;
                  return { done: false as const, value: body };
                },
                cancel: async () => {},
              };
            },
          },
  };
}

/** Writes a simulator reply: its status, its headers, and its body as JSON text or bytes. */
export function writeReply(res: ServerResponse, reply: Reply): void {
  const { body } = reply;
  const payload =
    body === undefined ? undefined : body instanceof Uint8Array ? body : JSON.stringify(body);
  const headers: OutgoingHttpHeaders = { ...reply.headers };
  if (payload !== undefined) {
    headers['content-length'] =
      typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength;
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/** Writes a small JSON body; the server's own answers use the API's `{"error": string}` shape. */
export function writeJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  extraHeaders: OutgoingHttpHeaders = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...extraHeaders,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
