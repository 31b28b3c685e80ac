import { describe, expect, it } from 'vitest';
import { matchPattern } from '../src/core/faults.js';
import { createSegmindMockCore } from '../src/core.js';
import { ERASER_INPUT, get, post } from './support.js';

describe('faults', () => {
  it('injects a status with an error body, N times, on a method and path pattern', async () => {
    const mock = createSegmindMockCore();
    mock.fault({ method: 'get', path: '/v2/requests/*', status: 503, times: 2 });
    const submitted = await mock.handle(post('/v2/background-eraser', ERASER_INPUT));
    expect(submitted.status).toBe(200);
    const { status_url } = (await submitted.json()) as { status_url: string };
    for (let i = 0; i < 2; i++) {
      const hit = await mock.handle(get(status_url));
      expect(hit.status).toBe(503);
      expect(await hit.json()).toEqual({ error: 'Injected fault: HTTP 503' });
    }
    expect((await mock.handle(get(status_url))).status).toBe(200);
  });

  it('injects a network error: handle() resolves to Response.error()', async () => {
    const mock = createSegmindMockCore();
    mock.fault({ path: '/v2/background-eraser', networkError: true });
    const response = await mock.handle(post('/v2/background-eraser', ERASER_INPUT));
    expect(response.type).toBe('error');
    expect((await mock.handle(post('/v2/background-eraser', ERASER_INPUT))).status).toBe(200);
    expect(mock.requests.map((r) => r.status)).toEqual(['network-error', 200]);
    expect(mock.requests[0]?.fault).toBe(true);
  });

  it('keeps the request body of a faulted POST in the journal, as an unfaulted one would', async () => {
    const mock = createSegmindMockCore();
    mock.fault({ method: 'POST', path: '/v2/*', status: 503, times: 2 });
    mock.fault({ method: 'POST', path: '/v2/*', networkError: true, times: 1 });
    await mock.handle(post('/v2/background-eraser', ERASER_INPUT));
    await mock.handle(post('/v2/background-eraser', { image: 'nope' }));
    await mock.handle(post('/v2/background-eraser', ERASER_INPUT));
    const [valid, invalid, dropped] = mock.requests;
    expect(valid).toMatchObject({
      status: 503,
      fault: true,
      model: 'background-eraser',
      requestBody: ERASER_INPUT,
    });
    expect(invalid).toMatchObject({
      status: 503,
      fault: true,
      requestExcerpt: '{"image":"nope"}',
      requestBytes: 16,
    });
    expect(dropped).toMatchObject({ status: 'network-error', requestBody: ERASER_INPUT });
  });

  it('keeps the body of a faulted POST over a stream too (MSW hands one over)', async () => {
    const mock = createSegmindMockCore();
    mock.fault({ method: 'POST', status: 502 });
    const bytes = new TextEncoder().encode(JSON.stringify(ERASER_INPUT));
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes);
        controller.close();
      },
    });
    const res = await mock.handle(
      new Request('https://api.segmind.com/v1/background-eraser', {
        method: 'POST',
        headers: { 'x-api-key': 'k', 'content-type': 'application/json' },
        body,
        duplex: 'half',
      } as RequestInit),
    );
    expect(res.status).toBe(502);
    expect(mock.requests[0]).toMatchObject({ fault: true, requestBody: ERASER_INPUT });
  });

  it('fires with a probability drawn from the seed, the same way each run', async () => {
    const run = async (seed: number) => {
      const mock = createSegmindMockCore({ seed });
      mock.fault({ path: '*', status: 502, probability: 0.3 });
      const codes: number[] = [];
      for (let i = 0; i < 50; i++) codes.push((await mock.handle(get('/v2/requests/x'))).status);
      return codes;
    };
    const codes = await run(5);
    expect(await run(5)).toEqual(codes);
    const hits = codes.filter((c) => c === 502).length;
    expect(hits).toBeGreaterThan(5);
    expect(hits).toBeLessThan(30);
    expect(codes.filter((c) => c === 404).length).toBe(50 - hits);
    expect(await run(6)).not.toEqual(codes);
  });

  it('stops a probabilistic fault after `times` hits', async () => {
    const mock = createSegmindMockCore();
    mock.fault({ status: 500, probability: 1, times: 3 });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await mock.handle(get('/v2/requests/x'))).status);
    expect(codes).toEqual([500, 500, 500, 404, 404]);
  });

  it('matches the method and the pattern, and leaves other requests alone', async () => {
    const mock = createSegmindMockCore();
    mock.fault({ method: 'POST', path: '/v2/*', status: 504 });
    expect((await mock.handle(get('/v2/requests/x'))).status).toBe(404);
    expect((await mock.handle(post('/v1/background-eraser', ERASER_INPUT))).status).toBe(200);
    expect((await mock.handle(post('/v2/background-eraser', ERASER_INPUT))).status).toBe(504);
  });

  it('adds Retry-After only when asked, as the spec makes it optional', async () => {
    const mock = createSegmindMockCore();
    mock.fault({ status: 429, error: 'slow down', times: 1 });
    mock.fault({ status: 429, retryAfter: 7 });
    const bare = await mock.handle(get('/v2/requests/x'));
    expect(bare.status).toBe(429);
    expect(bare.headers.get('retry-after')).toBeNull();
    expect(await bare.json()).toEqual({ error: 'slow down' });
    const told = await mock.handle(get('/v2/requests/x'));
    expect(told.headers.get('retry-after')).toBe('7');
    expect(() => mock.fault({ status: 429, retryAfter: -1 })).toThrow(/retryAfter/);
  });

  it('never touches the control API', async () => {
    const mock = createSegmindMockCore();
    mock.fault({ status: 500, probability: 1 });
    expect((await mock.handle(new Request('https://api.segmind.com/__mock/health'))).status).toBe(
      200,
    );
  });

  it('treats `*` as any run of characters and everything else literally', () => {
    expect(matchPattern('/v2/requests/*', '/v2/requests/abc/status')).toBe(true);
    expect(matchPattern('/v2/requests/*/status', '/v2/requests/abc/status')).toBe(true);
    expect(matchPattern('/v2/requests/*/status', '/v2/requests/abc')).toBe(false);
    expect(matchPattern('/v2/*', '/v2/')).toBe(true);
    expect(matchPattern('*', '')).toBe(true);
    expect(matchPattern('/v1/a.b', '/v1/aXb')).toBe(false);
    expect(matchPattern('/v1/(x)+', '/v1/(x)+')).toBe(true);
    expect(matchPattern('*b*', 'aaa')).toBe(false);
    expect(matchPattern('a*b*c', 'aXbYbZc')).toBe(true);
  });

  it('matches a pathological pattern against a long path without backtracking blow-up', () => {
    const start = performance.now();
    expect(matchPattern(`${'*a'.repeat(12)}*b`, 'a'.repeat(5000))).toBe(false);
    // A generous bound, not a speed check: the linear matcher takes well under a millisecond,
    // while a backtracking one tries on the order of 5000^12 splits here and would run for
    // longer than any CI job, so 10 s tells them apart even on a machine loaded to a crawl.
    expect(performance.now() - start).toBeLessThan(10_000);
  });

  it('rejects a fault with neither a 4xx/5xx status nor a network error', () => {
    const mock = createSegmindMockCore();
    expect(() => mock.fault({ path: '*' })).toThrow(/status must be an integer from 400 to 599/);
    expect(() => mock.fault({ status: 200 })).toThrow(RangeError);
    expect(() => mock.fault({ status: 500, probability: 2 })).toThrow(/probability/);
    expect(() => mock.fault({ status: 500, times: -1 })).toThrow(/times/);
  });
});
