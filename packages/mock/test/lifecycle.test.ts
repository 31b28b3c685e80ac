import { describe, expect, it } from 'vitest';
import { statusAt } from '../src/core/lifecycle.js';
import { createSegmindMockCore } from '../src/core.js';
import { BRIA_INPUT, ERASER_INPUT, get, post } from './support.js';

async function submit(
  mock: ReturnType<typeof createSegmindMockCore>,
  model: string,
  body: unknown,
) {
  const response = await mock.handle(post(`/v2/${model}`, body));
  expect(response.status).toBe(200);
  return (await response.json()) as {
    request_id: string;
    status_url: string;
    response_url: string;
  };
}

async function poll(mock: ReturnType<typeof createSegmindMockCore>, url: string) {
  const response = await mock.handle(get(url));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('job lifecycle on the virtual clock', () => {
  it('walks background-eraser QUEUED → PROCESSING → COMPLETED at its default timings', async () => {
    const mock = createSegmindMockCore();
    const job = await submit(mock, 'background-eraser', ERASER_INPUT);
    expect((await poll(mock, job.status_url)).body.status).toBe('QUEUED');
    mock.clock.advance(999);
    expect((await poll(mock, job.status_url)).body.status).toBe('QUEUED');
    mock.clock.advance(1);
    expect((await poll(mock, job.status_url)).body).toEqual({
      request_id: job.request_id,
      status: 'PROCESSING',
      status_url: job.status_url,
      response_url: job.response_url,
      metrics: {},
    });
    mock.clock.advance(2999);
    expect((await poll(mock, job.status_url)).body.status).toBe('PROCESSING');
    mock.clock.advance(1);
    expect(await poll(mock, job.status_url)).toEqual({
      status: 200,
      body: { request_id: job.request_id, status: 'COMPLETED', metrics: { inference_time: 3 } },
    });
  });

  it('runs bria-erase-foreground for about 12 s after a second in the queue', async () => {
    const mock = createSegmindMockCore();
    const job = await submit(mock, 'bria-erase-foreground', BRIA_INPUT);
    mock.clock.advance(1000 + 11_999);
    expect((await poll(mock, job.status_url)).body.status).toBe('PROCESSING');
    mock.clock.advance(1);
    const done = await poll(mock, job.status_url);
    expect(done.body).toMatchObject({ status: 'COMPLETED', metrics: { inference_time: 12 } });
  });

  it('serves the result: 202 while QUEUED and PROCESSING, then 200 COMPLETED with an absolute output', async () => {
    const mock = createSegmindMockCore();
    const job = await submit(mock, 'background-eraser', ERASER_INPUT);
    const waiting = (status: string) => ({
      request_id: job.request_id,
      status,
      status_url: job.status_url,
      response_url: job.response_url,
      metrics: {},
    });
    expect(await poll(mock, job.response_url)).toEqual({ status: 202, body: waiting('QUEUED') });
    mock.clock.advance(1500);
    expect(await poll(mock, job.response_url)).toEqual({
      status: 202,
      body: waiting('PROCESSING'),
    });
    mock.clock.advance(2500);
    expect(await poll(mock, job.response_url)).toEqual({
      status: 200,
      body: {
        request_id: job.request_id,
        status: 'COMPLETED',
        output: `https://api.segmind.com/outputs/${job.request_id}.png`,
        metrics: { inference_time: 3 },
        error: null,
      },
    });
  });

  it('serves FAILED as 422 with its body on both status and result, and only once ended', async () => {
    const mock = createSegmindMockCore();
    mock.failNext({ error: 'Input image flagged by visual content moderation' });
    const job = await submit(mock, 'bria-erase-foreground', BRIA_INPUT);
    mock.clock.advance(1000);
    expect((await poll(mock, job.status_url)).body.status).toBe('PROCESSING');
    mock.clock.advance(12_000);
    const failed = {
      request_id: job.request_id,
      status: 'FAILED',
      error: 'Input image flagged by visual content moderation',
      metrics: { inference_time: 12 },
    };
    expect(await poll(mock, job.status_url)).toEqual({ status: 422, body: failed });
    expect(await poll(mock, job.response_url)).toEqual({ status: 422, body: failed });
  });

  it('uses configured timings, per model and as a default', async () => {
    const mock = createSegmindMockCore({
      timings: {
        models: { 'background-eraser': { queueMs: 0, processingMs: 500 } },
        default: { processingMs: 2000 },
      },
    });
    const eraser = await submit(mock, 'background-eraser', ERASER_INPUT);
    const bria = await submit(mock, 'bria-erase-foreground', BRIA_INPUT);
    expect((await poll(mock, eraser.status_url)).body.status).toBe('PROCESSING');
    mock.clock.advance(500);
    expect((await poll(mock, eraser.status_url)).body.status).toBe('COMPLETED');
    mock.clock.advance(2499);
    expect((await poll(mock, bria.status_url)).body.status).toBe('PROCESSING');
    mock.clock.advance(1);
    expect((await poll(mock, bria.status_url)).body.status).toBe('COMPLETED');
  });

  it('draws jitter from the seed: the same seed gives the same durations, another seed others', async () => {
    const durations = async (seed: number) => {
      const mock = createSegmindMockCore({ seed, timings: { jitter: 0.2 } });
      for (let i = 0; i < 5; i++) await submit(mock, 'bria-erase-foreground', BRIA_INPUT);
      return mock.jobs().map((job) => [job.startedAt - job.createdAt, job.endedAt - job.startedAt]);
    };
    const first = await durations(7);
    expect(await durations(7)).toEqual(first);
    expect(await durations(8)).not.toEqual(first);
    for (const [queue, processing] of first) {
      expect(queue).toBeGreaterThanOrEqual(800);
      expect(queue).toBeLessThanOrEqual(1200);
      expect(processing).toBeGreaterThanOrEqual(9600);
      expect(processing).toBeLessThanOrEqual(14_400);
    }
    expect(new Set(first.map(([, processing]) => processing)).size).toBeGreaterThan(1);
  });

  it('derives states that only move forward as the clock advances', () => {
    const job = { createdAt: 0, startedAt: 10, endedAt: 20, failure: undefined };
    const order = ['QUEUED', 'PROCESSING', 'COMPLETED'];
    let last = 0;
    for (let t = 0; t <= 30; t++) {
      const rank = order.indexOf(statusAt(job, t));
      expect(rank).toBeGreaterThanOrEqual(last);
      last = rank;
    }
    expect(statusAt({ ...job, failure: 'x' }, 20)).toBe('FAILED');
  });

  it('rejects invalid timings at creation', () => {
    expect(() =>
      createSegmindMockCore({ timings: { models: { 'background-eraser': { queueMs: -1 } } } }),
    ).toThrow(/queueMs must be a finite number >= 0/);
    expect(() => createSegmindMockCore({ timings: { jitter: 2 } })).toThrow(/jitter/);
  });

  it('hands out the same request ids for the same seed', async () => {
    const ids = async (seed: number) => {
      const mock = createSegmindMockCore({ seed });
      return [(await submit(mock, 'background-eraser', ERASER_INPUT)).request_id];
    };
    expect(await ids(3)).toEqual(await ids(3));
    expect(await ids(3)).not.toEqual(await ids(4));
    expect((await ids(3))[0]).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
