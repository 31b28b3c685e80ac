import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AuthenticationError,
  BadGatewayError,
  BadRequestError,
  ConnectionError,
  GatewayTimeoutError,
  InferenceFailed,
  InsufficientCreditsError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RequestTimeoutError,
  Segmind,
  SegmindError,
  ServerError,
} from '../src/index.js';
import {
  fakeFetch,
  hangingFetch,
  json,
  networkError,
  scriptedFetch,
  stalledBody,
  submitted,
} from './support/fake-fetch.js';
import { fakeJobApi } from './support/fake-job-api.js';
import { PENDING, settleWithin } from './support/settle.js';

const KEY = 'sk-test-4f1c9a77';
const input = { image: 'https://example.test/in.png', return_mask: true };

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('new Segmind()', () => {
  it('takes the key from SEGMIND_API_KEY when not given, and fails clearly without one', () => {
    vi.stubEnv('SEGMIND_API_KEY', '');
    expect(() => new Segmind()).toThrow(/SEGMIND_API_KEY/);
    vi.stubEnv('SEGMIND_API_KEY', 'sk-env');
    expect(new Segmind().baseUrl).toBe('https://api.segmind.com');
  });

  it('rejects out-of-range retry and timeout options', () => {
    expect(() => new Segmind({ apiKey: 'k', maxRetries: -1 })).toThrow(RangeError);
    expect(() => new Segmind({ apiKey: 'k', maxRetries: 1.5 })).toThrow(RangeError);
    expect(() => new Segmind({ apiKey: 'k', requestTimeoutMs: 0 })).toThrow(RangeError);
    expect(() => new Segmind({ apiKey: 'k', requestTimeoutMs: Number.NaN })).toThrow(RangeError);
    expect(new Segmind({ apiKey: 'k', maxRetries: 0 }).baseUrl).toBe('https://api.segmind.com');
  });

  it('trims a trailing slash of baseUrl', () => {
    expect(new Segmind({ apiKey: 'k', baseUrl: 'http://127.0.0.1:4010//' }).baseUrl).toBe(
      'http://127.0.0.1:4010',
    );
  });
});

