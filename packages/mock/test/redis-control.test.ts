// The control API and the in-process entry on the Redis store: every control route reads and
// changes the shared state, `handle()` (fetch Requests, streamed bodies) works on it as the HTTP
// server does, and the synchronous in-process controls refuse, pointing to the control API.
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { matchPattern } from '../src/core/faults.js';
import { JOURNAL_EXCERPT_LIMIT } from '../src/core/journal.js';
import { MAX_TRACKED_KEYS } from '../src/core/rate-limit.js';
import { type SharedStateStore, VIRTUAL_EPOCH } from '../src/core.js';
import { createSegmindMock } from '../src/index.js';
import {
  createRedisStore,
  type MockServer,
  type MockServerOptions,
  startMockServer,
} from '../src/server/index.js';
import { HEADER_FIELDS, STEP_SCRIPT } from '../src/store/redis/script.js';
import {
  REDIS_SERVER,
  REDIS_SKIP_NOTE,
  startRedis,
  TEST_STORE_TIMEOUT_MS,
  type TestRedis,
} from './redis/redis-server.js';

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

async function server(prefix = nextPrefix(), options: MockServerOptions = {}): Promise<MockServer> {
  const started = await startMockServer({
    port: 0,
    clock: 'virtual',
    logLevel: 'silent',
    ...options,
    store: (redis as TestRedis).url,
    storeTimeoutMs: TEST_STORE_TIMEOUT_MS,
    storePrefix: prefix,
  });
  cleanups.push(() => started.close());
  return started;
}

