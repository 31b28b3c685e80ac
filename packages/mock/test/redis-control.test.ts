// The control API and the in-process entry on the Redis store: every control route reads and
// changes the shared state, `handle()` (fetch Requests, streamed bodies) works on it as the HTTP
// server does, and the synchronous in-process controls refuse, pointing to the control API.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { matchPattern } from '../src/core/faults.js';
import type { SharedStateStore } from '../src/core.js';
import { createSegmindMock } from '../src/index.js';
import { createRedisStore, type MockServer, startMockServer } from '../src/server/index.js';
import { REDIS_SERVER, REDIS_SKIP_NOTE, startRedis, type TestRedis } from './redis/redis-server.js';

const ORIGIN = 'https://api.segmind.com';
const HEADERS = { 'x-api-key': 'k', 'content-type': 'application/json' };
const ERASER = { image: 'https://example.com/cat.png', return_mask: false };

let redis: TestRedis | undefined;
beforeAll(async () => {
  if (REDIS_SERVER) redis = await startRedis();
});
afterAll(() => redis?.dispose());

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

let namespaces = 0;
const nextPrefix = () => `control-${process.pid}-${++namespaces}`;

async function server(prefix = nextPrefix()): Promise<MockServer> {
  const started = await startMockServer({
    port: 0,
    clock: 'virtual',
    logLevel: 'silent',
    store: (redis as TestRedis).url,
    storePrefix: prefix,
  });
  cleanups.push(() => started.close());
  return started;
}

async function store(prefix: string): Promise<SharedStateStore> {
  const made = await createRedisStore({ url: (redis as TestRedis).url, prefix });
  cleanups.push(() => made.close());
  return made;
}

