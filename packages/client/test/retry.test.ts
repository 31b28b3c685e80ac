import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectionError, createRetryFetch, RequestTimeoutError } from '../src/index.js';
import { createDeadline } from '../src/internal/deadline.js';
import { hangingFetch, json, networkError, scriptedFetch } from './support/fake-fetch.js';

const url = 'https://api.segmind.com/v2/requests/r1/status';
const get = () => new Request(url);
const post = () =>
  new Request('https://api.segmind.com/v2/background-eraser', {
    method: 'POST',
    body: JSON.stringify({ image: 'https://a.test/i.png', return_mask: true }),
    headers: { 'content-type': 'application/json' },
  });

/** A retry fetch whose waits are recorded and skipped, with a fixed jitter. */
function policy(fetch: typeof globalThis.fetch, random = () => 0.5, maxRetries = 2) {
  const waits: number[] = [];
  const retry = createRetryFetch({
    fetch,
    maxRetries,
    random,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  return { retry, waits };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('which answers are retried', () => {
  it.each([
    ['GET', 429, 3],
    ['GET', 500, 3],
    ['GET', 502, 3],
    ['GET', 503, 3],
    ['GET', 504, 3],
    ['GET', 400, 1],
    ['GET', 401, 1],
    ['GET', 403, 1],
    ['GET', 404, 1],
    ['GET', 406, 1],
    ['GET', 422, 1],
    ['POST', 429, 3],
    ['POST', 500, 1],
    ['POST', 502, 1],
    ['POST', 503, 1],
    ['POST', 504, 1],
    ['POST', 400, 1],
  ])(
    '%s answered %i is sent %i time(s), and the last answer is returned',
    async (method, status, sent) => {
      const { fetch, requests } = scriptedFetch(json({ error: 'x' }, status));
      const { retry } = policy(fetch);
      const response = await retry(method === 'GET' ? get() : post());
      expect(response.status).toBe(status);
      expect(requests).toHaveLength(sent);
    },
  );

  it('returns the first success after retries', async () => {
    const { fetch, requests } = scriptedFetch(
      json({ error: 'x' }, 503),
      json({ error: 'x' }, 502),
      json({ status: 'QUEUED' }),
    );
    const response = await policy(fetch).retry(get());
    expect(response.status).toBe(200);
    expect(requests).toHaveLength(3);
  });

  it('resends the same body on each attempt of a POST (the request is cloned)', async () => {
    const { fetch, requests } = scriptedFetch(
      json({ error: 'slow' }, 429),
      json({ request_id: 'r' }),
    );
    await policy(fetch).retry(post());
    expect(requests).toHaveLength(2);
    const bodies = await Promise.all(requests.map((r) => r.json()));
    expect(bodies[0]).toEqual({ image: 'https://a.test/i.png', return_mask: true });
    expect(bodies[1]).toEqual(bodies[0]);
    expect(requests[0]?.signal).not.toBe(requests[1]?.signal);
  });
});

describe('which failures are retried', () => {
  it('GET retries any connection failure, then throws ConnectionError', async () => {
    const { fetch, requests } = scriptedFetch(networkError('ECONNRESET'));
    const error = await policy(fetch)
      .retry(get())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).message).toContain('ECONNRESET');
    expect(requests).toHaveLength(3);
  });

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'])(
    'POST retries %s, which proves nothing was sent',
    async (code) => {
      const { fetch, requests } = scriptedFetch(networkError(code), json({ request_id: 'r' }));
      const response = await policy(fetch).retry(post());
      expect(response.status).toBe(200);
      expect(requests).toHaveLength(2);
    },
  );

  it.each([
    ['a reset', networkError('ECONNRESET')],
    ['a failure without detail (browsers)', new TypeError('Failed to fetch')],
  ])('POST does not retry %s, which may come after the server took it', async (_name, error) => {
    const { fetch, requests } = scriptedFetch(error);
    await expect(policy(fetch).retry(post())).rejects.toBeInstanceOf(ConnectionError);
    expect(requests).toHaveLength(1);
  });

  it('takes a fetch that resolves with Response.error() for a connection failure', async () => {
    const { fetch, requests } = scriptedFetch(() => Response.error());
    const error = await policy(fetch)
      .retry(post())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).message).toBe('Connection failed: network error');
    expect(requests).toHaveLength(1);
  });

  it('GET retries a timeout; POST does not', async () => {
    vi.useFakeTimers();
    const getFetch = hangingFetch();
    const retry = createRetryFetch({
      fetch: getFetch.fetch,
      requestTimeoutMs: 100,
      random: () => 0,
    });
    const gotten = retry(get()).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await gotten).toBeInstanceOf(RequestTimeoutError);
    expect(((await gotten) as RequestTimeoutError).fromDeadline).toBe(false);
    expect(getFetch.requests).toHaveLength(3);

    const postFetch = hangingFetch();
    const posted = createRetryFetch({ fetch: postFetch.fetch, requestTimeoutMs: 100 })(
      post(),
    ).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await posted).toBeInstanceOf(RequestTimeoutError);
    expect(postFetch.requests).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('waits between attempts', () => {
  it('backs off exponentially with full jitter', async () => {
    const { fetch } = scriptedFetch(json({ error: 'x' }, 503));
    const half = policy(fetch, () => 0.5, 3);
    await half.retry(get());
    expect(half.waits).toEqual([250, 500, 1000]);
    const none = policy(fetch, () => 0, 2);
    await none.retry(get());
    expect(none.waits).toEqual([0, 0]);
  });

  it('caps the backoff at 8 s', async () => {
    const { fetch } = scriptedFetch(json({ error: 'x' }, 503));
    const { retry, waits } = policy(fetch, () => 0.999, 7);
    await retry(get());
    expect(waits.slice(-3)).toEqual([7992, 7992, 7992]);
  });

  it('honours Retry-After in seconds', async () => {
    const { fetch } = scriptedFetch(json({ error: 'x' }, 429, { 'retry-after': '3' }), json({}));
    const { retry, waits } = policy(fetch);
    expect((await retry(post())).status).toBe(200);
    expect(waits).toEqual([3000]);
  });

  it('honours Retry-After as an HTTP date', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-03-01T12:00:00Z'));
    const { fetch } = scriptedFetch(
      json({ error: 'x' }, 503, { 'retry-after': 'Sun, 01 Mar 2026 12:00:04 GMT' }),
      json({}),
    );
    const { retry, waits } = policy(fetch);
    expect((await retry(get())).status).toBe(200);
    expect(waits).toEqual([4000]);
  });

  it("honours x-rate-limit-reset-at-utc, read against the answer's Date, without Retry-After", async () => {
    const { fetch } = scriptedFetch(
      json({ error: 'x' }, 429, {
        // A server whose clock is not this machine's: only the difference counts.
        date: 'Wed, 01 Jan 2025 00:00:58 GMT',
        'x-rate-limit-reset-at-utc': '2025-01-01T00:01:00Z',
      }),
      json({}),
    );
    const { retry, waits } = policy(fetch);
    expect((await retry(post())).status).toBe(200);
    expect(waits).toEqual([2000]);
  });

  it('prefers Retry-After when the server sends both', async () => {
    const { fetch } = scriptedFetch(
      json({ error: 'x' }, 429, {
        'retry-after': '1',
        date: 'Wed, 01 Jan 2025 00:00:00 GMT',
        'x-rate-limit-reset-at-utc': '2025-01-01T00:00:30Z',
      }),
      json({}),
    );
    const { retry, waits } = policy(fetch);
    await retry(get());
    expect(waits).toEqual([1000]);
  });

  it('passes a 429 on at once when Retry-After asks for more than a minute', async () => {
    const { fetch, requests } = scriptedFetch(json({ error: 'x' }, 429, { 'retry-after': '3600' }));
    const { retry, waits } = policy(fetch);
    expect((await retry(get())).status).toBe(429);
    expect(requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('reports each retry to the logger, without headers', async () => {
    const warn = vi.fn();
    const { fetch } = scriptedFetch(json({ error: 'x' }, 502), json({}));
    const retry = createRetryFetch({
      fetch,
      logger: { warn },
      random: () => 0,
      sleep: async () => {},
    });
    await retry(new Request(url, { headers: { 'x-api-key': 'sk-never-logged' } }));
    expect(warn).toHaveBeenCalledOnce();
    expect(warn.mock.calls[0]?.[1]).toMatchObject({ method: 'GET', reason: 502, retry: 1 });
    expect(JSON.stringify(warn.mock.calls)).not.toContain('sk-never-logged');
  });
});

describe('the deadline', () => {
  it('stops retrying when the next wait would outlast it', async () => {
    vi.useFakeTimers();
    const { fetch, requests } = scriptedFetch(json({ error: 'x' }, 503));
    const retry = createRetryFetch({ fetch, maxRetries: 10, random: () => 1 });
    const deadline = createDeadline(1200);
    const pending = retry(get(), { deadline });
    // Waits of 500 then 1000 ms: the second would end past 1200 ms, so it is not started.
    await vi.advanceTimersByTimeAsync(500);
    const response = await pending;
    expect(response.status).toBe(503);
    expect(requests).toHaveLength(2);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('cuts each attempt to what remains of it', async () => {
    vi.useFakeTimers();
    const { fetch, requests } = hangingFetch();
    const retry = createRetryFetch({ fetch, requestTimeoutMs: 30_000 });
    const deadline = createDeadline(1000);
    const pending = retry(get(), { deadline }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    const error = await pending;
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as RequestTimeoutError).timeoutMs).toBe(1000);
    expect((error as RequestTimeoutError).fromDeadline).toBe(true);
    expect(requests).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('abort', () => {
  it('during a request rejects with the reason and leaves no timer', async () => {
    vi.useFakeTimers();
    const { fetch } = hangingFetch();
    const controller = new AbortController();
    const pending = createRetryFetch({ fetch })(
      new Request(url, { signal: controller.signal }),
    ).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10);
    const reason = new Error('user left');
    controller.abort(reason);
    expect(await pending).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('during a wait rejects at once with the reason, sends nothing more, leaves no timer', async () => {
    vi.useFakeTimers();
    const { fetch, requests } = scriptedFetch(json({ error: 'x' }, 503, { 'retry-after': '10' }));
    const controller = new AbortController();
    const pending = createRetryFetch({ fetch })(
      new Request(url, { signal: controller.signal }),
    ).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(5000);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort('stop');
    expect(await pending).toBe('stop');
    expect(requests).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('with an already aborted signal sends nothing', async () => {
    const { fetch, requests } = scriptedFetch(json({}));
    const reason = new Error('before');
    await expect(
      createRetryFetch({ fetch })(new Request(url, { signal: AbortSignal.abort(reason) })),
    ).rejects.toBe(reason);
    expect(requests).toHaveLength(0);
  });
});
