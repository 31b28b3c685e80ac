import { describe, expect, it } from 'vitest';
import { JobStore } from '../src/core/store.js';
import { createSegmindMockCore } from '../src/core.js';
import { ERASER_INPUT, get, post } from './support.js';

const TIMINGS = { models: { 'background-eraser': { queueMs: 1000, processingMs: 3000 } } };

async function completedJob(retentionMs?: number) {
  const mock = createSegmindMockCore({ timings: TIMINGS, ...(retentionMs ? { retentionMs } : {}) });
  const submitted = (await (
    await mock.handle(post('/v2/background-eraser', ERASER_INPUT))
  ).json()) as {
    request_id: string;
    status_url: string;
    response_url: string;
  };
  mock.clock.advance(4000); // the job ends now, 4 s after its submit
  return { mock, ...submitted };
}

describe('retention', () => {
  it('keeps a job exactly one hour after its submit: 1 ms before it is served, at and after it is 404', async () => {
    const { mock, status_url, response_url, request_id } = await completedJob();
    const output = `/outputs/${request_id}.png`;
    mock.clock.advance(3_600_000 - 4000 - 1);
    expect((await mock.handle(get(status_url))).status).toBe(200);
    expect((await mock.handle(get(response_url))).status).toBe(200);
    expect((await mock.handle(get(output, null))).status).toBe(200);
    expect(mock.job(request_id)?.status).toBe('COMPLETED');
    mock.clock.advance(1);
    for (const url of [status_url, response_url]) {
      const gone = await mock.handle(get(url));
      expect(gone.status).toBe(404);
      expect(await gone.json()).toEqual({ error: `Request not found: ${request_id}` });
    }
    expect((await mock.handle(get(output, null))).status).toBe(404);
    expect(mock.job(request_id)).toBeUndefined();
    mock.clock.advance(1);
    expect((await mock.handle(get(status_url))).status).toBe(404);
  });

  it('counts retention from the submit, not the end of the job, with a configured period', async () => {
    const { mock, status_url } = await completedJob(10_000);
    expect(mock.job(mock.jobs()[0]?.requestId ?? '')?.expiresAt).toBe(
      (mock.jobs()[0]?.createdAt ?? 0) + 10_000,
    );
    mock.clock.advance(5_999); // 9,999 ms after the submit
    expect((await mock.handle(get(status_url))).status).toBe(200);
    mock.clock.advance(1);
    expect((await mock.handle(get(status_url))).status).toBe(404);
  });

  it('lets a job expire before it ends when the retention is shorter than its run', async () => {
    const { mock, status_url } = await completedJob(3_000);
    expect((await mock.handle(get(status_url))).status).toBe(404);
    const fresh = (await (
      await mock.handle(post('/v2/background-eraser', ERASER_INPUT))
    ).json()) as {
      status_url: string;
    };
    mock.clock.advance(2_999);
    const running = await mock.handle(get(fresh.status_url));
    expect(running.status).toBe(200);
    expect(await running.json()).toMatchObject({ status: 'PROCESSING' });
    mock.clock.advance(1);
    expect((await mock.handle(get(fresh.status_url))).status).toBe(404);
  });

  it('expires a FAILED job the same way', async () => {
    const mock = createSegmindMockCore({ timings: TIMINGS, retentionMs: 5000 });
    mock.failNext({ error: 'boom' });
    const job = (await (await mock.handle(post('/v2/background-eraser', ERASER_INPUT))).json()) as {
      status_url: string;
    };
    mock.clock.advance(4000); // FAILED now
    expect((await mock.handle(get(job.status_url))).status).toBe(422);
    mock.clock.advance(999);
    expect((await mock.handle(get(job.status_url))).status).toBe(422);
    mock.clock.advance(1);
    expect((await mock.handle(get(job.status_url))).status).toBe(404);
  });

  it('answers 404 with an error body for an id it never issued', async () => {
    const mock = createSegmindMockCore();
    const response = await mock.handle(get('/v2/requests/does-not-exist'));
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'Request not found: does-not-exist' });
  });

  it('lists no expired job once the retention has passed', async () => {
    const mock = createSegmindMockCore({ timings: TIMINGS, retentionMs: 1000 });
    for (let i = 0; i < 100; i++) await mock.handle(post('/v2/background-eraser', ERASER_INPUT));
    expect(mock.jobs()).toHaveLength(100);
    mock.clock.advance(5000);
    expect(mock.jobs()).toHaveLength(0);
  });

  it('drops expired jobs as new ones arrive, even if nobody reads them', () => {
    const store = new JobStore();
    const job = (id: string, expiresAt: number) => ({
      id,
      model: 'background-eraser',
      apiKey: 'k',
      createdAt: 0,
      startedAt: 0,
      endedAt: 0,
      expiresAt,
      picture: { kind: 'erased' as const, seed: 0 },
    });
    for (let i = 0; i < 1000; i++) store.add(job(`old-${i}`, 10), 0);
    expect(store.size).toBe(1000);
    for (let i = 0; i < 24; i++) store.add(job(`new-${i}`, 1e9), 20);
    expect(store.size).toBe(24);
  });
});
