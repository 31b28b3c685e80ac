// Two segmind-mock servers on one Redis serve one queue: whatever one of them does (a job, a
// clock advance, a charge, a request counted against a rate limit, a fault used up, a reset)
// the other sees. Each test runs its pair on a namespace of its own in one private redis-server.
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, type MockServerOptions, startMockServer } from '../src/server/index.js';
import { jobKey } from '../src/store/redis/keys.js';
import {
  eventually,
  REDIS_SERVER,
  REDIS_SKIP_NOTE,
  startRedis,
  TEST_STORE_TIMEOUT_MS,
  type TestRedis,
} from './redis/redis-server.js';

const KEY = 'shared-key';
const ERASER = JSON.stringify({ image: 'https://example.com/cat.png', return_mask: false });
const TIMINGS = { default: { queueMs: 1000, processingMs: 3000 } };

let redis: TestRedis | undefined;
let inspect: Redis | undefined;
beforeAll(async () => {
  if (!REDIS_SERVER) return;
  redis = await startRedis();
  inspect = new Redis(redis.url);
});
afterAll(async () => {
  inspect?.disconnect();
  await redis?.dispose();
});

const open: MockServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((server) => server.close()));
});

let namespaces = 0;

/** Starts servers on one namespace (a fresh one unless `prefix` is given). */
async function instances(count: number, options: MockServerOptions = {}, prefix?: string) {
  const storePrefix = prefix ?? `shared-${process.pid}-${++namespaces}`;
  const servers: MockServer[] = [];
  for (let i = 0; i < count; i++) {
    const server = await startMockServer({
      clock: 'virtual',
      timings: TIMINGS,
      logLevel: 'silent',
      ...options,
      port: 0,
      store: (redis as TestRedis).url,
      storeTimeoutMs: TEST_STORE_TIMEOUT_MS,
      storePrefix,
    });
    open.push(server);
    servers.push(server);
  }
  return { servers, prefix: storePrefix };
}

function api(server: MockServer, path: string, init: RequestInit = {}, key = KEY) {
  return fetch(`${server.url}${path}`, {
    ...init,
    headers: { 'x-api-key': key, 'content-type': 'application/json', ...init.headers },
  });
}

