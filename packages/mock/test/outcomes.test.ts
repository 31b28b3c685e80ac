import { describe, expect, it } from 'vitest';
import { createSegmindMockCore } from '../src/core.js';
import { BRIA_INPUT, ERASER_INPUT, get, post } from './support.js';

const INSTANT = { default: { queueMs: 0, processingMs: 0 } };

async function endedStatus(
  mock: ReturnType<typeof createSegmindMockCore>,
  model: string,
  body: unknown,
) {
  const submitted = (await (await mock.handle(post(`/v2/${model}`, body))).json()) as {
    status_url: string;
  };
  const response = await mock.handle(get(submitted.status_url));
  return {
    code: response.status,
    body: (await response.json()) as { status: string; error?: string },
  };
}

describe('scripted outcomes', () => {
  it('fails the next job with the given error, then completes the following ones', async () => {
    const mock = createSegmindMockCore({ timings: INSTANT });
    mock.failNext({ error: 'GPU on fire' });
    expect(await endedStatus(mock, 'background-eraser', ERASER_INPUT)).toMatchObject({
      code: 422,
      body: { status: 'FAILED', error: 'GPU on fire' },
    });
    expect((await endedStatus(mock, 'background-eraser', ERASER_INPUT)).code).toBe(200);
  });

  it('fails `times` jobs of one model only, leaving the other model alone', async () => {
    const mock = createSegmindMockCore({ timings: INSTANT });
    mock.failNext({ model: 'bria-erase-foreground', times: 2 });
    expect((await endedStatus(mock, 'background-eraser', ERASER_INPUT)).code).toBe(200);
    const first = await endedStatus(mock, 'bria-erase-foreground', BRIA_INPUT);
    expect(first).toEqual({
      code: 422,
      body: expect.objectContaining({
        status: 'FAILED',
        error: 'Output image flagged by visual content moderation',
      }),
    });
    expect((await endedStatus(mock, 'bria-erase-foreground', BRIA_INPUT)).code).toBe(422);
    expect((await endedStatus(mock, 'bria-erase-foreground', BRIA_INPUT)).code).toBe(200);
  });

  it('answers a scripted failure on v1 with 400 and the reason (v1 documents no 422)', async () => {
    const mock = createSegmindMockCore({ credits: 10 });
    mock.failNext({ error: 'Input image flagged by visual content moderation' });
    const response = await mock.handle(post('/v1/bria-erase-foreground', BRIA_INPUT));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'Input image flagged by visual content moderation',
    });
    expect((await mock.handle(post('/v1/bria-erase-foreground', BRIA_INPUT))).status).toBe(200);
  });

  it('fails jobs at random with failureRate, reproducibly for a seed', async () => {
    const run = async (seed: number) => {
      const mock = createSegmindMockCore({ timings: INSTANT, failureRate: 0.5, seed });
      const codes: number[] = [];
      for (let i = 0; i < 40; i++)
        codes.push((await endedStatus(mock, 'background-eraser', ERASER_INPUT)).code);
      return codes;
    };
    const codes = await run(11);
    expect(await run(11)).toEqual(codes);
    const failed = codes.filter((c) => c === 422).length;
    expect(failed).toBeGreaterThan(8);
    expect(failed).toBeLessThan(32);
    expect(await run(12)).not.toEqual(codes);
  });

  it('rejects a bad failNext or failureRate', () => {
    const mock = createSegmindMockCore();
    expect(() => mock.failNext({ times: 0 })).toThrow(/times/);
    expect(() => createSegmindMockCore({ failureRate: 1.5 })).toThrow(/failureRate/);
  });
});
