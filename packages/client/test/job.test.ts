import { RETENTION_MS } from '@segmind-ts/spec';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AuthenticationError,
  InferenceFailed,
  InferenceTimeout,
  type JobStatus,
  NotFoundError,
  PermissionDeniedError,
  RequestExpiredError,
  ResultPendingError,
  Segmind,
  type SegmindError,
  ServerError,
} from '../src/index.js';
import { hangingFetch, json, networkError, stalledBody } from './support/fake-fetch.js';
import { fakeJobApi } from './support/fake-job-api.js';
import { settleWithin } from './support/settle.js';

const input = { image: 'https://example.test/in.png', return_mask: false };

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-05-01T10:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Settles `promise` while advancing fake time by `ms`, and returns its outcome. */
async function within<T>(ms: number, promise: Promise<T>): Promise<T | unknown> {
  const settled = promise.catch((error: unknown) => error);
  await vi.advanceTimersByTimeAsync(ms);
  return settled;
}

describe('job.wait()', () => {
  it("polls at once, then by the model's typical duration, then fetches the result", async () => {
    const api = fakeJobApi({ doneAfterMs: 5500 });
    const segmind = new Segmind({ apiKey: 'k', fetch: api.fetch });
    const result = await within(20_000, segmind.run('background-eraser', input));
    expect(result).toMatchObject({ status: 'COMPLETED', output: expect.stringContaining('req-1') });
    // Typically 4 s: polls at 0, 250, 2000 and 4000 ms, then every 500 ms to 5500 ms.
    expect(api.log()).toEqual([
      'POST /v2/background-eraser',
      ...Array(7).fill('GET /v2/requests/req-1/status'),
      'GET /v2/requests/req-1',
    ]);
  });

  it('polls every intervalMs when given, like the Python SDK', async () => {
    const api = fakeJobApi({ doneAfterMs: 5500 });
    const segmind = new Segmind({ apiKey: 'k', fetch: api.fetch });
    await within(20_000, segmind.run('background-eraser', input, { intervalMs: 1000 }));
    // Polls at 0, 1000, ..., 6000 ms.
    expect(api.log().filter((line) => line.endsWith('/status'))).toHaveLength(7);
  });

  it('reports each new status to onStatus, in order', async () => {
    const api = fakeJobApi({ doneAfterMs: 2000 });
    const seen: string[] = [];
    const segmind = new Segmind({ apiKey: 'k', fetch: api.fetch });
    await within(
      10_000,
      segmind.run('background-eraser', input, {
        intervalMs: 100,
        onStatus: (status) => seen.push(status.status),
      }),
    );
    expect(seen).toEqual(['QUEUED', 'PROCESSING', 'COMPLETED']);
  });

  it('throws InferenceFailed on FAILED without fetching the result', async () => {
    const api = fakeJobApi({ doneAfterMs: 500, outcome: 'FAILED' });
    const segmind = new Segmind({ apiKey: 'k', fetch: api.fetch });
    const job = await segmind.submitAsync('background-eraser', input);
    const error = await within(10_000, job.wait());
    expect(error).toBeInstanceOf(InferenceFailed);
    expect((error as InferenceFailed).detail).toBe('Input image flagged by content moderation');
    expect((error as InferenceFailed).requestId).toBe('req-1');
    expect((error as InferenceFailed).statusBody.status).toBe('FAILED');
    expect(api.log()).not.toContain('GET /v2/requests/req-1');
  });

  it.each([
    ['200 without an error', 200, { request_id: 'req-1', status: 'FAILED' }],
    ['422 with a null error', 422, { request_id: 'req-1', status: 'FAILED', error: null }],
  ])('throws InferenceFailed for a FAILED status answered %s', async (_name, code, body) => {
    const api = fakeJobApi({
      intercept: (request) => (request.url.endsWith('/status') ? json(body, code) : undefined),
    });
    const segmind = new Segmind({ apiKey: 'k', fetch: api.fetch });
    const job = await segmind.submitAsync('background-eraser', input);
    const error = await settleWithin(10_000, job.wait());
    expect(error).toBeInstanceOf(InferenceFailed);
    expect((error as InferenceFailed).detail).toBe('unknown error');
    expect((error as InferenceFailed).statusBody).toEqual(body);
    expect(api.log()).not.toContain('GET /v2/requests/req-1');
  });

  it('throws InferenceTimeout past timeoutMs, and leaves nothing scheduled', async () => {
    const api = fakeJobApi({ doneAfterMs: 60_000 });
    const segmind = new Segmind({ apiKey: 'k', fetch: api.fetch });
    const job = await segmind.submitAsync('background-eraser', input);
    const error = await within(10_000, job.wait({ timeoutMs: 5000 }));
    expect(error).toBeInstanceOf(InferenceTimeout);
    expect((error as InferenceTimeout).requestId).toBe('req-1');
    expect((error as InferenceTimeout).elapsedMs).toBe(5000);
    expect(vi.getTimerCount()).toBe(0);
    // The handle stays usable: the job may still finish.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await within(10_000, job.wait())).toMatchObject({ status: 'COMPLETED' });
  });

  it('throws InferenceTimeout when a poll body stalls past the budget, leaving no timer', async () => {
    const api = fakeJobApi({
      intercept: (request) => (request.url.endsWith('/status') ? stalledBody(request) : undefined),
    });
    const segmind = new Segmind({ apiKey: 'k', fetch: api.fetch });
    const job = await segmind.submitAsync('background-eraser', input);
    const error = await settleWithin(2000, job.wait({ timeoutMs: 2000 }));
    expect(error).toBeInstanceOf(InferenceTimeout);
    expect((error as InferenceTimeout).elapsedMs).toBe(2000);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('run() counts the submit in its budget', async () => {
    const { fetch, requests } = hangingFetch();
    const segmind = new Segmind({ apiKey: 'k', fetch });
    const error = await within(5000, segmind.run('background-eraser', input, { timeoutMs: 2000 }));
    // The hanging submit is cut when the budget ends, not after requestTimeoutMs (30 s).
    expect(error).toBeInstanceOf(InferenceTimeout);
    expect((error as InferenceTimeout).requestId).toBeUndefined();
    expect((error as InferenceTimeout).elapsedMs).toBe(2000);
    expect(requests).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  describe('a budget that ends during a request, when the timer fires 1 ms early', () => {
    // Node may fire a timer when Date.now() still reads 1 ms before its due time. Model that by
    // turning the clock back 1 ms as the request is cut, so that the budget looks unspent.
    const cutEarly = (request: Request) =>
      new Promise<Response>((_resolve, reject) => {
        request.signal.addEventListener(
          'abort',
          () => {
            vi.setSystemTime(Date.now() - 1);
            reject(request.signal.reason);
          },
          { once: true },
        );
      });

    it('is an InferenceTimeout of wait()', async () => {
      // A backoff of 250 ms, more than the 1 ms left: the timed-out poll is not retried.
      vi.spyOn(Math, 'random').mockReturnValue(0.5);
      const api = fakeJobApi({
        intercept: (request) => (request.url.endsWith('/status') ? cutEarly(request) : undefined),
      });
      const segmind = new Segmind({ apiKey: 'k', fetch: api.fetch });
      const job = await segmind.submitAsync('background-eraser', input);
      const error = await settleWithin(2000, job.wait({ timeoutMs: 2000 }));
      expect(error).toBeInstanceOf(InferenceTimeout);
      expect((error as InferenceTimeout).requestId).toBe('req-1');
      expect(api.log().filter((line) => line.endsWith('/status'))).toHaveLength(1);
    });

    it('is an InferenceTimeout of run() during the submit', async () => {
      const api = fakeJobApi({ intercept: cutEarly });
      const segmind = new Segmind({ apiKey: 'k', fetch: api.fetch });
      const error = await settleWithin(
        2000,
        segmind.run('background-eraser', input, { timeoutMs: 2000 }),
      );
      expect(error).toBeInstanceOf(InferenceTimeout);
      expect((error as InferenceTimeout).requestId).toBeUndefined();
    });
  });

  it('one budget bounds the retries of the polls too', async () => {
    const api = fakeJobApi({
      intercept: (request) =>
        request.url.endsWith('/status')
          ? new Response('{"error":"unavailable"}', {
              status: 503,
              headers: { 'retry-after': '1' },
            })
          : undefined,
    });
    const segmind = new Segmind({ apiKey: 'k', fetch: api.fetch, maxRetries: 10 });
    const pending = segmind.run('background-eraser', input, { timeoutMs: 2500 });
    const error = await within(10_000, pending);
    // Attempts at 0, 1000 and 2000 ms; a wait to 3000 would end past the budget, so the retry
    // policy passes the 503 on at 2000 ms instead of after ten retries. The poll loop polls on at
    // 2250 ms (its schedule), whose 503 is passed on at once, and the budget ends at 2500 ms.
    expect(error).toBeInstanceOf(InferenceTimeout);
    expect((error as InferenceTimeout).elapsedMs).toBe(2500);
    expect((error as InferenceTimeout).cause).toBeInstanceOf(ServerError);
    expect(((error as InferenceTimeout).cause as ServerError).status).toBe(503);
    expect(api.log().filter((line) => line.endsWith('/status'))).toHaveLength(4);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('aborting during a poll request rejects with the reason and leaves no timer', async () => {
    const api = fakeJobApi({
      intercept: (request) =>
        request.url.endsWith('/status')
          ? new Promise<Response>((_resolve, reject) =>
              request.signal.addEventListener('abort', () => reject(request.signal.reason)),
            )
          : undefined,
    });
    const segmind = new Segmind({ apiKey: 'k', fetch: api.fetch });
    const controller = new AbortController();
    const pending = segmind.run('background-eraser', input, { signal: controller.signal });
    const settled = pending.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(100);
    const reason = new DOMException('Stopped by the user', 'AbortError');
    controller.abort(reason);
    expect(await settled).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('aborting during the wait between polls rejects at once and sends nothing more', async () => {
    const api = fakeJobApi({ doneAfterMs: 60_000 });
    const segmind = new Segmind({ apiKey: 'k', fetch: api.fetch });
    const controller = new AbortController();
    const settled = segmind
      .run('background-eraser', input, { signal: controller.signal, intervalMs: 10_000 })
      .catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(3000);
    const sent = api.requests.length;
    controller.abort('cancelled');
    expect(await settled).toBe('cancelled');
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(api.requests).toHaveLength(sent);
  });

  it.each([
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
  ])('passes on a %i of a poll at once', async (code, ErrorClass) => {
    const api = fakeJobApi({
      intercept: (request) =>
        request.url.endsWith('/status') ? json({ error: `answer ${code}` }, code) : undefined,
    });
    const segmind = new Segmind({ apiKey: 'k', fetch: api.fetch });
    const error = await within(1000, segmind.run('background-eraser', input));
    expect(error).toBeInstanceOf(ErrorClass);
    expect((error as SegmindError).requestId).toBe('req-1');
    expect(api.log().filter((line) => line.endsWith('/status'))).toHaveLength(1);
  });

  it.each([
    ['a 503', () => json({ error: 'busy' }, 503)],
    ['a 429', () => json({ error: 'slow down' }, 429)],
    [
      'a connection failure',
      () => {
        throw networkError('ECONNRESET');
      },
    ],
    ['a request timeout', (request: Request) => hangingFetch().fetch(request)],
  ])('keeps polling on the schedule through %s of a poll, reporting it', async (_name, fail) => {
    let failures = 3;
    const api = fakeJobApi({
      doneAfterMs: 2000,
      intercept: (request) =>
        request.url.endsWith('/status') && failures-- > 0 ? fail(request) : undefined,
    });
    const warn = vi.fn();
    const segmind = new Segmind({
      apiKey: 'k',
      fetch: api.fetch,
      maxRetries: 0,
      requestTimeoutMs: 500,
      logger: { warn },
    });
    const result = await settleWithin(
      20_000,
      segmind.run('background-eraser', input, { intervalMs: 1000 }),
    );
    expect(result).toMatchObject({ status: 'COMPLETED' });
    expect(warn).toHaveBeenCalledTimes(3);
    expect(warn.mock.calls[0]?.[1]).toMatchObject({ requestId: 'req-1' });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("waits as long as a failed poll's Retry-After asks before the next poll", async () => {
    const polledAt: number[] = [];
    const started = Date.now();
    const api = fakeJobApi({
      doneAfterMs: 0,
      intercept: (request) => {
        if (!request.url.endsWith('/status')) return undefined;
        polledAt.push(Date.now() - started);
        return polledAt.length === 1
          ? json({ error: 'slow down' }, 429, { 'retry-after': '5' })
          : undefined;
      },
    });
    const segmind = new Segmind({ apiKey: 'k', fetch: api.fetch, maxRetries: 0 });
    const result = await settleWithin(20_000, segmind.run('background-eraser', input));
    expect(result).toMatchObject({ status: 'COMPLETED' });
    expect(polledAt).toEqual([0, 5000]);
  });

  it('rejects a bad intervalMs', async () => {
    const segmind = new Segmind({ apiKey: 'k', fetch: fakeJobApi().fetch });
    const job = segmind.job('req-1');
    await expect(job.wait({ intervalMs: -1 })).rejects.toBeInstanceOf(RangeError);
    await expect(job.wait({ timeoutMs: Number.NaN })).rejects.toBeInstanceOf(RangeError);
  });
});

describe('job.status() and job.result()', () => {
  it('status() returns the FAILED body (HTTP 422) instead of throwing', async () => {
    const api = fakeJobApi({ doneAfterMs: 0, outcome: 'FAILED' });
    const segmind = new Segmind({ apiKey: 'k', fetch: api.fetch });
    const job = await segmind.submitAsync('bria-erase-foreground', {
      image: 'https://a.test/i.png',
    });
    const status = await job.status();
    expect(status).toEqual(
      expect.objectContaining({ status: 'FAILED', error: expect.any(String) }),
    );
  });

  it('wait() polls no more once the job is known to have ended; status() and result() ask', async () => {
    const api = fakeJobApi({ doneAfterMs: 1500 });
    const segmind = new Segmind({ apiKey: 'k', fetch: api.fetch });
    const job = await segmind.submitAsync('background-eraser', input);
    const result = await within(10_000, job.wait());
    expect(job.cachedResult).toBe(result);
    expect(job.lastStatus).toMatchObject({ status: 'COMPLETED' });
    const sent = api.log().length;
    // wait() again: no poll (states only move forward), the result fetched fresh.
    expect(await within(10_000, job.wait())).toEqual(result);
    expect(api.log().slice(sent)).toEqual(['GET /v2/requests/req-1']);
    // status(), result() and watch() read the server every time.
    expect(await job.status()).toMatchObject({ status: 'COMPLETED' });
    expect(await job.result()).toEqual(result);
    const statuses: JobStatus[] = [];
    for await (const status of job.watch()) statuses.push(status);
    expect(statuses.map((s) => s.status)).toEqual(['COMPLETED']);
    expect(api.log().slice(sent + 1)).toEqual([
      'GET /v2/requests/req-1/status',
      'GET /v2/requests/req-1',
      'GET /v2/requests/req-1/status',
    ]);
  });

  it('wait() of a known FAILED job throws without a request; result() asks the server', async () => {
    const api = fakeJobApi({ doneAfterMs: 0, outcome: 'FAILED' });
    const segmind = new Segmind({ apiKey: 'k', fetch: api.fetch });
    const job = await segmind.submitAsync('background-eraser', input);
    await job.status();
    const sent = api.requests.length;
    await expect(job.wait()).rejects.toBeInstanceOf(InferenceFailed);
    expect(api.requests).toHaveLength(sent);
    await expect(job.result()).rejects.toBeInstanceOf(InferenceFailed);
    expect(api.requests).toHaveLength(sent + 1);
  });

  it('result() throws InferenceFailed for a FAILED body whatever its HTTP status', async () => {
    const body = { request_id: 'req-1', status: 'FAILED', error: 'flagged' };
    const api = fakeJobApi({
      intercept: (request) => (request.method === 'GET' ? json(body, 200) : undefined),
    });
    const segmind = new Segmind({ apiKey: 'k', fetch: api.fetch });
    const error = await segmind
      .job('req-1')
      .result()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InferenceFailed);
    expect((error as InferenceFailed).detail).toBe('flagged');
  });

  it('result() while the job runs throws ResultPendingError (HTTP 202)', async () => {
    const api = fakeJobApi({ doneAfterMs: 10_000 });
    const segmind = new Segmind({ apiKey: 'k', fetch: api.fetch });
    const job = await segmind.submitAsync('background-eraser', input);
    const error = await job.result().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResultPendingError);
    expect((error as ResultPendingError).status).toBe(202);
    expect((error as ResultPendingError).message).toContain('QUEUED');
  });

  it('polls the absolute URLs the server gave on the API origin', async () => {
    const api = fakeJobApi({ origin: 'https://queue.segmind.example' });
    const segmind = new Segmind({
      apiKey: 'k',
      fetch: api.fetch,
      baseUrl: 'https://queue.segmind.example',
    });
    const job = await segmind.submitAsync('background-eraser', input);
    expect(job.statusUrl).toBe('https://queue.segmind.example/v2/requests/req-1/status');
    await job.status();
    expect(api.requests.at(-1)?.url).toBe(job.statusUrl);
    expect(api.requests.at(-1)?.headers.get('x-api-key')).toBe('k');
  });

  it('never sends the key to job URLs on another origin: it builds them from baseUrl', async () => {
    const api = fakeJobApi({ origin: 'https://attacker.example' });
    const segmind = new Segmind({ apiKey: 'k', fetch: api.fetch });
    const job = await segmind.submitAsync('background-eraser', input);
    expect(job.statusUrl).toBe('https://api.segmind.com/v2/requests/req-1/status');
    expect(job.responseUrl).toBe('https://api.segmind.com/v2/requests/req-1');
    await job.status();
    expect(api.requests.map((r) => new URL(r.url).origin)).not.toContain(
      'https://attacker.example',
    );
    const resumed = segmind.job({
      requestId: 'req-1',
      statusUrl: 'https://attacker.example/v2/requests/req-1/status',
      responseUrl: 'https://attacker.example/v2/requests/req-1',
    });
    expect(resumed.statusUrl).toBe('https://api.segmind.com/v2/requests/req-1/status');
  });

  it('builds the URLs from baseUrl when the server gives no http(s) URL', async () => {
    const api = fakeJobApi({ origin: 'javascript:alert(1)//' });
    const segmind = new Segmind({ apiKey: 'k', fetch: api.fetch, baseUrl: 'http://127.0.0.1:1' });
    const job = await segmind.submitAsync('background-eraser', input);
    expect(job.statusUrl).toBe('http://127.0.0.1:1/v2/requests/req-1/status');
    expect(job.responseUrl).toBe('http://127.0.0.1:1/v2/requests/req-1');
  });
});

describe('job.watch()', () => {
  it('yields each status change and ends at the terminal one', async () => {
    const api = fakeJobApi({ doneAfterMs: 3000 });
    const segmind = new Segmind({ apiKey: 'k', fetch: api.fetch });
    const job = await segmind.submitAsync('background-eraser', input);
    const collect = async () => {
      const seen: string[] = [];
      for await (const status of job.watch({ intervalMs: 500 })) seen.push(status.status);
      return seen;
    };
    expect(await within(10_000, collect())).toEqual(['QUEUED', 'PROCESSING', 'COMPLETED']);
    // Polls at 0, 500, ..., 3000 ms; never the result.
    expect(api.log().filter((line) => line.endsWith('/status'))).toHaveLength(7);
    expect(api.log()).not.toContain('GET /v2/requests/req-1');
  });

  it('yields FAILED rather than throwing', async () => {
    const api = fakeJobApi({ doneAfterMs: 2500, outcome: 'FAILED' });
    const segmind = new Segmind({ apiKey: 'k', fetch: api.fetch });
    const job = await segmind.submitAsync('background-eraser', input);
    const seen: string[] = [];
    const run = (async () => {
      for await (const status of job.watch()) seen.push(status.status);
    })();
    await within(10_000, run);
    expect(seen).toEqual(['QUEUED', 'PROCESSING', 'FAILED']);
  });

  it('stops polling when the loop is left, and on abort', async () => {
    const api = fakeJobApi({ doneAfterMs: 60_000 });
    const segmind = new Segmind({ apiKey: 'k', fetch: api.fetch });
    const job = await segmind.submitAsync('background-eraser', input);
    for await (const status of job.watch()) {
      expect(status.status).toBe('QUEUED');
      break;
    }
    expect(api.log().filter((line) => line.endsWith('/status'))).toHaveLength(1);
    const controller = new AbortController();
    const watching = (async () => {
      for await (const _ of job.watch({ signal: controller.signal })) {
        // keep watching
      }
    })().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(2000);
    controller.abort('enough');
    expect(await watching).toBe('enough');
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('resuming a job', () => {
  it('by id: URLs from baseUrl', async () => {
    const api = fakeJobApi({ doneAfterMs: 1000 });
    api.start();
    const segmind = new Segmind({ apiKey: 'k', fetch: api.fetch });
    const job = segmind.job('req-1');
    expect(job.toJSON()).toMatchObject({
      requestId: 'req-1',
      statusUrl: 'https://api.segmind.com/v2/requests/req-1/status',
      responseUrl: 'https://api.segmind.com/v2/requests/req-1',
    });
    expect(await within(10_000, job.wait())).toMatchObject({ status: 'COMPLETED' });
    expect(api.log()[0]).toBe('GET /v2/requests/req-1/status');
  });

  it('by JSON, through a JSON round trip, in another client', async () => {
    const api = fakeJobApi({ doneAfterMs: 2000, origin: 'https://queue.segmind.example' });
    const baseUrl = 'https://queue.segmind.example';
    const first = new Segmind({ apiKey: 'k', fetch: api.fetch, baseUrl });
    const job = await first.submitAsync('bria-erase-foreground', { image: 'https://a.test/i.png' });
    const stored = JSON.parse(JSON.stringify(job));
    expect(stored).toMatchObject({
      requestId: 'req-1',
      statusUrl: 'https://queue.segmind.example/v2/requests/req-1/status',
      responseUrl: 'https://queue.segmind.example/v2/requests/req-1',
      model: 'bria-erase-foreground',
      submittedAt: Date.now(),
    });
    const second = new Segmind({ apiKey: 'k', fetch: api.fetch, baseUrl });
    const resumed = second.job(stored);
    expect(resumed.model).toBe('bria-erase-foreground');
    expect(await within(10_000, resumed.wait())).toMatchObject({ status: 'COMPLETED' });
    expect(new URL(api.requests.at(-1)?.url ?? '').origin).toBe('https://queue.segmind.example');
  });

  it('ignores stored URLs that are not http(s)', () => {
    const segmind = new Segmind({ apiKey: 'k', fetch: fakeJobApi().fetch });
    const job = segmind.job({ requestId: 'r9', statusUrl: 'file:///etc/passwd', responseUrl: '' });
    expect(job.statusUrl).toBe('https://api.segmind.com/v2/requests/r9/status');
    expect(job.responseUrl).toBe('https://api.segmind.com/v2/requests/r9');
  });

  it('by id or JSON with the model named: kept in toJSON, checked against the JSON', async () => {
    const segmind = new Segmind({ apiKey: 'k', fetch: fakeJobApi().fetch });
    const byId = segmind.job('req-1', 'bria-erase-foreground');
    expect(byId.model).toBe('bria-erase-foreground');
    expect(byId.toJSON().model).toBe('bria-erase-foreground');
    const job = await segmind.submitAsync('background-eraser', input);
    const stored = JSON.parse(JSON.stringify(job));
    expect(segmind.job(stored, 'background-eraser').model).toBe('background-eraser');
    expect(() => segmind.job(stored, 'bria-erase-foreground')).toThrow(
      /submitted to "background-eraser", not "bria-erase-foreground"/,
    );
    expect(() => segmind.job('req-1', '../requests' as 'x')).toThrow(TypeError);
  });

  it('rejects an empty id', () => {
    const segmind = new Segmind({ apiKey: 'k', fetch: fakeJobApi().fetch });
    expect(() => segmind.job('')).toThrow(TypeError);
  });
});

describe('expiry (RequestExpiredError): the 404 of the server decides, no clock', () => {
  const gone = (request: Request) =>
    request.method === 'GET'
      ? new Response('{"error":"Request not found"}', { status: 404 })
      : undefined;

  it('a 404 for a job this handle saw end, however recently', async () => {
    let expired = false;
    const api = fakeJobApi({ doneAfterMs: 500, intercept: (r) => (expired ? gone(r) : undefined) });
    const segmind = new Segmind({ apiKey: 'k', fetch: api.fetch });
    const job = await segmind.submitAsync('background-eraser', input);
    await within(10_000, job.wait());
    expect(job.toJSON().endedAt).toBeTypeOf('number');
    expired = true;
    const error = await job.result().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestExpiredError);
    expect((error as RequestExpiredError).requestId).toBe('req-1');
    expect((error as RequestExpiredError).message).toMatch(
      new RegExp(
        `expired: Segmind keeps a job for ${RETENTION_MS / 60_000} minutes after its submission`,
      ),
    );
  });

  it.each([
    ['that ended past the retention', { endedAt: -(RETENTION_MS + 1) }, true],
    ['that ended a minute ago', { endedAt: -60_000 }, true],
    ['submitted past the retention', { submittedAt: -(RETENTION_MS + 1) }, true],
    ['submitted a second ago (a clock ahead of the server)', { submittedAt: -1000 }, true],
    ['submitted "in the future" (a clock behind)', { submittedAt: RETENTION_MS }, true],
    ['of unknown times (never known to be submitted)', {}, false],
  ])('a 404 for a job resumed from JSON %s: expired %s', async (_name, offsets, expired) => {
    const api = fakeJobApi({ intercept: gone });
    const segmind = new Segmind({ apiKey: 'k', fetch: api.fetch });
    const now = Date.now();
    const times = Object.fromEntries(
      Object.entries(offsets).map(([key, value]) => [key, now + value]),
    );
    const job = segmind.job({
      requestId: 'req-1',
      statusUrl: 'https://api.segmind.com/v2/requests/req-1/status',
      responseUrl: 'https://api.segmind.com/v2/requests/req-1',
      ...times,
    });
    const error = await job.status().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error instanceof RequestExpiredError).toBe(expired);
  });
});
