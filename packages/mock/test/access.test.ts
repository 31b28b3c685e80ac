import { describe, expect, it } from 'vitest';
import { createSegmindMockCore, UNLIMITED_CREDITS } from '../src/core.js';
import { BRIA_INPUT, ERASER_INPUT, get, post } from './support.js';

describe('API keys', () => {
  it('accepts any non-empty key by default and refuses a missing or blank one with 401', async () => {
    const mock = createSegmindMockCore();
    expect(
      (await mock.handle(post('/v2/background-eraser', ERASER_INPUT, { key: 'x' }))).status,
    ).toBe(200);
    for (const key of [null, '', '   ']) {
      const response = await mock.handle(post('/v2/background-eraser', ERASER_INPUT, { key }));
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: 'Missing API key: set the x-api-key header' });
    }
    expect((await mock.handle(get('/v2/requests/some-id', null))).status).toBe(401);
  });

  it('accepts only the configured keys, and answers 403 for a forbidden one', async () => {
    const mock = createSegmindMockCore({ apiKeys: { good: {}, blocked: { forbidden: true } } });
    expect(
      (await mock.handle(post('/v2/background-eraser', ERASER_INPUT, { key: 'good' }))).status,
    ).toBe(200);
    const wrong = await mock.handle(post('/v2/background-eraser', ERASER_INPUT, { key: 'bad' }));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'Invalid API key' });
    const forbidden = await mock.handle(
      post('/v1/background-eraser', ERASER_INPUT, { key: 'blocked' }),
    );
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as { error: string }).error).toMatch(/^Forbidden/);
  });

  it('scopes a request id to the key that submitted it: another key gets 404, as if unknown', async () => {
    const mock = createSegmindMockCore({ apiKeys: ['alice', 'bob'] });
    const submitted = await mock.handle(
      post('/v2/background-eraser', ERASER_INPUT, { key: 'alice' }),
    );
    const { request_id, status_url, response_url } = (await submitted.json()) as Record<
      string,
      string
    >;
    mock.clock.advance(60_000);
    for (const url of [status_url, response_url] as string[]) {
      expect((await mock.handle(get(url, 'alice'))).status).toBe(200);
      const other = await mock.handle(get(url, 'bob'));
      expect(other.status).toBe(404);
      expect(await other.json()).toEqual({ error: `Request not found: ${request_id}` });
      const unknown = await mock.handle(get(url.replace(request_id as string, 'nope'), 'bob'));
      expect(unknown.status).toBe(404);
    }
    // The output URL stays public, as Segmind's media URLs are.
    expect((await mock.handle(get(`/outputs/${request_id}.png`, null))).status).toBe(200);
  });

  it('takes a plain list of keys too', async () => {
    const mock = createSegmindMockCore({ apiKeys: ['a', 'b'] });
    expect((await mock.handle(get('/v2/requests/x', 'b'))).status).toBe(404);
    expect((await mock.handle(get('/v2/requests/x', 'c'))).status).toBe(401);
  });

  it('serves outputs without any key', async () => {
    const mock = createSegmindMockCore({
      apiKeys: ['a'],
      timings: { default: { queueMs: 0, processingMs: 0 } },
    });
    const job = (await (
      await mock.handle(post('/v2/bria-erase-foreground', BRIA_INPUT, { key: 'a' }))
    ).json()) as {
      request_id: string;
    };
    expect((await mock.handle(get(`/outputs/${job.request_id}.png`, null))).status).toBe(200);
  });
});