async function store(prefix: string): Promise<SharedStateStore> {
  const made = await createRedisStore({
    url: (redis as TestRedis).url,
    prefix,
    timeoutMs: TEST_STORE_TIMEOUT_MS,
  });
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
      outcomes: [
        { id: expect.any(Number), model: 'bria-erase-foreground', error: 'Blocked', times: 2 },
      ],
    });
    expect((await control('GET', 'outcomes')).body.outcomes).toHaveLength(1);
    expect((await control('POST', 'outcomes', { status: 'FAILED', times: 0 })).status).toBe(400);
    expect((await control('DELETE', 'outcomes')).body).toEqual({ outcomes: [] });
    expect((await control('GET', 'outcomes')).body).toEqual({ outcomes: [] });

    const fault = { method: 'get', path: '/v2/*', probability: 0.5, status: 500 };
    expect((await control('POST', 'faults', fault)).body.faults).toEqual([
      {
        id: expect.any(Number),
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

  it('refuses an advance past the range of Date from where the shared clock stands, changing nothing', async () => {
    const control = controlOf(await server());
    const last = 8.64e15;
    expect((await control('POST', 'clock/advance', { ms: last - VIRTUAL_EPOCH - 10 })).status).toBe(
      200,
    );
    const refused = await control('POST', 'clock/advance', { ms: 11 });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatch(/range of Date/);
    expect((await control('GET', 'clock')).body.now).toBe(last - 10);
    expect((await control('POST', 'clock/advance', { ms: 10 })).body.iso).toBe(
      '+275760-09-13T00:00:00.000Z',
    );
  });

  it('refuses a control call forged by a page of another origin, on every instance', async () => {
    const prefix = nextPrefix();
    const target = await server(prefix);
    const forged = await fetch(`${target.url}/__mock/faults`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'text/plain' },
      body: JSON.stringify({ status: 500 }),
    });
    expect(forged.status).toBe(403);
    const plain = await fetch(`${target.url}/__mock/faults`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ status: 500 }),
    });
    expect(plain.status).toBe(415);
    expect((await controlOf(await server(prefix))('GET', 'faults')).body).toEqual({ faults: [] });
  });

  it('keeps a refused body as an excerpt and its headers masked, in one journal', async () => {
    const target = await server();
    const control = controlOf(target);
    const nested = `${'['.repeat(4096)}${']'.repeat(4096)}`;
    const refused = await fetch(`${target.url}/v2/background-eraser`, {
      method: 'POST',
      headers: { ...HEADERS, 'x-api-key': 'a-secret-key-0001' },
      body: nested,
    });
    expect(refused.status).toBe(400);
    const [entry] = (await control('GET', 'requests')).body.requests as Record<string, unknown>[];
    expect(entry).not.toHaveProperty('requestBody');
    expect(entry?.requestBytes).toBe(nested.length);
    expect(entry?.requestExcerpt).toBe(nested.slice(0, JOURNAL_EXCERPT_LIMIT));
    expect(entry?.requestHeaders).toMatchObject({
      'x-api-key': expect.stringMatching(/^•••0001 #/),
    });
    expect(entry?.responseHeaders).toEqual({
      'content-type': 'application/json',
      date: 'Wed, 01 Jan 2025 00:00:00 GMT',
    });
    expect(JSON.stringify(entry)).not.toContain('a-secret-key-0001');
  });

  it('bounds the journal in bytes of JSON, the oldest going first, and pages it by seq', async () => {
    const journalBytes = 8 * 1024;
    const prefix = nextPrefix();
    const target = await server(prefix, { journalBytes });
    const control = controlOf(target);
    for (let i = 0; i < 40; i++) {
      const res = await fetch(`${target.url}/v2/background-eraser`, {
        method: 'POST',
        headers: HEADERS,
        body: `{"image": "${'x'.repeat(2000)}`,
      });
      expect(res.status).toBe(400);
    }
    const { requests } = (await control('GET', 'requests')).body as {
      requests: { seq: number }[];
    };
    // Each entry holds a 1 KiB excerpt: a handful fit, the newest kept, numbered on; what is
    // held, as JSON, is within the bound.
    const held = requests.reduce((sum, entry) => sum + Buffer.byteLength(JSON.stringify(entry)), 0);
    expect(held).toBeLessThanOrEqual(journalBytes);
    expect(requests.length).toBeGreaterThan(2);
    expect(requests.length).toBeLessThan(40);
    expect(requests.at(-1)?.seq).toBe(40);
    const seqs = requests.map((entry) => entry.seq);
    expect(seqs).toEqual(seqs.map((_, i) => 40 - seqs.length + 1 + i));
    const inspect = new Redis((redis as TestRedis).url);
    try {
      const counted = Number(await inspect.hget(`${prefix}:g1:counters`, 'journalBytes'));
      const stored = await inspect.xrange(`${prefix}:g1:journal`, '-', '+');
      expect(counted).toBe(
        stored.reduce((sum, [, fields]) => sum + Buffer.byteLength(fields[1] as string), 0),
      );
      expect(counted).toBeLessThanOrEqual(journalBytes);
    } finally {
      inspect.disconnect();
    }
    const page = (await control('GET', 'requests?after=36&limit=2')).body.requests as {
      seq: number;
    }[];
    expect(page.map((entry) => entry.seq)).toEqual([37, 38]);
    expect((await control('GET', 'requests?limit=1')).body.requests).toMatchObject([{ seq: 40 }]);
    expect((await control('GET', 'requests?after=x')).status).toBe(400);
  });

  it('keeps the rate windows of the 10,000 keys used last, forgetting the least recently used', async () => {
    // The script itself, called with one operation per key: 10,001 requests of distinct keys
    // in one round trip.
    const prefix = nextPrefix();
    await server(prefix, { rateLimit: 1 });
    const inspect = new Redis((redis as TestRedis).url);
    try {
      const take = (key: string) => ['rate', key, '1', '60000', '3600000', 'ok'];
      const args = [prefix, '1', '', String(VIRTUAL_EPOCH), String(Date.now()), '', '10', '1000'];
      const keys = Array.from({ length: MAX_TRACKED_KEYS + 1 }, (_, i) => `key-${i}`);
      const ops = keys.flatMap(take);
      const reply = (await inspect.eval(
        STEP_SCRIPT,
        0,
        ...args,
        String(keys.length),
        ...ops,
      )) as string[];
      expect(args.length + 1).toBe(HEADER_FIELDS);
      expect(reply[0]).toBe('ok');
      expect(await inspect.zcard(`${prefix}:g1:rateKeys`)).toBe(MAX_TRACKED_KEYS);
      expect(await inspect.exists(`${prefix}:g1:rate:key-0`)).toBe(0);
      expect(await inspect.exists(`${prefix}:g1:rate:key-1`)).toBe(1);
    } finally {
      inspect.disconnect();
    }
  });

  it("answers the console's snapshot of 40 keys in at most three round trips", async () => {
    const prefix = nextPrefix();
    const target = await server(prefix, { rateLimit: 50, credits: 100 });
    for (let i = 0; i < 40; i++) {
      const res = await fetch(`${target.url}/v2/background-eraser`, {
        method: 'POST',
        headers: { ...HEADERS, 'x-api-key': `key-${i}` },
        body: JSON.stringify(ERASER),
      });
      expect(res.status).toBe(200);
    }
    const inspect = new Redis((redis as TestRedis).url);
    const scriptCalls = async () => {
      const stats = await inspect.info('commandstats');
      const calls = (name: string) =>
        Number(new RegExp(`^cmdstat_${name}:calls=(\\d+)`, 'm').exec(stats)?.[1] ?? 0);
      return calls('evalsha') + calls('eval');
    };
    try {
      const before = await scriptCalls();
      const { status, body } = await controlOf(target)('GET', 'state');
      const used = (await scriptCalls()) - before;
      expect(status).toBe(200);
      expect(body.keyCount).toBe(40);
      expect(body.jobCount).toBe(40);
      expect(body.keys).toContainEqual(
        expect.objectContaining({ credits: 99, requestsThisMinute: 1, jobs: 1 }),
      );
      // Its reads depend on one another (the keys come from the jobs, balances and windows),
      // yet the script answers ahead every read after the first it could not foresee.
      expect(used).toBeLessThanOrEqual(3);
    } finally {
      inspect.disconnect();
    }
  });

  it('keeps a sped-up real clock running on after a reset: it never goes back', async () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['Date'] });
    try {
      const control = controlOf(await server(nextPrefix(), { clock: 'real', speed: 10 }));
      vi.setSystemTime(1_000_000 + 600_000);
      const before = (await control('GET', 'clock')).body.now as number;
      expect(before).toBe(1_000_000 + 6_000_000);
      expect((await control('POST', 'reset', {})).status).toBe(200);
      expect((await control('GET', 'clock')).body.now).toBe(before);
      vi.setSystemTime(1_000_000 + 600_000 + 3);
      expect((await control('GET', 'clock')).body.now).toBe(before + 30);
    } finally {
      vi.useRealTimers();
    }
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
