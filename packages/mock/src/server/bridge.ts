import type {
  IncomingHttpHeaders,
  IncomingMessage,
  OutgoingHttpHeaders,
  ServerResponse,
} from 'node:http';
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

/** The origin of a Host header, or `undefined` when it is not a plain host[:port]. */
function originOfHost(host: string): string | undefined {
  if (!HOST_PATTERN.test(host)) return undefined;
  // Five digits still allow 65536-99999, which no URL parser accepts.
  const port = /:(\d+)$/.exec(host)?.[1];
  return port !== undefined && Number(port) > 65535 ? undefined : `http://${host}`;
}

// Clients send the same Host header on every request: the last one checked is remembered.
let lastHost: string | undefined;
let lastOrigin: string | undefined;

/** The origin a request came to, from its Host header or else the server's own address. */
export function requestOrigin(req: IncomingMessage, fallback: string): string {
  const host = req.headers.host;
  if (host === undefined) return fallback;
  if (host !== lastHost) {
    lastOrigin = originOfHost(host);
    lastHost = host;
  }
  return lastOrigin ?? fallback;
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

/** A Node request's headers as the simulator reads them (a class: no closure per request). */
class NodeHeaders {
  readonly #headers: IncomingHttpHeaders;

  constructor(headers: IncomingHttpHeaders) {
    this.#headers = headers;
  }

  /** The header's value (repeated ones joined with `, `), or `null`. */
  get(name: string): string | null {
    const value = this.#headers[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
  }

  /** Every header, as fetch's `Headers.forEach` gives them (for the journal). */
  forEach(callback: (value: string, name: string) => void): void {
    for (const name in this.#headers) {
      const value = this.#headers[name];
      if (value !== undefined) callback(Array.isArray(value) ? value.join(', ') : value, name);
    }
  }
}

/**
 * The simulator's view of a Node request, built without a fetch `Request`: on Node 20 building a
 * `Request` and reading a `Response` cost several times what the simulation itself does. The
 * body, already read and bounded by the caller, is handed over whole as bytes.
 */
export function toRequestLike(req: IncomingMessage, url: string, body?: Buffer): RequestLike {
  const method = req.method ?? 'GET';
  return {
    method,
    url,
    headers: new NodeHeaders(req.headers),
    body: body === undefined || !mayHaveBody(method) ? null : body,
  };
}

/**
 * Writes a simulator reply: its status, its headers, and its body as JSON text or bytes. The
 * headers go to `writeHead` as one flat list, which Node takes without building an object.
 */
export function writeReply(res: ServerResponse, reply: Reply): void {
  const { body, headers } = reply;
  const payload =
    body === undefined ? undefined : body instanceof Uint8Array ? body : JSON.stringify(body);
  const list: (string | number)[] = [];
  if (headers !== undefined) {
    for (const name in headers) {
      if (name !== 'content-length') list.push(name, headers[name] as string);
    }
  }
  if (payload !== undefined) {
    list.push(
      'content-length',
      typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength,
    );
  }
  res.writeHead(reply.status, list);
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
