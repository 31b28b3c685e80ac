import { vi } from 'vitest';

/** A JSON answer. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** A `fetch` answered by `handler`, recording every request it receives. */
export function fakeFetch(
  handler: (request: Request, call: number) => Response | Promise<Response>,
) {
  const requests: Request[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request && !init ? input : new Request(input, init);
    requests.push(request);
    return handler(request, requests.length);
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, requests };
}

/** A `fetch` that answers each request with the next of `answers` (the last one repeats). */
export function scriptedFetch(...answers: Array<Response | Error | (() => Response)>) {
  return fakeFetch((_request, call) => {
    const answer = answers[Math.min(call, answers.length) - 1];
    if (answer instanceof Error) throw answer;
    if (typeof answer === 'function') return answer();
    // A Response body can be read once: hand out a clone so that a repeated answer still works.
    return (answer as Response).clone();
  });
}

/** A `fetch` that never answers, and rejects with the abort reason when its signal aborts. */
export function hangingFetch() {
  return fakeFetch(
    (request) =>
      new Promise<Response>((_resolve, reject) => {
        request.signal.addEventListener('abort', () => reject(request.signal.reason), {
          once: true,
        });
      }),
  );
}

/** A fetch failure as undici reports it, with a system error code in its cause. */
export function networkError(code?: string): TypeError {
  const cause = Object.assign(new Error(code ? `connect ${code}` : 'socket hang up'), { code });
  return new TypeError('fetch failed', { cause });
}

/** The submit answer of the real service for a job id, on the example origin. */
export function submitted(id = 'req-1', origin = 'https://api.segmind.com') {
  return json({
    request_id: id,
    status: 'QUEUED',
    status_url: `${origin}/v2/requests/${id}/status`,
    response_url: `${origin}/v2/requests/${id}`,
  });
}

/**
 * An answer whose body sends its first bytes and then stalls until the request's signal aborts,
 * as a server that stops in the middle of a body does. The body then fails with the abort
 * reason, as undici's does.
 */
export function stalledBody(request: Request, status = 200): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('{"status":'));
      request.signal.addEventListener('abort', () => controller.error(request.signal.reason), {
        once: true,
      });
    },
  });
  return new Response(body, { status, headers: { 'content-type': 'application/json' } });
}
