// The control API over HTTP, as a test written in another language would drive it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../src/server/index.js';

let server: MockServer;
beforeAll(async () => {
  server = await startMockServer({ port: 0, clock: 'virtual', logLevel: 'silent' });
});
afterAll(() => server.close());

async function control(method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}/__mock/${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function submit(model = 'background-eraser') {
  const input =
    model === 'background-eraser'
      ? { image: 'https://example.com/a.png', return_mask: false }
      : { image: 'https://example.com/a.jpg' };
  const res = await fetch(`${server.url}/v2/${model}`, {
    method: 'POST',
    headers: { 'x-api-key': 'k', 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  return (await res.json()) as { request_id: string; status_url: string };
}

beforeEach(async () => {
  expect((await control('POST', 'reset')).status).toBe(200);
});

describe('control API over HTTP', () => {
  it('GET /__mock/health', async () => {
    expect(await control('GET', 'health')).toEqual({ status: 200, body: { ok: true } });
  });

  it('GET /__mock/clock and POST /__mock/clock/advance', async () => {
    const before = await control('GET', 'clock');
    expect(before.body).toMatchObject({ mode: 'virtual', now: expect.any(Number) });
    const after = await control('POST', 'clock/advance', { ms: 1500 });
    expect(after.status).toBe(200);
    expect(after.body.now).toBe((before.body.now as number) + 1500);
    expect((await control('POST', 'clock/advance', { ms: -1 })).status).toBe(400);
    expect((await control('POST', 'clock/advance', { ms: 'soon' })).status).toBe(400);
  });

  it('POST /__mock/clock/advance past the range of Date answers 400 and moves nothing', async () => {
    const before = await control('GET', 'clock');
    const refused = await control('POST', 'clock/advance', { ms: 1e300 });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatch(/range of Date/);
    const after = await control('GET', 'clock');
    expect(after).toEqual({ status: 200, body: before.body });
    expect((await control('POST', 'clock/advance', { ms: 10 })).status).toBe(200);
  });

  it('GET /__mock/jobs and /__mock/jobs/{id} follow the clock', async () => {
    const job = await submit();
    const list = await control('GET', 'jobs');
    expect(list.body.jobs).toEqual([expect.objectContaining({ status: 'QUEUED' })]);
    await control('POST', 'clock/advance', { ms: 60_000 });
    const one = await control('GET', `jobs/${job.request_id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ status: 'COMPLETED' });
    expect((await control('GET', 'jobs/unknown')).status).toBe(404);
  });

  it('GET /__mock/requests is the journal of model calls', async () => {
    await submit();
    const journal = await control('GET', 'requests');
    const entries = journal.body.requests as {
      request: { method: string; path?: string; url?: string };
    }[];
    expect(entries).toHaveLength(1);
    expect(JSON.stringify(entries[0])).toContain('/v2/background-eraser');
  });

  it('POST /__mock/outcomes makes the next job FAIL', async () => {
    const set = await control('POST', 'outcomes', {
      model: 'bria-erase-foreground',
      status: 'FAILED',
      error: 'Moderation block',
      times: 1,
    });
    expect(set.status).toBe(200);
    const job = await submit('bria-erase-foreground');
    await control('POST', 'clock/advance', { ms: 60_000 });
    const res = await fetch(job.status_url, { headers: { 'x-api-key': 'k' } });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ status: 'FAILED', error: 'Moderation block' });
    expect((await control('POST', 'outcomes', { status: 'COMPLETED', error: 'x' })).status).toBe(
      400,
    );
  });

  it('POST /__mock/faults injects a status on a pattern', async () => {
    const set = await control('POST', 'faults', {
      method: 'GET',
      path: '/v2/requests/*',
      status: 504,
      times: 1,
    });
    expect(set.status).toBe(200);
    const res = await fetch(`${server.url}/v2/requests/any/status`, {
      headers: { 'x-api-key': 'k' },
    });
    expect(res.status).toBe(504);
    expect(await res.json()).toEqual({ error: expect.any(String) });
    expect((await control('POST', 'faults', { status: 200 })).status).toBe(400);
  });

  it('POST /__mock/faults sends Retry-After on an injected 429 when asked', async () => {
    const set = await control('POST', 'faults', {
      path: '/v2/requests/*',
      status: 429,
      retryAfter: 7,
      times: 1,
    });
    expect(set.status).toBe(200);
    const res = await fetch(`${server.url}/v2/requests/any/status`, {
      headers: { 'x-api-key': 'k' },
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
  });

  it('POST /__mock/reset forgets jobs', async () => {
    await submit();
    await control('POST', 'reset');
    expect((await control('GET', 'jobs')).body.jobs).toEqual([]);
  });

  it('answers 405 for a wrong method and 404 for an unknown control route', async () => {
    expect((await control('POST', 'health', {})).status).toBe(405);
    expect((await control('GET', 'nope')).status).toBe(404);
  });
});
