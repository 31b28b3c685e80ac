// This file is both a guide sample and a test that runs in this package's suite.
// #region sample
import { InferenceFailed, Segmind } from '@segmind-ts/client';
import { createSegmindMock } from '@segmind-ts/mock';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';

// On the auto clock a poll of an unfinished job moves time to its next state: `run()` completes
// at once, the same way every time, with no timer to fake and no clock to move by hand.
const mock = createSegmindMock({ clock: 'auto' });
const server = setupServer(...mock.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => mock.reset());
afterAll(() => server.close());

const segmind = new Segmind({ apiKey: 'test-key' });

it('runs a bria-erase-foreground job to its output', async () => {
  const result = await segmind.run('bria-erase-foreground', {
    image: 'https://example.com/cat.png',
  });
  expect(result.status).toBe('COMPLETED');
  expect(result.output).toMatch(/^https:\/\/api\.segmind\.com\/outputs\//);
});

it('surfaces a moderation block as InferenceFailed', async () => {
  mock.failNext({ model: 'bria-erase-foreground', error: 'Input blocked by content moderation' });
  const run = segmind.run('bria-erase-foreground', { image: 'https://example.com/cat.png' });
  await expect(run).rejects.toBeInstanceOf(InferenceFailed);
});
// #endregion
