// A model the spec gains is polled by its typical duration with no change to the client: the
// registry (`MODELS`) is read from `@segmind-ts/spec` at run time. Here the spec package is
// given a third model, and a job of it is run on fake timers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Segmind } from '../src/index.js';
import { typicalDurationOf } from '../src/internal/poll-schedule.js';
import { fakeJobApi } from './support/fake-job-api.js';

const THIRD = vi.hoisted(() => ({
  slug: 'third-model',
  typicalQueueMs: 2000,
  typicalProcessingMs: 6000,
}));

vi.mock('@segmind-ts/spec', async (importOriginal) => {
  const spec = await importOriginal<typeof import('@segmind-ts/spec')>();
  const { slug, ...typical } = THIRD;
  return {
    ...spec,
    MODELS: { ...spec.MODELS, [slug]: { ...Object.values(spec.MODELS)[0], ...THIRD } },
    TYPICAL_DURATIONS: { ...spec.TYPICAL_DURATIONS, [slug]: typical },
  };
});

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-05-01T10:00:00Z'));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('a model added to the spec', () => {
  it('has its typical duration', () => {
    const { slug, ...typical } = THIRD;
    expect(typicalDurationOf(slug)).toEqual(typical);
  });

  it('is polled at once, 250 ms later, at half and at the end of its typical 8 s', async () => {
    const polledAt: number[] = [];
    let submittedAt = 0;
    const api = fakeJobApi({
      doneAfterMs: 8000,
      intercept: (request) => {
        if (request.method === 'POST') submittedAt = Date.now();
        else if (request.url.endsWith('/status')) polledAt.push(Date.now() - submittedAt);
        return undefined;
      },
    });
    const segmind = new Segmind({ apiKey: 'k', fetch: api.fetch });
    const run = segmind.run(THIRD.slug, { image: 'https://example.test/in.png' });
    await vi.advanceTimersByTimeAsync(30_000);
    await expect(run).resolves.toMatchObject({ status: 'COMPLETED' });
    expect(polledAt).toEqual([0, 250, 4000, 8000]);
  });
});
