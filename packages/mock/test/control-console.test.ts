// The control routes the console reads and acts through: one snapshot of the state, the journal
// filtered and bounded, request headers with their secrets masked, and faults and scripted
// failures disarmed one by one. Every answer is checked against control-api.yaml. The suite is
// driven through the control API only, so that it runs twice: on a mock that keeps its state in
// memory, and on one that keeps it in Redis (its in-process controls are refused there).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { maskSecret } from '../src/core/secrets.js';
import { createSegmindMockCore, type SegmindMockOptions, VIRTUAL_EPOCH } from '../src/core.js';
import { createRedisStore } from '../src/server/index.js';
import { conforms, type Json } from './control-doc.js';
import { REDIS_SERVER, REDIS_SKIP_NOTE, startRedis, type TestRedis } from './redis/redis-server.js';
import { BRIA_INPUT, ERASER_INPUT, get, ORIGIN, post } from './support.js';

function control(method: string, path: string, body?: unknown) {
  return new Request(`${ORIGIN}/__mock/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

type Mock = ReturnType<typeof createSegmindMockCore>;

/** Makes a mock with these options, in memory or on a Redis namespace of its own. */
type MakeMock = (options?: SegmindMockOptions) => Promise<Mock>;

async function call(mock: Mock, method: string, path: string, template: string, body?: unknown) {
  return (await conforms(method, template, await mock.handle(control(method, path, body)))) as Json;
}

async function submit(mock: Mock, model: string, key = 'test-key') {
  const input = model === 'background-eraser' ? ERASER_INPUT : BRIA_INPUT;
  const response = await mock.handle(post(`/v2/${model}`, input, { key }));
  return (await response.json()) as Json;
}

const advance = (mock: Mock, ms: number) =>
  call(mock, 'POST', 'clock/advance', '/__mock/clock/advance', { ms });
const fault = (mock: Mock, options: Json) =>
  call(mock, 'POST', 'faults', '/__mock/faults', options);
const jobsOf = async (mock: Mock) =>
  (await call(mock, 'GET', 'jobs', '/__mock/jobs')).jobs as Json[];
const journalOf = async (mock: Mock) =>
  (await call(mock, 'GET', 'requests', '/__mock/requests')).requests as Json[];

describe('masked secrets', () => {
  it('never shows a credential, only a fingerprint (and the last 4 characters of a long one)', () => {
    expect(maskSecret('k1')).toMatch(/^••• #[0-9a-f]{6}$/);
    expect(maskSecret('k1')).not.toBe(maskSecret('k2'));
    expect(maskSecret('sk-live-0123456789abcdef')).toMatch(/^•••cdef #[0-9a-f]{6}$/);
    expect(maskSecret('k1')).toBe(maskSecret('k1'));
  });
});

describe("the console's control routes, state in memory", () => {
  consoleSuite(async (options) => createSegmindMockCore(options));
});

describe.skipIf(!REDIS_SERVER)(
  `the console's control routes, state on Redis${REDIS_SKIP_NOTE}`,
  () => {
    let redis: TestRedis | undefined;
    const closing: (() => Promise<void>)[] = [];
    let namespaces = 0;
    beforeAll(async () => {
      redis = await startRedis();
    });
    afterEach(async () => {
      await Promise.all(closing.splice(0).map((close) => close()));
    });
    afterAll(() => redis?.dispose());
    consoleSuite(async (options) => {
      const prefix = `console-${process.pid}-${++namespaces}`;
      const store = await createRedisStore({ url: (redis as TestRedis).url, prefix });
      closing.push(() => store.close());
      return createSegmindMockCore({ ...options, store });
    });
  },
);

/** The expectations, written once for both stores. */
function consoleSuite(createMock: MakeMock): void {
  describe('GET /__mock/state', () => {
    it('shows the clock, the models, every key with its credits and rate window, jobs and what is armed', async () => {
      const mock = await createMock({
        apiKeys: {
          'key-with-credits-0001': { credits: 10 },
          'blocked-key-00000002': { forbidden: true },
        },
        rateLimit: 5,
        timings: { default: { queueMs: 1000, processingMs: 2000 } },
      });
      await submit(mock, 'bria-erase-foreground', 'key-with-credits-0001');
      await advance(mock, 10_000);
      const job = await submit(mock, 'background-eraser', 'key-with-credits-0001');
      await mock.handle(get(job.status_url as string, 'key-with-credits-0001'));
      await call(mock, 'POST', 'faults', '/__mock/faults', { path: '/v1/*', status: 502 });
      await call(mock, 'POST', 'outcomes', '/__mock/outcomes', { error: 'blocked', times: 2 });

      const state = await call(mock, 'GET', 'state', '/__mock/state');
      expect(state.clock).toEqual({
        mode: 'virtual',
        speed: 1,
        now: VIRTUAL_EPOCH + 10_000,
        iso: '2025-01-01T00:00:10.000Z',
      });
      expect(state.models).toEqual(['background-eraser', 'bria-erase-foreground']);
      expect(state.rateLimit).toBe(5);
      expect(state.keys).toEqual([
        {
          key: maskSecret('key-with-credits-0001'),
          configured: true,
          forbidden: false,
          credits: 6, // 10, minus 3 for bria and 1 for the eraser
          startingCredits: 10,
          // Two submits and a poll in the last minute; the first leaves the window 60 s after it came.
          requestsThisMinute: 3,
          rateLimitResetMs: 50_000,
          jobs: 2,
        },
        {
          key: maskSecret('blocked-key-00000002'),
          configured: true,
          forbidden: true,
          credits: null,
          startingCredits: null,
          requestsThisMinute: 0,
          rateLimitResetMs: null,
          jobs: 0,
        },
      ]);
      expect(state.keyCount).toBe(2);
      expect(state.jobCount).toBe(2);
      expect(state.jobs.map((j: Json) => [j.model, j.status])).toEqual([
        ['bria-erase-foreground', 'COMPLETED'],
        ['background-eraser', 'QUEUED'],
      ]);
      expect(state.faults).toEqual([
        expect.objectContaining({ id: expect.any(Number), path: '/v1/*', status: 502 }),
      ]);
      expect(state.outcomes).toEqual([{ id: expect.any(Number), error: 'blocked', times: 2 }]);
      expect(JSON.stringify(state)).not.toContain('key-with-credits-0001');
    });

    it('lists keys it has only seen (any key accepted), unlimited and without a rate limit', async () => {
      const mock = await createMock();
      await submit(mock, 'background-eraser', 'k1');
      await submit(mock, 'background-eraser', 'k2');
      await submit(mock, 'background-eraser', 'k1');
      const state = await call(mock, 'GET', 'state', '/__mock/state');
      expect(state.rateLimit).toBeNull();
      expect(state.keys).toEqual([
        {
          key: maskSecret('k1'),
          configured: false,
          forbidden: false,
          credits: null,
          startingCredits: null,
          requestsThisMinute: null,
          rateLimitResetMs: null,
          jobs: 2,
        },
        expect.objectContaining({ key: maskSecret('k2'), jobs: 1 }),
      ]);
    });

    it('shows at most the newest 200 jobs, and counts them all', async () => {
      const mock = await createMock();
      for (let i = 0; i < 205; i++) await submit(mock, 'background-eraser');
      const state = await call(mock, 'GET', 'state', '/__mock/state');
      expect(state.jobCount).toBe(205);
      expect(state.jobs).toHaveLength(200);
      const jobs = await jobsOf(mock);
      expect(state.jobs.at(-1).requestId).toBe(jobs.at(-1)?.requestId);
      expect(state.jobs[0].requestId).toBe(jobs[5]?.requestId);
    });

    it('takes only GET', async () => {
      const mock = await createMock();
      const response = await mock.handle(control('POST', 'state', {}));
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET');
    });
  });

  describe('journal headers', () => {
    it('keeps request headers with x-api-key, authorization and cookie masked, and the answer headers', async () => {
      const mock = await createMock({ rateLimit: 1 });
      await mock.handle(
        post('/v2/background-eraser', ERASER_INPUT, {
          key: 'secret-key-value-1234',
          headers: { authorization: 'Bearer abc.def', cookie: 'sid=1', 'x-trace': 'yes' },
        }),
      );
      await mock.handle(get('/v2/requests/nope/status', 'secret-key-value-1234'));
      const [submitted, limited] = await journalOf(mock);
      expect(submitted?.requestHeaders).toEqual({
        authorization: `Bearer ${maskSecret('abc.def')}`,
        'content-type': 'application/json',
        cookie: maskSecret('sid=1'),
        'x-api-key': maskSecret('secret-key-value-1234'),
        'x-trace': 'yes',
      });
      expect(submitted?.responseHeaders).toEqual({
        'content-type': 'application/json',
        date: 'Wed, 01 Jan 2025 00:00:00 GMT',
        'x-rate-limit-remaining': '0',
      });
      expect(limited?.status).toBe(429);
      expect(limited?.responseHeaders).toMatchObject({ 'retry-after': '60' });
      const journal = await call(mock, 'GET', 'requests', '/__mock/requests');
      expect(JSON.stringify(journal)).not.toMatch(/secret-key-value-1234|abc\.def|sid=1/);
    });
  });

  describe('GET /__mock/requests filters', () => {
    async function filtered(mock: Mock, query: string) {
      const body = await call(mock, 'GET', `requests${query}`, '/__mock/requests');
      return (body.requests as Json[]).map((entry) => [entry.seq, entry.path, entry.status]);
    }

    it('filters by path, status (a code, a class or network-error) and request id, and keeps the newest', async () => {
      const mock = await createMock();
      const a = await submit(mock, 'background-eraser');
      const b = await submit(mock, 'bria-erase-foreground');
      await mock.handle(get(a.status_url as string));
      await mock.handle(get('/v2/requests/unknown-id/status'));
      await fault(mock, { path: '/v2/requests/*', networkError: true });
      await mock.handle(get(b.response_url as string));
      const aStatus = `/v2/requests/${a.request_id}/status`;

      expect(await filtered(mock, '?path=/status')).toEqual([
        [3, aStatus, 200],
        [4, '/v2/requests/unknown-id/status', 404],
      ]);
      expect(await filtered(mock, '?status=404')).toEqual([
        [4, '/v2/requests/unknown-id/status', 404],
      ]);
      expect(await filtered(mock, '?status=2xx')).toHaveLength(3);
      expect(await filtered(mock, '?status=network-error')).toEqual([
        [5, `/v2/requests/${b.request_id}`, 'network-error'],
      ]);
      expect(await filtered(mock, `?requestId=${a.request_id}`)).toEqual([
        [1, '/v2/background-eraser', 200],
        [3, aStatus, 200],
      ]);
      // A part of the id finds it too, as a search box would.
      expect(await filtered(mock, `?requestId=${String(b.request_id).slice(0, 8)}`)).toEqual([
        [2, '/v2/bria-erase-foreground', 200],
      ]);
      expect(await filtered(mock, '?limit=2')).toEqual([
        [4, '/v2/requests/unknown-id/status', 404],
        [5, `/v2/requests/${b.request_id}`, 'network-error'],
      ]);
      expect(await filtered(mock, '?path=/v2/&status=2xx&limit=1')).toEqual([[3, aStatus, 200]]);
      expect(await filtered(mock, '?path=&status=&requestId=')).toHaveLength(5);
    });

    it('answers 400 with the reason for a bad status or limit', async () => {
      const mock = await createMock();
      expect((await call(mock, 'GET', 'requests?status=teapot', '/__mock/requests')).error).toBe(
        'status: must be a code (404), a class (4xx) or network-error',
      );
      expect((await call(mock, 'GET', 'requests?limit=0', '/__mock/requests')).error).toBe(
        'limit: must be an integer >= 1',
      );
    });
  });

  describe('disarming one fault or one scripted failure', () => {
    it('DELETE /__mock/faults/{id} removes that fault only; an unknown id is a 404', async () => {
      const mock = await createMock();
      await call(mock, 'POST', 'faults', '/__mock/faults', { path: '/v1/*', status: 500 });
      const armed = await call(mock, 'POST', 'faults', '/__mock/faults', {
        path: '/v2/*',
        status: 503,
        times: 3,
      });
      const [first, second] = armed.faults as Json[];
      expect(first?.id).not.toBe(second?.id);
      const left = await call(mock, 'DELETE', `faults/${first?.id}`, '/__mock/faults/{id}');
      expect(left.faults).toEqual([expect.objectContaining({ id: second?.id, status: 503 })]);
      expect((await mock.handle(post('/v1/background-eraser', ERASER_INPUT))).status).toBe(200);
      expect((await mock.handle(post('/v2/background-eraser', ERASER_INPUT))).status).toBe(503);
      const missing = await call(mock, 'DELETE', `faults/${first?.id}`, '/__mock/faults/{id}');
      expect(missing.error).toBe(`No armed fault ${first?.id}`);
    });

    it('DELETE /__mock/outcomes/{id} removes that scripted failure only', async () => {
      const mock = await createMock({ timings: { default: { queueMs: 0, processingMs: 1 } } });
      const one = await call(mock, 'POST', 'outcomes', '/__mock/outcomes', {
        model: 'bria-erase-foreground',
        error: 'first',
      });
      const two = await call(mock, 'POST', 'outcomes', '/__mock/outcomes', { error: 'second' });
      const firstId = (one.outcomes as Json[])[0]?.id;
      expect((two.outcomes as Json[]).map((o) => o.error)).toEqual(['first', 'second']);
      const left = await call(mock, 'DELETE', `outcomes/${firstId}`, '/__mock/outcomes/{id}');
      expect(left.outcomes).toEqual([{ id: expect.any(Number), error: 'second', times: 1 }]);
      await submit(mock, 'bria-erase-foreground');
      await advance(mock, 1);
      expect((await jobsOf(mock))[0]).toMatchObject({ status: 'FAILED', error: 'second' });
      expect((await call(mock, 'DELETE', 'outcomes/999', '/__mock/outcomes/{id}')).error).toBe(
        'No scripted failure 999',
      );
    });

    it('never reuses an id after a reset, so a stale page cannot disarm a newer fault', async () => {
      const mock = await createMock();
      const before = await call(mock, 'POST', 'faults', '/__mock/faults', { status: 500 });
      await call(mock, 'POST', 'reset', '/__mock/reset');
      const after = await call(mock, 'POST', 'faults', '/__mock/faults', { status: 500 });
      expect((after.faults as Json[])[0]?.id).not.toBe((before.faults as Json[])[0]?.id);
    });
  });

  describe('GET /__mock/jobs/{id}/output', () => {
    it("serves a completed job's picture without touching the journal, faults or the output URL", async () => {
      const mock = await createMock({ timings: { default: { queueMs: 0, processingMs: 1000 } } });
      const job = await submit(mock, 'background-eraser');
      const path = `jobs/${job.request_id}/output`;
      const pending = await call(mock, 'GET', path, '/__mock/jobs/{request_id}/output');
      expect(pending.error).toBe(`No output for ${job.request_id}: it is PROCESSING`);
      await advance(mock, 1000);
      // A fault on every GET would hit the console's thumbnail, were it read from /outputs.
      await fault(mock, { method: 'GET', status: 500 });
      const journalBefore = (await journalOf(mock)).length;
      const response = await mock.handle(control('GET', path));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/png');
      const picture = new Uint8Array(await response.arrayBuffer());
      expect(await journalOf(mock)).toHaveLength(journalBefore);
      expect((await mock.handle(get(`/outputs/${job.request_id}.png`))).status).toBe(500);
      const served = await mock.handle(get(`/outputs/${job.request_id}.png`));
      expect(new Uint8Array(await served.arrayBuffer())).toEqual(picture);
      expect(
        (await call(mock, 'GET', 'jobs/nope/output', '/__mock/jobs/{request_id}/output')).error,
      ).toBe('Request not found: nope');
    });
  });
}
