// The auto clock: a virtual clock that a poll of an unfinished job moves to that job's next
// transition, so a client that polls (the client's run(), Segmind's SDK) finishes without anyone
// advancing the clock, deterministically, and without waiting on wall time.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSegmindMockCore, VIRTUAL_EPOCH } from '../src/core.js';
import { createSegmindMock } from '../src/index.js';
import { BRIA_INPUT, ERASER_INPUT, get, ORIGIN, post } from './support.js';

const TIMINGS = { default: { queueMs: 1_000, processingMs: 3_000 } };

async function submit(
  mock: ReturnType<typeof createSegmindMockCore>,
  model: string,
  input: unknown,
) {
  const response = await mock.handle(post(`/v2/${model}`, input));
  expect(response.status).toBe(200);
  return (await response.json()) as { request_id: string; status_url: string };
}

async function statusOf(mock: ReturnType<typeof createSegmindMockCore>, id: string) {
  const response = await mock.handle(get(`/v2/requests/${id}/status`));
  return { code: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('auto clock', () => {
  it('reports its mode, starts at the virtual epoch, and still moves with advance', () => {
    const mock = createSegmindMockCore({ clock: 'auto' });
    expect(mock.clock.mode).toBe('auto');
    expect(mock.clock.speed).toBe(1);
    expect(mock.clock.now()).toBe(VIRTUAL_EPOCH);
    mock.clock.advance(500);
    expect(mock.clock.now()).toBe(VIRTUAL_EPOCH + 500);
  });

  it('moves to the next transition of the job a status poll finds unfinished, one per poll', async () => {
    const mock = createSegmindMockCore({ clock: 'auto', timings: TIMINGS });
    const job = await submit(mock, 'background-eraser', ERASER_INPUT);
    expect(mock.clock.now()).toBe(VIRTUAL_EPOCH); // a submit moves nothing

    const first = await statusOf(mock, job.request_id);
    expect(first.body.status).toBe('PROCESSING');
    expect(mock.clock.now()).toBe(VIRTUAL_EPOCH + 1_000);

    const second = await statusOf(mock, job.request_id);
    expect(second.body.status).toBe('COMPLETED');
    expect(mock.clock.now()).toBe(VIRTUAL_EPOCH + 4_000);

    // A finished job is not waited for: the clock stays where it is.
    await statusOf(mock, job.request_id);
    expect(mock.clock.now()).toBe(VIRTUAL_EPOCH + 4_000);
    const result = await mock.handle(get(`/v2/requests/${job.request_id}`));
    expect(result.status).toBe(200);
    expect(mock.clock.now()).toBe(VIRTUAL_EPOCH + 4_000);
  });

  it('moves on a result poll too (202 while running, then 200)', async () => {
    const mock = createSegmindMockCore({ clock: 'auto', timings: TIMINGS });
    const job = await submit(mock, 'bria-erase-foreground', BRIA_INPUT);
    const pending = await mock.handle(get(`/v2/requests/${job.request_id}`));
    expect(pending.status).toBe(202);
    expect(await pending.json()).toMatchObject({ status: 'PROCESSING' });
    const done = await mock.handle(get(`/v2/requests/${job.request_id}`));
    expect(done.status).toBe(200);
    expect(mock.clock.now()).toBe(VIRTUAL_EPOCH + 4_000);
  });

  it('leaves the clock alone for polls that never reach the job: unknown id, bad key, faults', async () => {
    const mock = createSegmindMockCore({ clock: 'auto', timings: TIMINGS, apiKeys: ['k'] });
    const response = await mock.handle(post('/v2/background-eraser', ERASER_INPUT, { key: 'k' }));
    const { request_id: id } = (await response.json()) as { request_id: string };
    expect((await mock.handle(get('/v2/requests/nope/status', 'k'))).status).toBe(404);
    expect((await mock.handle(get(`/v2/requests/${id}/status`, 'wrong'))).status).toBe(401);
    mock.fault({ method: 'GET', path: '/v2/requests/*', status: 503, times: 1 });
    expect((await mock.handle(get(`/v2/requests/${id}/status`, 'k'))).status).toBe(503);
    expect(mock.clock.now()).toBe(VIRTUAL_EPOCH);
  });

  it('ends a job scripted to fail as FAILED (422) within two polls', async () => {
    const mock = createSegmindMockCore({ clock: 'auto', timings: TIMINGS });
    mock.failNext({ model: 'bria-erase-foreground', error: 'flagged' });
    const job = await submit(mock, 'bria-erase-foreground', BRIA_INPUT);
    expect((await statusOf(mock, job.request_id)).code).toBe(200);
    const second = await statusOf(mock, job.request_id);
    expect(second.code).toBe(422);
    expect(second.body).toMatchObject({ status: 'FAILED', error: 'flagged' });
  });

  it('is deterministic: the same seed and requests give the same ids, times and outcomes', async () => {
    async function scenario() {
      const mock = createSegmindMockCore({
        clock: 'auto',
        seed: 7,
        failureRate: 0.5,
        timings: { default: { queueMs: 1_000, processingMs: 3_000 }, jitter: 0.4 },
      });
      const seen: unknown[] = [];
      for (let i = 0; i < 6; i++) {
        const model = i % 2 ? 'bria-erase-foreground' : 'background-eraser';
        const job = await submit(mock, model, i % 2 ? BRIA_INPUT : ERASER_INPUT);
        for (let poll = 0; poll < 3; poll++) {
          const { code, body } = await statusOf(mock, job.request_id);
          seen.push([job.request_id, code, body.status, mock.clock.now()]);
        }
      }
      return { seen, jobs: mock.jobs() };
    }
    const first = await scenario();
    expect(await scenario()).toEqual(first);
    // Both outcomes occur, so the comparison covers the failure draws too.
    const statuses = new Set(first.jobs.map((job) => job.status));
    expect(statuses).toEqual(new Set(['COMPLETED', 'FAILED']));
  });
});

describe('auto clock through MSW, polled as a client polls', () => {
  const mock = createSegmindMock({ clock: 'auto' });
  const server = setupServer(...mock.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  const headers = { 'x-api-key': 'any-key', 'content-type': 'application/json' };

  /**
   * The loop of the client's `run()` and of Segmind's SDK: submit, poll the status URL until
   * the job ends, then fetch the result. Nothing advances the clock. The waits are the client's
   * first two (immediately, then 250 ms later); past them the test stops polling, so a mock that
   * needed more would fail here rather than hang.
   */
  async function runLikeAClient(model: string, input: unknown) {
    const submitted = await fetch(`${ORIGIN}/v2/${model}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(input),
    }).then((r) => r.json());
    const statuses: string[] = [submitted.status];
    const waits = [0, 250];
    for (const wait of waits) {
      await new Promise((resolve) => setTimeout(resolve, wait));
      const status = await fetch(submitted.status_url, { headers });
      const body = await status.json();
      statuses.push(body.status);
      if (body.status === 'COMPLETED' || body.status === 'FAILED') {
        const result = await fetch(submitted.response_url, { headers });
        return { statuses, result: { code: result.status, body: await result.json() } };
      }
    }
    throw new Error(`still ${statuses.at(-1)} after ${waits.length} polls`);
  }

  it.each([
    ['background-eraser', ERASER_INPUT],
    ['bria-erase-foreground', BRIA_INPUT],
  ])('runs %s to COMPLETED in two polls with nobody advancing the clock', async (model, input) => {
    const { statuses, result } = await runLikeAClient(model, input);
    expect(statuses).toEqual(['QUEUED', 'PROCESSING', 'COMPLETED']);
    expect(result.code).toBe(200);
    expect(result.body.output).toMatch(/^https:\/\/api\.segmind\.com\/outputs\/.+\.png$/);
  });

  it('runs a job scripted to fail to a 422 FAILED result', async () => {
    mock.failNext({ model: 'bria-erase-foreground', error: 'Input flagged by moderation' });
    const { statuses, result } = await runLikeAClient('bria-erase-foreground', BRIA_INPUT);
    expect(statuses.at(-1)).toBe('FAILED');
    expect(result.code).toBe(422);
    expect(result.body).toMatchObject({ status: 'FAILED', error: 'Input flagged by moderation' });
  });
});
