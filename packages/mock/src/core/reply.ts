import { errorBody } from './api-bodies.js';

/**
 * An answer before it becomes a `Response`: routes build these, the journal records them, and
 * `toResponse` turns them into the fetch API's `Response` at the very end.
 */
export interface Reply {
  status: number;
  /** A JSON value, or raw bytes (then `headers` carry the content type). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Answer with a network error (`Response.error()`) instead. */
  networkError?: boolean;
  /** What the journal notes beside the status. */
  meta?: {
    model?: string;
    requestId?: string;
    /** A valid input, kept as parsed; `requestBytes` is then its size as it arrived. */
    requestBody?: unknown;
    /** The start of a body not kept as parsed; `requestBytes` is then its whole size. */
    requestExcerpt?: string;
    requestBytes?: number;
    fault?: boolean;
  };
}

/**
 * A JSON answer. A body of Segmind's API comes from a builder of `api-bodies.ts`, typed by the
 * spec's schema of that answer; the control API (`/__mock/`) answers bodies of its own.
 */
export function json(status: number, body: object, headers?: Record<string, string>): Reply {
  // A fresh literal on the common path: no spread, one shape for every JSON answer.
  return {
    status,
    body,
    headers:
      headers === undefined
        ? { 'content-type': 'application/json' }
        : { 'content-type': 'application/json', ...headers },
  };
}

/** A JSON answer with what the journal notes beside it. */
export function jsonNoted(status: number, body: object, meta: Reply['meta']): Reply {
  return { status, body, headers: { 'content-type': 'application/json' }, meta };
}

/** An error answer: every error body of the API is `{"error": string}`. */
export function failure(status: number, error: string, headers?: Record<string, string>): Reply {
  return json(status, errorBody(error), headers);
}

/** A `405 Method Not Allowed` naming the methods the path takes. */
export function methodNotAllowed(method: string, allow: readonly string[]): Reply {
  return failure(405, `Method ${method.slice(0, 16)} not allowed; use ${allow.join(', ')}`, {
    allow: allow.join(', '),
  });
}

/** Turns a reply into the `Response` `handle()` resolves to. */
export function toResponse(reply: Reply): Response {
  if (reply.networkError) return Response.error();
  const { body } = reply;
  const payload =
    body === undefined ? null : body instanceof Uint8Array ? body : JSON.stringify(body);
  return new Response(payload as BodyInit | null, { status: reply.status, headers: reply.headers });
}

// One `Date` text per second of the clock: formatting it costs more than the rest of a reply.
let dateSecond = Number.NaN;
let dateText = '';

/**
 * Stamps an answer with `Date` from the mock's own clock (an HTTP date, to the second), as an
 * origin server dates its answers: a client or a recording then reads the simulated time, so
 * that a job that expired on a virtual clock is seen to have expired an hour after its submit.
 */
export function withDate(reply: Reply, now: number): Reply {
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(second * 1000).toUTCString();
  }
  if (reply.headers === undefined) reply.headers = { date: dateText };
  else reply.headers.date = dateText;
  return reply;
}