describe('submitAsync()', () => {
  it('POSTs the input to /v2/<model> with the key, and returns the handle', async () => {
    const { fetch, requests } = scriptedFetch(submitted('r-42'));
    const segmind = new Segmind({ apiKey: KEY, fetch });
    const job = await segmind.submitAsync('background-eraser', input);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.method).toBe('POST');
    expect(requests[0]?.url).toBe('https://api.segmind.com/v2/background-eraser');
    expect(requests[0]?.headers.get('x-api-key')).toBe(KEY);
    expect(await requests[0]?.json()).toEqual(input);
    expect(job.requestId).toBe('r-42');
    expect(job.model).toBe('background-eraser');
    expect(job.statusUrl).toBe('https://api.segmind.com/v2/requests/r-42/status');
    expect(job.responseUrl).toBe('https://api.segmind.com/v2/requests/r-42');
  });

  it('accepts a slug beyond the spec, and refuses one that leaves its path segment', async () => {
    const { fetch, requests } = scriptedFetch(submitted());
    const segmind = new Segmind({ apiKey: KEY, fetch });
    await segmind.submitAsync('flux-schnell', { prompt: 'a cat', steps: 4 });
    expect(requests[0]?.url).toBe('https://api.segmind.com/v2/flux-schnell');
    await expect(segmind.submitAsync('../requests/x', {})).rejects.toBeInstanceOf(TypeError);
    expect(requests).toHaveLength(1);
  });

  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [406, InsufficientCreditsError],
    [429, RateLimitError],
    [500, InternalServerError],
    [502, BadGatewayError],
    [503, ServerError],
    [504, GatewayTimeoutError],
  ])('throws on %i as %o, with the server message', async (status, ErrorClass) => {
    const { fetch } = scriptedFetch(
      json({ error: `answer ${status}` }, status, { 'retry-after': '0' }),
    );
    const segmind = new Segmind({ apiKey: KEY, fetch });
    const error = await segmind.submitAsync('background-eraser', input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect((error as SegmindError).status).toBe(status);
    expect((error as SegmindError).error).toBe(`answer ${status}`);
  });

  it('is never retried once the server may have accepted it, but is on 429', async () => {
    for (const status of [500, 502, 503, 504]) {
      const { fetch, requests } = scriptedFetch(json({ error: 'x' }, status), submitted());
      await expect(
        new Segmind({ apiKey: KEY, fetch }).submitAsync('background-eraser', input),
      ).rejects.toBeInstanceOf(ServerError);
      expect(requests).toHaveLength(1);
    }
    const { fetch, requests } = scriptedFetch(
      json({ error: 'slow down' }, 429, { 'retry-after': '0' }),
      submitted(),
    );
    const job = await new Segmind({ apiKey: KEY, fetch }).submitAsync('background-eraser', input);
    expect(job.requestId).toBe('req-1');
    expect(requests).toHaveLength(2);
  });

  it('is retried after a refused connection, not after a reset', async () => {
    const refused = scriptedFetch(networkError('ECONNREFUSED'), submitted());
    vi.spyOn(Math, 'random').mockReturnValue(0);
    await new Segmind({ apiKey: KEY, fetch: refused.fetch }).submitAsync(
      'background-eraser',
      input,
    );
    expect(refused.requests).toHaveLength(2);
    const reset = scriptedFetch(networkError('ECONNRESET'), submitted());
    await expect(
      new Segmind({ apiKey: KEY, fetch: reset.fetch }).submitAsync('background-eraser', input),
    ).rejects.toBeInstanceOf(ConnectionError);
    expect(reset.requests).toHaveLength(1);
  });

  it('times out after requestTimeoutMs without a retry', async () => {
    vi.useFakeTimers();
    const { fetch, requests } = hangingFetch();
    const segmind = new Segmind({ apiKey: KEY, fetch, requestTimeoutMs: 5000 });
    const pending = segmind.submitAsync('background-eraser', input).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(await pending).toBeInstanceOf(RequestTimeoutError);
    expect(requests).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('status and result GETs are retried', () => {
  it.each([429, 500, 502, 503, 504])('on %i', async (status) => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    let failures = 2;
    const api = fakeJobApi({
      doneAfterMs: 0,
      intercept: (request) =>
        request.method === 'GET' && failures-- > 0 ? json({ error: 'x' }, status) : undefined,
    });
    const segmind = new Segmind({ apiKey: KEY, fetch: api.fetch });
    const job = await segmind.submitAsync('background-eraser', input);
    expect(await job.status()).toMatchObject({ status: 'COMPLETED' });
    expect(api.log()).toEqual([
      'POST /v2/background-eraser',
      ...Array(3).fill('GET /v2/requests/req-1/status'),
    ]);
    failures = 2;
    await job.result();
    expect(api.log().filter((line) => line === 'GET /v2/requests/req-1')).toHaveLength(3);
  });

  it('on connection failures, up to maxRetries', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const { fetch, requests } = scriptedFetch(new TypeError('Failed to fetch'));
    const segmind = new Segmind({ apiKey: KEY, fetch, maxRetries: 4 });
    await expect(segmind.job('r1').status()).rejects.toBeInstanceOf(ConnectionError);
    expect(requests).toHaveLength(5);
  });
});

describe('runSync()', () => {
  it('answers the image bytes, their type and the remaining credits', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const { fetch, requests } = scriptedFetch(
      new Response(png, {
        headers: { 'content-type': 'image/png', 'x-remaining-credits': '41.5' },
      }),
    );
    const out = await new Segmind({ apiKey: KEY, fetch }).runSync('bria-erase-foreground', {
      image: 'https://example.test/in.jpg',
    });
    expect(requests[0]?.url).toBe('https://api.segmind.com/v1/bria-erase-foreground');
    expect(out.image).toEqual(png);
    expect(out.contentType).toBe('image/png');
    expect(out.remainingCredits).toBe(41.5);
    expect(out.requestId).toBeUndefined();
  });

  it("exposes the server's x-request-id of the call", async () => {
    const { fetch } = scriptedFetch(
      new Response(new Uint8Array([1]), {
        headers: { 'content-type': 'image/png', 'x-request-id': 'call-1' },
      }),
      json({ image: 'iVBORw0KGgo=' }, 200, { 'x-request-id': 'call-2' }),
    );
    const segmind = new Segmind({ apiKey: KEY, fetch });
    expect((await segmind.runSync('background-eraser', input)).requestId).toBe('call-1');
    const base64 = await segmind.runSync('background-eraser', { ...input, base64: true });
    expect(base64.requestId).toBe('call-2');
  });

  it('answers the base64 JSON of background-eraser with base64: true, and the credits', async () => {
    const { fetch } = scriptedFetch(
      json({ image: 'iVBORw0KGgo=' }, 200, { 'x-remaining-credits': '12' }),
      json({ image: 'iVBORw0KGgo=' }),
    );
    const segmind = new Segmind({ apiKey: KEY, fetch });
    const out = await segmind.runSync('background-eraser', { ...input, base64: true });
    expect(out).toStrictEqual({
      image: 'iVBORw0KGgo=',
      remainingCredits: 12,
      requestId: undefined,
    });
    const without = await segmind.runSync('background-eraser', { ...input, base64: true });
    expect(without).toStrictEqual({
      image: 'iVBORw0KGgo=',
      remainingCredits: undefined,
      requestId: undefined,
    });
  });

  it('leaves remainingCredits undefined when the header is missing', async () => {
    const { fetch } = scriptedFetch(
      new Response(new Uint8Array([1]), { headers: { 'content-type': 'image/png' } }),
    );
    const out = await new Segmind({ apiKey: KEY, fetch }).runSync('background-eraser', input);
    expect(out.remainingCredits).toBeUndefined();
  });

  it('throws InferenceFailed for a FAILED body and the status class otherwise, never retrying a 5xx', async () => {
    const failed = scriptedFetch(json({ status: 'FAILED', error: 'flagged' }, 422));
    const error = await new Segmind({ apiKey: KEY, fetch: failed.fetch })
      .runSync('bria-erase-foreground', { image: 'https://example.test/in.jpg' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InferenceFailed);
    expect((error as InferenceFailed).detail).toBe('flagged');
    const gateway = scriptedFetch(json({ error: 'bad gateway' }, 502), json({}));
    await expect(
      new Segmind({ apiKey: KEY, fetch: gateway.fetch }).runSync('background-eraser', input),
    ).rejects.toBeInstanceOf(BadGatewayError);
    expect(gateway.requests).toHaveLength(1);
  });

  it.each([
    ['422 without an error string', json({ status: 'FAILED', error: null }, 422), 'unknown error'],
    ['200 in JSON', json({ status: 'FAILED', error: 'flagged' }), 'flagged'],
  ])('throws InferenceFailed for a FAILED body answered %s', async (_name, answer, detail) => {
    const failed = scriptedFetch(answer);
    const error = await new Segmind({ apiKey: KEY, fetch: failed.fetch })
      .runSync('background-eraser', { ...input, base64: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InferenceFailed);
    expect((error as InferenceFailed).detail).toBe(detail);
  });
});

describe('credits()', () => {
  it('GETs /v1/get-user-credits with the key and answers the balance', async () => {
    const { fetch, requests } = scriptedFetch(json({ credits: 4.5, 'free-credits': 0.0184 }));
    const balance = await new Segmind({ apiKey: KEY, fetch }).credits();
    expect(balance).toEqual({ credits: 4.5, 'free-credits': 0.0184 });
    expect(requests[0]?.method).toBe('GET');
    expect(requests[0]?.url).toBe('https://api.segmind.com/v1/get-user-credits');
    expect(requests[0]?.headers.get('x-api-key')).toBe(KEY);
  });

  it('throws the status class, after retrying a 5xx as a poll is', async () => {
    const { fetch, requests } = scriptedFetch(
      json({ error: 'down' }, 502),
      json({ error: 'Invalid API key' }, 401),
    );
    const error = await new Segmind({ apiKey: KEY, fetch, maxRetries: 1 })
      .credits()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(requests).toHaveLength(2);
  });
});

describe('downloadOutput()', () => {
  it('fetches the output URL without the API key', async () => {
    const bytes = new Uint8Array([9, 8, 7]);
    const { fetch, requests } = scriptedFetch(
      new Response(bytes, { headers: { 'content-type': 'image/png' } }),
    );
    const segmind = new Segmind({ apiKey: KEY, fetch });
    const out = await segmind.downloadOutput({ output: 'https://cdn.example.test/o/r1.png' });
    expect(out).toEqual(bytes);
    expect(requests[0]?.url).toBe('https://cdn.example.test/o/r1.png');
    expect(requests[0]?.headers.get('x-api-key')).toBeNull();
  });

  it('throws the status class for an expired output, and refuses a non-web URL', async () => {
    const { fetch, requests } = scriptedFetch(new Response('NoSuchKey', { status: 404 }));
    const segmind = new Segmind({ apiKey: KEY, fetch });
    await expect(
      segmind.downloadOutput('https://cdn.example.test/o/r1.png'),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(segmind.downloadOutput({ output: 'file:///etc/passwd' })).rejects.toBeInstanceOf(
      TypeError,
    );
    expect(requests).toHaveLength(1);
  });
});

describe('a body that stalls half-way is bounded like the request', () => {
  it('downloadOutput() rejects with the abort reason at once, leaving no timer', async () => {
    vi.useFakeTimers();
    const { fetch } = fakeFetch((request) => stalledBody(request));
    const segmind = new Segmind({ apiKey: KEY, fetch });
    const controller = new AbortController();
    const pending = segmind.downloadOutput('https://cdn.example.test/o/r1.png', {
      signal: controller.signal,
    });
    expect(await settleWithin(100, pending)).toBe(PENDING);
    const reason = new Error('user left');
    controller.abort(reason);
    expect(await settleWithin(0, pending)).toBe(reason);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a status GET fails with RequestTimeoutError after requestTimeoutMs', async () => {
    vi.useFakeTimers();
    const { fetch } = fakeFetch((request) => stalledBody(request));
    const segmind = new Segmind({ apiKey: KEY, fetch, requestTimeoutMs: 1000, maxRetries: 0 });
    const error = await settleWithin(1000, segmind.job('r1').status());
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as RequestTimeoutError).timeoutMs).toBe(1000);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('the API key never leaks', () => {
  const echo = json({ error: `Invalid API key: ${KEY}`, key: KEY }, 401);

  const leaks = (error: unknown) =>
    [
      String(error),
      (error as Error).stack ?? '',
      JSON.stringify(error),
      JSON.stringify((error as SegmindError).body) ?? '',
      inspect(error, { depth: 10 }),
    ].some((text) => text.includes(KEY));

  it('into errors of a submit, a poll, a v1 call and a transport failure, even when echoed', async () => {
    const segmind = new Segmind({ apiKey: KEY, fetch: scriptedFetch(echo).fetch });
    const errors = await Promise.all([
      segmind.submitAsync('background-eraser', input).catch((e: unknown) => e),
      segmind
        .job('r1')
        .status()
        .catch((e: unknown) => e),
      segmind
        .job('r1')
        .result()
        .catch((e: unknown) => e),
      segmind.runSync('background-eraser', input).catch((e: unknown) => e),
      new Segmind({ apiKey: KEY, fetch: scriptedFetch(networkError('ECONNRESET')).fetch })
        .submitAsync('background-eraser', input)
        .catch((e: unknown) => e),
    ]);
    for (const error of errors) {
      expect(error).toBeInstanceOf(SegmindError);
      expect(leaks(error)).toBe(false);
    }
    expect((errors[0] as SegmindError).message).toBe('401 Invalid API key: [redacted]');
  });

  it('into InferenceFailed, from a poll, a result or a known FAILED job', async () => {
    const failed = json({ request_id: 'r1', status: 'FAILED', error: `Key ${KEY} may not` }, 422);
    const segmind = new Segmind({ apiKey: KEY, fetch: scriptedFetch(failed).fetch });
    const known = segmind.job('r1');
    await known.status();
    const errors = await Promise.all(
      [segmind.job('r1').wait(), segmind.job('r1').result(), known.result()].map((call) =>
        call.catch((e: unknown) => e),
      ),
    );
    for (const error of errors) {
      expect(error).toBeInstanceOf(InferenceFailed);
      expect((error as InferenceFailed).detail).toBe('Key [redacted] may not');
      expect(leaks(error)).toBe(false);
    }
  });

  it('into ConnectionError, whose cause keeps its code for the retry rules', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const failure = (code: string) =>
      new TypeError(`fetch failed for ${KEY}`, {
        cause: Object.assign(new Error(`connect ${code} (key ${KEY})`), { code }),
      });
    const reset = await new Segmind({
      apiKey: KEY,
      fetch: scriptedFetch(failure('ECONNRESET')).fetch,
      maxRetries: 0,
    })
      .job('r1')
      .status()
      .catch((e: unknown) => e);
    expect(reset).toBeInstanceOf(ConnectionError);
    expect((reset as ConnectionError).message).toBe(
      'Connection failed: fetch failed for [redacted] (ECONNRESET)',
    );
    expect(leaks(reset)).toBe(false);
    const refused = scriptedFetch(failure('ECONNREFUSED'), submitted());
    await new Segmind({ apiKey: KEY, fetch: refused.fetch }).submitAsync(
      'background-eraser',
      input,
    );
    expect(refused.requests).toHaveLength(2);
  });

  it('into the logger', async () => {
    const lines: unknown[] = [];
    const record = (...args: unknown[]) => lines.push(args);
    const api = fakeJobApi({ doneAfterMs: 0 });
    let first = true;
    const segmind = new Segmind({
      apiKey: KEY,
      fetch: (async (request: Request) => {
        if (first && request.method === 'GET') {
          first = false;
          return json({ error: 'busy' }, 503, { 'retry-after': '0' });
        }
        return api.fetch(request);
      }) as typeof fetch,
      logger: { debug: record, info: record, warn: record, error: record },
    });
    await segmind.run('background-eraser', input);
    expect(lines.length).toBeGreaterThan(3);
    expect(JSON.stringify(lines)).toContain('retrying');
    expect(JSON.stringify(lines)).not.toContain(KEY);
  });
});

describe('raw', () => {
  it('lets middleware see one request and the final answer, not each attempt', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const { fetch, requests } = scriptedFetch(
      json({ error: 'x' }, 503),
      json({ error: 'x' }, 502),
      json({ request_id: 'r1', status: 'PROCESSING' }),
    );
    const segmind = new Segmind({ apiKey: KEY, fetch });
    const seen: number[] = [];
    segmind.raw.use({
      onResponse: ({ response }) => {
        seen.push(response.status);
      },
    });
    expect(await segmind.job('r1').status()).toMatchObject({ status: 'PROCESSING' });
    expect(requests).toHaveLength(3);
    expect(seen).toEqual([200]);
  });

  it('is the typed openapi-fetch client with the key and the retry policy', async () => {
    const { fetch, requests } = scriptedFetch(
      json({ error: 'x' }, 502),
      json({ request_id: 'r', status: 'QUEUED' }),
    );
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const segmind = new Segmind({ apiKey: KEY, fetch });
    const { data } = await segmind.raw.GET('/v2/requests/{request_id}/status', {
      params: { path: { request_id: 'r' } },
    });
    expect(data?.status).toBe('QUEUED');
    expect(requests).toHaveLength(2);
    expect(requests[1]?.headers.get('x-api-key')).toBe(KEY);
  });
});
