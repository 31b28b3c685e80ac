// How `run()` times its polls by the model's typical duration (from the spec's
// x-typical-queue-ms and x-typical-processing-ms), on fake timers: each status request is
// counted, and the lag is the time from the job's end to the poll that saw it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Segmind } from '../src/index.js';
import { fakeJobApi } from './support/fake-job-api.js';

const image = 'https://example.test/in.png';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-05-01T10:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

/** Runs one job of `model` that ends `doneAfterMs` after its submission; its polls, in ms. */
async function pollsOf(model: string, doneAfterMs: number, intervalMs?: number) {
  const polledAt: number[] = [];
  let submittedAt = 0;
  const api = fakeJobApi({
    doneAfterMs,
    intercept: (request) => {
      if (request.method === 'POST') submittedAt = Date.now();
      else if (request.url.endsWith('/status')) polledAt.push(Date.now() - submittedAt);
      return undefined;
    },
  });
  const segmind = new Segmind({ apiKey: 'k', fetch: api.fetch });
  const run = segmind.run(model, { image, return_mask: false }, { intervalMs });
  await vi.advanceTimersByTimeAsync(doneAfterMs * 2 + 10_000);
  await expect(run).resolves.toMatchObject({ status: 'COMPLETED' });
  const lastPoll = polledAt.at(-1) ?? Number.NaN;
  return { polledAt, requests: polledAt.length, lagMs: lastPoll - doneAfterMs };
}

describe('polling timed by the spec', () => {
  it('sees a 13 s bria-erase-foreground job (1 s queue + 12 s) end within 500 ms, for at most 6 polls', async () => {
    const { polledAt, requests, lagMs } = await pollsOf('bria-erase-foreground', 13_000);
    expect(requests).toBeLessThanOrEqual(6);
    expect(lagMs).toBeLessThanOrEqual(500);
    // At once, 250 ms later, at half the typical 13 s, and at its end.
    expect(polledAt).toEqual([0, 250, 6500, 13_000]);
  });

  it('sees a 4 s background-eraser job (1 s queue + 3 s) end within 500 ms, for at most 6 polls', async () => {
    const { polledAt, requests, lagMs } = await pollsOf('background-eraser', 4000);
    expect(requests).toBeLessThanOrEqual(6);
    expect(lagMs).toBeLessThanOrEqual(500);
    expect(polledAt).toEqual([0, 250, 2000, 4000]);
  });

  it.each([
    ['bria-erase-foreground', 13_000],
    ['background-eraser', 4000],
  ])(
    'sees a %s job that ends just after its typical time within 500 ms',
    async (model, typicalMs) => {
      const { requests, lagMs } = await pollsOf(model, typicalMs + 1);
      expect(requests).toBe(5);
      expect(lagMs).toBeLessThanOrEqual(500);
    },
  );

  it.each([
    // 39 s: polls at 0, 0.25, 6.5 and 13 s, then 500 ms apart, then half the overrun apart
    // (up to 2 s): 21 polls, the last at 40.063 s (the old schedule: 23, lag 0.75 s).
    ['bria-erase-foreground', 13_000, 21, 1063],
    // 12 s: polls at 0, 0.25, 2, 4, 4.5, 5, 5.5, 6.25, 7.375, 9.063, 11.063, 13.063 s (the old
    // schedule: 10, lag 1.75 s).
    ['background-eraser', 4000, 12, 1063],
  ])(
    'bounds the polls and the lag of a %s job 3× slower than typical',
    async (model, typicalMs, requestCount, lag) => {
      const { requests, lagMs, polledAt } = await pollsOf(model, typicalMs * 3);
      expect(requests).toBe(requestCount);
      expect(lagMs).toBe(lag);
      // Past the typical end, polls are never closer than 500 ms apart, nor further than 2 s.
      const late = polledAt.filter((at) => at >= typicalMs);
      const gaps = late.slice(1).map((at, i) => at - (late[i] ?? 0));
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(500);
      expect(Math.max(...gaps)).toBeLessThanOrEqual(2000);
    },
  );

  it('keeps 250 ms doubling to 2 s for a model the spec does not list', async () => {
    const { polledAt } = await pollsOf('some-other-model', 5500);
    expect(polledAt).toEqual([0, 250, 750, 1750, 3750, 5750]);
  });

  it('keeps a fixed intervalMs for a model the spec lists', async () => {
    const { polledAt } = await pollsOf('bria-erase-foreground', 3500, 1000);
    expect(polledAt).toEqual([0, 1000, 2000, 3000, 4000]);
  });
});
