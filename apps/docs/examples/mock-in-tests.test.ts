// This file is both a guide sample and a test that runs in this package's suite.
// #region sample
import { InferenceFailed, NotFoundError, Segmind } from '@segmind-ts/client';
import { createSegmindMock } from '@segmind-ts/mock';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';

// The mock answers on https://api.segmind.com, the client's default origin, so the code under
// test needs no change; MSW catches every request before it leaves the process.
const mock = createSegmindMock({ clock: 'virtual' });
const server = setupServer(...mock.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => mock.reset());
afterAll(() => server.close());

const segmind = new Segmind({ apiKey: 'test-key' });
const image = 'https://example.com/cat.png';

it('follows a job from QUEUED to COMPLETED on the virtual clock', async () => {
  const job = await segmind.submitAsync('background-eraser', { image, return_mask: false });
  expect((await job.status()).status).toBe('QUEUED');

  mock.clock.advance(60_000); // past the queue and processing time, without waiting
  expect((await job.status()).status).toBe('COMPLETED');
  expect((await job.wait()).output).toMatch(/^https:\/\/api\.segmind\.com\//);
});

it('surfaces a FAILED job as InferenceFailed', async () => {
  mock.failNext({ model: 'bria-erase-foreground', error: 'Input blocked by content moderation' });
  const job = await segmind.submitAsync('bria-erase-foreground', { image });

  mock.clock.advance(60_000);
  await expect(job.wait()).rejects.toBeInstanceOf(InferenceFailed);
});

it('answers 404 once the job is past its retention, 1 hour after its submission', async () => {
  const job = await segmind.submitAsync('background-eraser', { image, return_mask: false });
  mock.clock.advance(60_000 + 60 * 60 * 1000);
  await expect(job.status()).rejects.toBeInstanceOf(NotFoundError);
});
// #endregion
