import { readFile } from 'node:fs/promises';
import { createSegmindMock } from '@segmind-ts/mock';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// The README's example is examples/quickstart.ts verbatim; here it runs, as a user would run it,
// against @segmind-ts/mock through MSW (the built package, resolved by its name).
const example = new URL('../examples/quickstart.ts', import.meta.url);
const readmes = [
  new URL('../../../README.md', import.meta.url),
  new URL('../README.md', import.meta.url),
];
const mock = createSegmindMock({ clock: 'virtual' });
const server = setupServer(...mock.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  mock.reset();
  vi.useFakeTimers();
  vi.stubEnv('SEGMIND_API_KEY', 'sk-example');
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

// Captured before the fake timers replace it: loading a module takes real time.
const realSetTimeout = globalThis.setTimeout;

// Loading and transforming the example takes real time, which CI's two loaded cores can stretch
// to seconds: the clocks only start counting the example's budget once its first request has
// reached the mock, and the load itself gets a generous real-time bound.
const LOAD_BOUND_MS = 60_000;
const TEST_TIMEOUT_MS = 2 * LOAD_BOUND_MS;

/** Runs the example under both clocks, letting real time pass between steps for module loading. */
async function drive(specifier: string, maxMs = 60_000, stepMs = 50) {
  let settled = false;
  const tracked = import(specifier).finally(() => {
    settled = true;
  });
  tracked.catch(() => {});
  const loadStarted = performance.now();
  for (let elapsed = 0; elapsed < maxMs && !settled; ) {
    await new Promise((resolve) => realSetTimeout(resolve, 1));
    if (mock.requests.length === 0) {
      if (performance.now() - loadStarted > LOAD_BOUND_MS) break;
      continue;
    }
    mock.clock.advance(stepMs);
    await vi.advanceTimersByTimeAsync(stepMs);
    elapsed += stepMs;
  }
  if (!settled) throw new Error(`${specifier} did not finish within ${maxMs} ms of virtual time`);
  return tracked;
}

describe('README example', () => {
  it.each(readmes.map((url) => [url.pathname.split('/').slice(-3).join('/'), url]))(
    'is in %s verbatim',
    async (_name, url) => {
      const [code, text] = await Promise.all([readFile(example, 'utf8'), readFile(url, 'utf8')]);
      expect(text).toContain(`\`\`\`ts\n${code}\`\`\``);
    },
  );

  it('runs a job and downloads its output', { timeout: TEST_TIMEOUT_MS }, async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await drive('../examples/quickstart.ts?run=completed');
    const lines = log.mock.calls.map((args) => args.join(' '));
    expect(lines.slice(0, 3)).toEqual(['QUEUED', 'PROCESSING', 'COMPLETED']);
    expect(lines[3]).toMatch(/^https:\/\/api\.segmind\.com\/outputs\/\S+\.png \d+$/);
  });

  it('reports a failed job', { timeout: TEST_TIMEOUT_MS }, async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    mock.failNext({ error: 'Input image flagged by moderation' });
    await drive('../examples/quickstart.ts?run=failed');
    expect(error).toHaveBeenCalledWith(
      'Segmind refused the job: Input image flagged by moderation',
    );
  });
});