describe('credits', () => {
  it('charges per model, reports the balance in x-remaining-credits, and answers 406 when too few remain', async () => {
    const mock = createSegmindMockCore({ credits: 5 });
    const first = await mock.handle(post('/v1/bria-erase-foreground', BRIA_INPUT));
    expect(first.status).toBe(200);
    expect(first.headers.get('x-remaining-credits')).toBe('2');
    const second = await mock.handle(post('/v1/background-eraser', ERASER_INPUT));
    expect(second.headers.get('x-remaining-credits')).toBe('1');
    const refused = await mock.handle(post('/v2/bria-erase-foreground', BRIA_INPUT));
    expect(refused.status).toBe(406);
    expect(await refused.json()).toEqual({
      error: 'Insufficient credits: bria-erase-foreground costs 3, 1 left',
    });
    // The cheaper model still fits, and the balance was not touched by the refusal.
    expect((await mock.handle(post('/v2/background-eraser', ERASER_INPUT))).status).toBe(200);
    expect((await mock.handle(post('/v2/background-eraser', ERASER_INPUT))).status).toBe(406);
  });

  it('keeps one balance per key, with per-key settings and custom costs', async () => {
    const mock = createSegmindMockCore({
      credits: { rich: 100 },
      apiKeys: { rich: {}, poor: { credits: 0.5 } },
      costs: { 'background-eraser': 0.25 },
    });
    expect(
      (await mock.handle(post('/v1/background-eraser', ERASER_INPUT, { key: 'poor' }))).headers.get(
        'x-remaining-credits',
      ),
    ).toBe('0.25');
    expect(
      (await mock.handle(post('/v1/background-eraser', ERASER_INPUT, { key: 'poor' }))).status,
    ).toBe(200);
    expect(
      (await mock.handle(post('/v1/background-eraser', ERASER_INPUT, { key: 'poor' }))).status,
    ).toBe(406);
    expect(
      (await mock.handle(post('/v1/background-eraser', ERASER_INPUT, { key: 'rich' }))).headers.get(
        'x-remaining-credits',
      ),
    ).toBe('99.75');
  });

  it('is unlimited by default, and says so with a constant header', async () => {
    const mock = createSegmindMockCore();
    for (let i = 0; i < 3; i++) {
      const response = await mock.handle(post('/v1/background-eraser', ERASER_INPUT));
      expect(response.headers.get('x-remaining-credits')).toBe(String(UNLIMITED_CREDITS));
    }
  });

  it('does not charge a request the spec refuses', async () => {
    const mock = createSegmindMockCore({ credits: 1 });
    expect(
      (await mock.handle(post('/v1/background-eraser', { image: 'https://x/y.png' }))).status,
    ).toBe(400);
    expect(
      (await mock.handle(post('/v1/background-eraser', ERASER_INPUT))).headers.get(
        'x-remaining-credits',
      ),
    ).toBe('0');
  });

  it('restores balances on reset', async () => {
    const mock = createSegmindMockCore({ credits: 1 });
    await mock.handle(post('/v1/background-eraser', ERASER_INPUT));
    expect((await mock.handle(post('/v1/background-eraser', ERASER_INPUT))).status).toBe(406);
    mock.reset();
    expect((await mock.handle(post('/v1/background-eraser', ERASER_INPUT))).status).toBe(200);
  });
});

describe('rate limit', () => {
  it('allows 5 calls a minute on the free plan, then 429 with Retry-After in seconds', async () => {
    const mock = createSegmindMockCore({ rateLimit: 'free' });
    for (let i = 0; i < 5; i++) {
      mock.clock.advance(1000);
      expect((await mock.handle(post('/v2/background-eraser', ERASER_INPUT))).status).toBe(200);
    }
    // Five calls at t = 1..5 s; the first leaves the window at 61 s, 56 s from now.
    const limited = await mock.handle(get('/v2/requests/x'));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('56');
    expect(await limited.json()).toEqual({ error: 'Rate limit exceeded, retry in 56 s' });
    mock.clock.advance(55_999);
    expect((await mock.handle(get('/v2/requests/x'))).status).toBe(429);
    expect((await mock.handle(get('/v2/requests/x'))).headers.get('retry-after')).toBe('1');
    mock.clock.advance(1);
    expect((await mock.handle(get('/v2/requests/x'))).status).toBe(404);
    expect((await mock.handle(get('/v2/requests/x'))).status).toBe(429);
  });

  it('counts each key apart, and takes pro (50) or a number', async () => {
    const pro = createSegmindMockCore({ rateLimit: 'pro' });
    for (let i = 0; i < 50; i++)
      expect((await pro.handle(get('/v2/requests/x', 'a'))).status).toBe(404);
    expect((await pro.handle(get('/v2/requests/x', 'a'))).status).toBe(429);
    expect((await pro.handle(get('/v2/requests/x', 'b'))).status).toBe(404);
    const two = createSegmindMockCore({ rateLimit: 2 });
    await two.handle(get('/v2/requests/x'));
    await two.handle(get('/v2/requests/x'));
    const limited = await two.handle(get('/v2/requests/x'));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('60');
  });

  it('is off by default and rejects a bad setting', async () => {
    const mock = createSegmindMockCore();
    for (let i = 0; i < 200; i++)
      expect((await mock.handle(get('/v2/requests/x'))).status).toBe(404);
    expect(() => createSegmindMockCore({ rateLimit: 0 })).toThrow(/rateLimit/);
    expect(() => createSegmindMockCore({ rateLimit: 1.5 })).toThrow(/rateLimit/);
  });

  it('does not count calls refused for their key', async () => {
    const mock = createSegmindMockCore({ rateLimit: 1, apiKeys: ['k'] });
    for (let i = 0; i < 3; i++)
      expect((await mock.handle(get('/v2/requests/x', 'z'))).status).toBe(401);
    expect((await mock.handle(get('/v2/requests/x', 'k'))).status).toBe(404);
  });
});