function controlOf(target: MockServer) {
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${target.url}/__mock/${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
}

describe.skipIf(!REDIS_SERVER)(`the control API on the Redis store${REDIS_SKIP_NOTE}`, () => {
  it('advances the clock, refusing what the in-memory clock refuses', async () => {
    const control = controlOf(await server());
    const before = (await control('GET', 'clock')).body.now as number;
    expect((await control('POST', 'clock/advance', { ms: 1500.5 })).body.now).toBe(before + 1500.5);
    expect((await control('GET', 'clock')).body.now).toBe(before + 1500.5);
    expect((await control('POST', 'clock/advance', { ms: -1 })).status).toBe(400);
    expect((await control('POST', 'clock/advance', { ms: 'soon' })).status).toBe(400);
  });

  it('lists jobs and one job by id, following the clock', async () => {
    const target = await server();
    const control = controlOf(target);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${target.url}/v2/background-eraser`, {
        method: 'POST',
        headers: HEADERS,
        body: JSON.stringify(ERASER),
      });
      ids.push(((await res.json()) as { request_id: string }).request_id);
    }
    const listed = (await control('GET', 'jobs')).body.jobs as { requestId: string }[];
    expect(listed.map((job) => job.requestId)).toEqual(ids); // oldest first
    await control('POST', 'clock/advance', { ms: 60_000 });
    expect((await control('GET', `jobs/${ids[1]}`)).body).toMatchObject({
      requestId: ids[1],
      status: 'COMPLETED',
    });
    expect((await control('GET', 'jobs/unknown')).status).toBe(404);
  });

  it('lists and clears scripted failures and faults, and validates them as in memory', async () => {
    const control = controlOf(await server());
    const outcome = {
      model: 'bria-erase-foreground',
      status: 'FAILED',
      error: 'Blocked',
      times: 2,
    };
    expect((await control('POST', 'outcomes', outcome)).body).toEqual({
      outcomes: [{ model: 'bria-erase-foreground', error: 'Blocked', times: 2 }],
    });
    expect((await control('GET', 'outcomes')).body.outcomes).toHaveLength(1);
    expect((await control('POST', 'outcomes', { status: 'FAILED', times: 0 })).status).toBe(400);
    expect((await control('DELETE', 'outcomes')).body).toEqual({ outcomes: [] });
    expect((await control('GET', 'outcomes')).body).toEqual({ outcomes: [] });

    const fault = { method: 'get', path: '/v2/*', probability: 0.5, status: 500 };
    expect((await control('POST', 'faults', fault)).body.faults).toEqual([
      {
        method: 'GET',
        path: '/v2/*',
        status: 500,
        networkError: false,
        probability: 0.5,
        timesLeft: null,
      },
    ]);
    expect((await control('POST', 'faults', { status: 200 })).status).toBe(400);
    expect((await control('DELETE', 'faults')).body).toEqual({ faults: [] });
    expect((await control('GET', 'faults')).body).toEqual({ faults: [] });
  });

  it('matches fault paths in Lua exactly as faults.ts does', async () => {
    const target = await server();
    const control = controlOf(target);
    const paths = ['/v2/requests/abc/status', '/v2/requests/abc', '/aaab', '/v1/x', '/'];
    const patterns = [
      '/v2/requests/*',
      '*/status',
      '*a*a*a*b',
      '/v*/x',
      '*',
      '/',
      '/v2/*/*/status',
      'x*',
    ];
    for (const pattern of patterns) {
      for (const path of paths) {
        await control('POST', 'faults', { path: pattern, status: 599, times: 1 });
        const res = await fetch(`${target.url}${path}`, { headers: HEADERS });
        expect(res.status === 599, `${pattern} on ${path}`).toBe(matchPattern(pattern, path));
        await control('DELETE', 'faults');
      }
    }
  });

  it('draws fault probabilities in Lua: 1 always fires and stays, 0 never fires', async () => {
    const target = await server();
    const control = controlOf(target);
    await control('POST', 'faults', { path: '/sometimes', status: 598, probability: 0 });
    await control('POST', 'faults', { path: '/always', status: 597, probability: 1 });
    for (let i = 0; i < 3; i++) {
      expect((await fetch(`${target.url}/always`, { headers: HEADERS })).status).toBe(597);
      expect((await fetch(`${target.url}/sometimes`, { headers: HEADERS })).status).toBe(404);
    }
    expect((await control('GET', 'faults')).body.faults).toHaveLength(2);
  });

  it('empties the journal and numbers it from 1 again', async () => {
    const target = await server();
    const control = controlOf(target);
    const poll = () => fetch(`${target.url}/v2/requests/x/status`, { headers: HEADERS });
    await poll();
    await poll();
    expect((await control('GET', 'requests')).body.requests).toHaveLength(2);
    expect((await control('DELETE', 'requests')).body).toEqual({ ok: true });
    await poll();
    expect((await control('GET', 'requests')).body.requests).toMatchObject([{ seq: 1 }]);
  });

  it('answers 405 and 404 as in memory', async () => {
    const control = controlOf(await server());
    expect((await control('POST', 'health', {})).status).toBe(405);
    expect((await control('GET', 'nope')).status).toBe(404);
  });
});

describe.skipIf(!REDIS_SERVER)(`an in-process mock on the Redis store${REDIS_SKIP_NOTE}`, () => {
  it('answers fetch Requests with streamed bodies through handle(), on state a server shares', async () => {
    const prefix = nextPrefix();
    const mock = createSegmindMock({
      clock: 'virtual',
      credits: 2,
      baseUrl: ORIGIN,
      store: await store(prefix),
    });
    const submitted = await mock.handle(
      new Request(`${ORIGIN}/v2/background-eraser`, {
        method: 'POST',
        headers: HEADERS,
        body: JSON.stringify(ERASER),
      }),
    );
    expect(submitted.status).toBe(200);
    const { request_id: id } = (await submitted.json()) as { request_id: string };
    const target = await server(prefix);
    const seen = await fetch(`${target.url}/v2/requests/${id}/status`, { headers: HEADERS });
    expect(await seen.json()).toMatchObject({ request_id: id, status: 'QUEUED' });

    // v1 learns the balance from Redis: the header shows it exactly.
    const v1 = await mock.handle(
      new Request(`${ORIGIN}/v1/background-eraser`, {
        method: 'POST',
        headers: HEADERS,
        body: JSON.stringify({ ...ERASER, base64: true }),
      }),
    );
    expect(v1.status).toBe(200);
    expect(v1.headers.get('x-remaining-credits')).toBe('0');

    const tooLarge = createSegmindMock({
      maxBodyBytes: 16,
      baseUrl: ORIGIN,
      store: await store(prefix),
    });
    const refused = await tooLarge.handle(
      new Request(`${ORIGIN}/v2/background-eraser`, {
        method: 'POST',
        headers: { 'x-api-key': 'k' },
        body: new Blob([JSON.stringify(ERASER)]).stream(),
        duplex: 'half',
      } as RequestInit),
    );
    expect(refused.status).toBe(413);
  });

  it('refuses the synchronous in-process controls, pointing to the control API', async () => {
    const mock = createSegmindMock({ store: await store(nextPrefix()) });
    expect(() => mock.failNext()).toThrow(/keeps its state in redis:\/\/.* use the control API/);
    expect(() => mock.clock.advance(1)).toThrow(TypeError);
    expect(() => mock.jobs()).toThrow(TypeError);
    expect(() => mock.requests).toThrow(TypeError);
    expect(() => mock.reset()).toThrow(TypeError);
    expect(mock.clock.mode).toBe('virtual');
  });
});
