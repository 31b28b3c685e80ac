// Runs generated requests against a target (the in-process handler or the HTTP server) and
// judges every answer, keeping what the run has learned: the ids handed out, whether faults or
// scripted failures may be in play.
import type { SegmindMockCore } from '../../src/core.js';
import { type Answer, isValidInput, problemsOf } from './judge.js';
import { FUZZ_KEY, type FuzzRequest, targetOf } from './requests.js';

/** Where requests go: `mock.handle()` or the HTTP server, with the simulator behind it. */
export interface Target {
  name: string;
  /** The origin requests are addressed to. */
  origin: string;
  mock: SegmindMockCore;
  send(
    url: string,
    init: { method: string; headers: Record<string, string>; body?: BodyInit },
  ): Promise<Answer>;
}

/** Counts what was sent, across runs and targets. */
export const tally = { requests: 0 };

/** The in-process target: `mock.handle()`, no HTTP at all. */
export function handlerTarget(mock: SegmindMockCore, origin: string): Target {
  return {
    name: 'handle()',
    origin,
    mock,
    async send(url, init) {
      const response = await mock.handle(new Request(url, init));
      if (response.type === 'error') {
        return { status: 'network-error', headers: new Headers(), body: new Uint8Array() };
      }
      return {
        status: response.status,
        headers: response.headers,
        body: new Uint8Array(await response.arrayBuffer()),
      };
    },
  };
}

/** The HTTP target: fetch over loopback to a running server. */
export function httpTarget(mock: SegmindMockCore, origin: string): Target {
  return {
    name: 'HTTP',
    origin,
    mock,
    async send(url, init) {
      let response: Response;
      try {
        response = await fetch(url, init);
      } catch {
        return { status: 'network-error', headers: new Headers(), body: new Uint8Array() };
      }
      return {
        status: response.status,
        headers: response.headers,
        body: new Uint8Array(await response.arrayBuffer()),
      };
    },
  };
}

const decoder = new TextDecoder();

function parsed(body: string | Uint8Array | undefined): unknown {
  if (body === undefined) return undefined;
  try {
    return JSON.parse(typeof body === 'string' ? body : decoder.decode(body));
  } catch {
    return undefined;
  }
}

/**
 * Sends `requests` in order to a freshly reset mock and returns every problem found. Besides
 * the answer properties ({@link problemsOf}): a body the spec accepts, sent with a valid key
 * while no fault and no scripted failure is in play, is accepted (200), or refused only for the
 * key's rate or credits (429, 406).
 */
export async function runSequence(
  target: Target,
  requests: readonly FuzzRequest[],
): Promise<string[]> {
  target.mock.reset();
  const knownIds: string[] = [];
  let faultsMayFire = false;
  let outcomesScripted = false;
  let lastSeq = 0;
  const problems: string[] = [];
  for (const request of requests) {
    const url = `${target.origin}${targetOf(request, knownIds)}`;
    const headers = { ...request.headers };
    if (headers.origin === 'self') headers.origin = target.origin;
    const init: { method: string; headers: Record<string, string>; body?: BodyInit } = {
      method: request.method,
      headers,
    };
    if (request.body !== undefined) init.body = request.body as BodyInit;
    tally.requests++;
    const answer = await target.send(url, init);
    const pathname = new URL(url).pathname;
    let fromFault = false;
    if (faultsMayFire && request.source !== 'control') {
      const latest = target.mock.requests.at(-1);
      fromFault = latest !== undefined && latest.seq > lastSeq && latest.fault === true;
      if (latest) lastSeq = latest.seq;
    }
    problems.push(...problemsOf(request.method, pathname, answer, { fromFault }));

    if (pathname.startsWith('/__mock/') && answer.status === 200) {
      const call = `${request.method} ${pathname.replace(/\/$/, '')}`;
      if (call === 'POST /__mock/faults') faultsMayFire = true;
      if (call === 'POST /__mock/outcomes') outcomesScripted = true;
      if (call === 'DELETE /__mock/faults') faultsMayFire = false;
      if (call === 'DELETE /__mock/outcomes') outcomesScripted = false;
      // The journal numbers entries afresh after a reset or once emptied.
      if (call === 'DELETE /__mock/requests') lastSeq = 0;
      if (call === 'POST /__mock/reset') {
        faultsMayFire = false;
        outcomesScripted = false;
        lastSeq = 0;
      }
    }
    const body = parsed(request.body);
    if (
      request.source === 'api' &&
      request.method === 'POST' &&
      request.headers['x-api-key'] === FUZZ_KEY &&
      !faultsMayFire &&
      !outcomesScripted &&
      isValidInput(request.method, pathname, body) &&
      answer.status !== 200 &&
      answer.status !== 406 &&
      answer.status !== 429
    ) {
      problems.push(
        `${request.method} ${pathname} refused a valid input with ${answer.status}: ${JSON.stringify(body).slice(0, 200)} → ${decoder.decode(answer.body).slice(0, 200)}`,
      );
    }
    if (
      answer.status === 200 &&
      pathname.startsWith('/v2/') &&
      request.headers['x-api-key'] === FUZZ_KEY
    ) {
      const id = (parsed(answer.body) as { request_id?: unknown } | undefined)?.request_id;
      if (typeof id === 'string' && request.method === 'POST') knownIds.push(id);
    }
  }
  return problems;
}