async function control(server: MockServer, path: string, body?: unknown) {
  const res = await fetch(`${server.url}/__mock/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(res.status, `/__mock/${path}`).toBe(200);
  return res.json() as Promise<Record<string, unknown>>;
}

async function submit(server: MockServer) {
  const res = await api(server, '/v2/background-eraser', { method: 'POST', body: ERASER });
  return { status: res.status, body: (await res.json()) as { request_id: string; error?: string } };
}

const statusOf = async (server: MockServer, id: string, key = KEY) => {
  const res = await api(server, `/v2/requests/${id}/status`, {}, key);
  return { code: res.status, body: (await res.json()) as { status?: string } };
};

const count = (values: number[], wanted: number) => values.filter((v) => v === wanted).length;

describe.skipIf(!REDIS_SERVER)(`two instances on one Redis${REDIS_SKIP_NOTE}`, () => {
  it('serves a job submitted on A to a poll on B, and its result on A', async () => {
    const {
      servers: [a, b],
    } = await instances(2);
    if (!a || !b) throw new Error('two servers');
    const job = await submit(a);
    expect(job.status).toBe(200);
    const id = job.body.request_id;
    expect(await statusOf(b, id)).toMatchObject({ code: 200, body: { status: 'QUEUED' } });
    await control(a, 'clock/advance', { ms: 4000 });
    expect(await statusOf(b, id)).toMatchObject({ code: 200, body: { status: 'COMPLETED' } });
    const result = await api(a, `/v2/requests/${id}`);
    expect(result.status).toBe(200);
    const body = (await result.json()) as { output: string };
    // The output is served by either instance.
    const png = await fetch(body.output.replace(a.url, b.url));
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
  });

  it('moves the virtual clock of A when it is advanced on B', async () => {
    const {
      servers: [a, b],
    } = await instances(2);
    if (!a || !b) throw new Error('two servers');
    const before = (await control(a, 'clock')).now as number;
    const id = (await submit(a)).body.request_id;
    await control(b, 'clock/advance', { ms: 1500 });
    expect((await control(a, 'clock')).now).toBe(before + 1500);
    expect((await statusOf(a, id)).body.status).toBe('PROCESSING');
    await control(b, 'clock/advance', { ms: 2500 });
    expect((await control(a, 'jobs')).jobs).toMatchObject([{ requestId: id, status: 'COMPLETED' }]);
  });

  it('moves an auto clock for both when either is polled: the job is where the last poll left it', async () => {
    const {
      servers: [a, b],
    } = await instances(2, { clock: 'auto' });
    if (!a || !b) throw new Error('two servers');
    const epoch = Date.UTC(2025, 0, 1);
    const id = (await submit(a)).body.request_id;
    expect((await control(b, 'clock')).now).toBe(epoch); // a submit moves nothing
    expect((await statusOf(b, id)).body.status).toBe('PROCESSING');
    expect((await control(a, 'clock')).now).toBe(epoch + 1000);
    expect((await statusOf(a, id)).body.status).toBe('COMPLETED');
    expect((await control(b, 'clock')).now).toBe(epoch + 4000);
    // A finished job is not waited for, a poll that never reaches a job moves nothing, and the
    // result is served at once on either.
    expect((await statusOf(b, id)).body.status).toBe('COMPLETED');
    expect((await statusOf(a, 'unknown-id')).code).toBe(404);
    expect((await api(b, `/v2/requests/${id}`)).status).toBe(200);
    expect((await control(a, 'clock')).now).toBe(epoch + 4000);
    await control(a, 'clock/advance', { ms: 500 });
    expect((await control(b, 'clock')).now).toBe(epoch + 4500);
  });

  it('walks a job to its end with one poll per transition, however the polls are split', async () => {
    const {
      servers: [a, b],
    } = await instances(2, { clock: 'auto' });
    if (!a || !b) throw new Error('two servers');
    const ids = await Promise.all(
      [submit(a), submit(b)].map(async (job) => (await job).body.request_id),
    );
    // Concurrent polls on both instances: a poll that read the clock before another moved it
    // runs again on the moved clock (never skipping a state), so two rounds finish both jobs.
    for (let round = 0; round < 2; round++) {
      await Promise.all(ids.map((id, i) => statusOf(i % 2 ? a : b, id)));
    }
    const jobs = (await control(b, 'jobs')).jobs as { status: string }[];
    expect(jobs.map((job) => job.status)).toEqual(['COMPLETED', 'COMPLETED']);
  });

  it('scopes a request id to the key that submitted it, on every instance', async () => {
    const {
      servers: [a, b],
    } = await instances(2);
    if (!a || !b) throw new Error('two servers');
    const id = (await submit(a)).body.request_id;
    const other = await statusOf(b, id, 'another-key');
    expect(other).toEqual({ code: 404, body: { error: `Request not found: ${id}` } });
    expect((await api(b, `/v2/requests/${id}`, {}, 'another-key')).status).toBe(404);
    expect((await statusOf(b, id)).code).toBe(200);
    expect((await api(a, `/v2/requests/${id}`)).status).toBe(202);
  });

  it('shows one state to the console of either: the same job, credits and rate window', async () => {
    const {
      servers: [a, b],
    } = await instances(2, { credits: 10, rateLimit: 5 });
    if (!a || !b) throw new Error('two servers');
    const id = (await submit(a)).body.request_id;
    await statusOf(b, id);
    const [fromA, fromB] = await Promise.all([control(a, 'state'), control(b, 'state')]);
    expect(fromB).toEqual(fromA);
    expect(fromB.jobCount).toBe(1);
    expect(fromB.jobs).toMatchObject([{ requestId: id, status: 'QUEUED' }]);
    expect(fromB.keys).toMatchObject([{ credits: 9, startingCredits: 10, requestsThisMinute: 2 }]);
    // The state follows the shared clock, whichever instance moved it.
    await control(b, 'clock/advance', { ms: 4000 });
    expect((await control(a, 'state')).jobs).toMatchObject([
      { requestId: id, status: 'COMPLETED' },
    ]);
  });

  it('gives the stalled virtual clock hint on the instance whose polls stall, once', async () => {
    const lines: string[][] = [[], []];
    const storePrefix = `shared-${process.pid}-${++namespaces}`;
    const [a, b] = await Promise.all(
      lines.map((sink) =>
        startMockServer({
          clock: 'virtual',
          timings: TIMINGS,
          port: 0,
          logLevel: 'warn',
          logSink: (level, message) => sink.push(`${level} ${message}`),
          store: (redis as TestRedis).url,
          storeTimeoutMs: TEST_STORE_TIMEOUT_MS,
          storePrefix,
        }),
      ),
    );
    if (!a || !b) throw new Error('two servers');
    open.push(a, b);
    const id = (await submit(a)).body.request_id;
    const hints = (sink: string[]) => sink.filter((line) => line.includes('virtual clock'));
    // Polls on B while A moves the shared clock between them: no stall.
    for (let i = 0; i < 10; i++) {
      expect((await statusOf(b, id)).body.status).toBe('QUEUED');
      await control(a, 'clock/advance', { ms: 50 });
    }
    expect(hints(lines[1] as string[])).toEqual([]);
    // Then the clock stands still while B polls on.
    for (let i = 0; i < 20; i++) expect((await statusOf(b, id)).body.status).toBe('QUEUED');
    expect(hints(lines[1] as string[])).toEqual([expect.stringMatching(/^warn .*--clock auto/)]);
    expect(hints(lines[0] as string[])).toEqual([]);
  });

  it('adds up advances made at once on both: none is lost', async () => {
    const {
      servers: [a, b],
    } = await instances(2);
    if (!a || !b) throw new Error('two servers');
    const before = (await control(a, 'clock')).now as number;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => control(i % 2 ? a : b, 'clock/advance', { ms: 100 })),
    );
    expect((await control(b, 'clock')).now).toBe(before + 2000);
  });

  it('keeps one journal of the requests of both, numbered once', async () => {
    const {
      servers: [a, b],
    } = await instances(2);
    if (!a || !b) throw new Error('two servers');
    const id = (await submit(a)).body.request_id;
    await statusOf(b, id);
    await statusOf(a, 'unknown-id');
    const { requests } = (await control(b, 'requests')) as {
      requests: { seq: number; path: string; status: number; url: string }[];
    };
    expect(requests.map((entry) => [entry.seq, entry.path, entry.status])).toEqual([
      [1, '/v2/background-eraser', 200],
      [2, `/v2/requests/${id}/status`, 200],
      [3, '/v2/requests/unknown-id/status', 404],
    ]);
    expect(requests[1]?.url.startsWith(b.url)).toBe(true);
  });

  it('charges one balance from both: the submits past it get 406, and it never goes below 0', async () => {
    const {
      servers: [a, b],
      prefix,
    } = await instances(2, { credits: 3 });
    if (!a || !b) throw new Error('two servers');
    const codes = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => (await submit(i % 2 ? a : b)).status),
    );
    expect(count(codes, 200)).toBe(3);
    expect(count(codes, 406)).toBe(5);
    expect(await inspect?.hget(`${prefix}:g1:credits`, KEY)).toBe('0');
  });

  it('counts a rate limit across both: the requests over it get 429 wherever they land', async () => {
    const {
      servers: [a, b],
    } = await instances(2, { rateLimit: 5 });
    if (!a || !b) throw new Error('two servers');
    const codes = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => (await statusOf(i % 2 ? a : b, 'nope')).code),
    );
    expect(count(codes, 404)).toBe(5);
    expect(count(codes, 429)).toBe(7);
    // A minute later on the shared clock, both admit the key again.
    await control(b, 'clock/advance', { ms: 60_000 });
    expect((await statusOf(a, 'nope')).code).toBe(404);
    expect((await statusOf(b, 'nope')).code).toBe(404);
  });

  it('fires a fault with times: 1 once in total, across both', async () => {
    const {
      servers: [a, b],
    } = await instances(2);
    if (!a || !b) throw new Error('two servers');
    const id = (await submit(a)).body.request_id;
    await control(a, 'faults', { method: 'GET', path: '/v2/requests/*', status: 503, times: 1 });
    expect((await control(b, 'faults')).faults).toHaveLength(1);
    const codes = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => (await statusOf(i % 2 ? a : b, id)).code),
    );
    expect(count(codes, 503)).toBe(1);
    expect(count(codes, 200)).toBe(19);
    expect((await control(a, 'faults')).faults).toEqual([]);
  });

  it('fails a scripted failure with times: 1 on one job in total, across both', async () => {
    const {
      servers: [a, b],
    } = await instances(2);
    if (!a || !b) throw new Error('two servers');
    await control(b, 'outcomes', { status: 'FAILED', error: 'Scripted', times: 1 });
    const ids = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => (await submit(i % 2 ? a : b)).body.request_id),
    );
    await control(a, 'clock/advance', { ms: 4000 });
    const codes = await Promise.all(ids.map(async (id) => (await statusOf(b, id)).code));
    expect(count(codes, 422)).toBe(1);
    expect(count(codes, 200)).toBe(9);
  });

  it('lets Redis expire a job by its TTL, the retention: no sweeper, then 404 on either', async () => {
    // A real clock with no queue or processing time: the job expires `retention` ms after its
    // submission, in Redis as in the simulation.
    const {
      servers: [a, b],
      prefix,
    } = await instances(2, {
      clock: 'real',
      retentionMs: 300,
      timings: { default: { queueMs: 0, processingMs: 0 } },
    });
    if (!a || !b) throw new Error('two servers');
    const id = (await submit(a)).body.request_id;
    const key = jobKey(prefix, '1', id);
    const ttl = (await inspect?.pttl(key)) as number;
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(300);
    // Redis drops the key on its own; the bound is only there so a broken TTL fails the test.
    await eventually(async () => (await inspect?.exists(key)) === 0, 'the job key to expire');
    expect((await statusOf(b, id)).code).toBe(404);
    expect((await statusOf(a, id)).code).toBe(404);
  });

  it('resets one namespace and leaves another on the same Redis alone', async () => {
    const {
      servers: [a],
      prefix: first,
    } = await instances(1);
    const {
      servers: [b],
      prefix: second,
    } = await instances(1);
    if (!a || !b) throw new Error('two servers');
    const mine = (await submit(a)).body.request_id;
    const theirs = (await submit(b)).body.request_id;
    await control(a, 'faults', { path: '/nowhere', status: 500 });
    await control(b, 'faults', { path: '/nowhere', status: 500 });
    await control(a, 'clock/advance', { ms: 5000 });
    await control(b, 'clock/advance', { ms: 7000 });

    await control(a, 'reset', {});
    expect((await statusOf(a, mine)).code).toBe(404);
    expect((await control(a, 'faults')).faults).toEqual([]);
    expect((await control(a, 'clock')).now).toBe(Date.UTC(2025, 0, 1));
    expect(await inspect?.keys(`${first}:g1:*`)).toEqual([]);

    expect((await statusOf(b, theirs)).code).toBe(200);
    expect((await control(b, 'faults')).faults).toHaveLength(1);
    expect((await control(b, 'clock')).now).toBe(Date.UTC(2025, 0, 1) + 7000);
    expect(await inspect?.exists(jobKey(second, '1', theirs))).toBe(1);
  });

  // A thousand requests on a loaded 2-core CI machine: room beyond the default 30 s, though
  // nothing here waits on time (the bound only keeps a hang from lasting forever).
  it('takes 500 concurrent submits split across both: none lost, no id twice, credits exact', {
    timeout: 120_000,
  }, async () => {
    const {
      servers: [a, b],
      prefix,
    } = await instances(2, { credits: 400 });
    if (!a || !b) throw new Error('two servers');
    const answers = await Promise.all(
      Array.from({ length: 500 }, async (_, i) => {
        const [taker, other] = i % 2 ? [a, b] : [b, a];
        return { ...(await submit(taker)), other };
      }),
    );
    const accepted = answers.filter((answer) => answer.status === 200);
    expect(accepted).toHaveLength(400);
    expect(answers.filter((answer) => answer.status === 406)).toHaveLength(100);
    const ids = accepted.map((answer) => answer.body.request_id);
    expect(new Set(ids).size).toBe(400);
    expect(await inspect?.hget(`${prefix}:g1:credits`, KEY)).toBe('0');
    const listed = (await control(b, 'jobs')).jobs as { requestId: string }[];
    expect(new Set(listed.map((job) => job.requestId))).toEqual(new Set(ids));
    // Each job answers on the instance that did not take it.
    const codes = await Promise.all(
      accepted.map(async (answer) => (await statusOf(answer.other, answer.body.request_id)).code),
    );
    expect(count(codes, 200)).toBe(400);
  });
});
