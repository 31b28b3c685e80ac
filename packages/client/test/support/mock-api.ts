import { createSegmindMock, type SegmindMockOptions } from '@segmind-ts/mock';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';

/**
 * @segmind-ts/mock on its virtual clock behind MSW for the test file that calls it, with vitest's
 * fake timers driving the client's waits. Nothing depends on the wall clock: `drive` settles a
 * call by moving both clocks forward together in small steps, `advance` moves both at once, and
 * `mock.clock.advance` alone moves only the server's time (the client's `Date.now()` stays put).
 */
export function useMockApi(options: SegmindMockOptions = {}) {
  const mock = createSegmindMock({ clock: 'virtual', ...options });
  const server = setupServer(...mock.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
  beforeEach(() => {
    mock.reset();
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  /** Settles `promise` while both clocks move forward in `stepMs` steps, up to `maxMs`. */
  async function drive<T>(promise: Promise<T>, maxMs = 120_000, stepMs = 50): Promise<T> {
    let settled = false;
    const tracked = promise.finally(() => {
      settled = true;
    });
    tracked.catch(() => {});
    for (let elapsed = 0; elapsed < maxMs && !settled; elapsed += stepMs) {
      mock.clock.advance(stepMs);
      await vi.advanceTimersByTimeAsync(stepMs);
    }
    return tracked;
  }

  /** Advances both clocks by `ms`. */
  async function advance(ms: number): Promise<void> {
    mock.clock.advance(ms);
    await vi.advanceTimersByTimeAsync(ms);
  }

  return { mock, drive, advance };
}
