// The set-up every test that runs the docs' samples shares: the mock behind MSW at the
// production origin, the key in SEGMIND_API_KEY as a reader would have it, and what the sample
// prints captured. Call it at the top of a file or a `describe`: it registers its own hooks.
import { createSegmindMock, type SegmindMock } from '@segmind-ts/mock';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';

/** A fresh mock for each test; its real clock runs 100 times faster, so polls end quickly. */
const defaultMock = () => createSegmindMock({ clock: 'real', speed: 100 });

export interface SampleHarness {
  /** The mock the samples of the running test talk to. */
  readonly mock: SegmindMock;
  /** Each `console.log` and `console.error` call of the running test, its arguments. */
  readonly logged: unknown[][];
  /** Puts `next` behind MSW instead, for the rest of the running test. */
  use(next: SegmindMock): void;
}

export function sampleHarness(): SampleHarness {
  const server = setupServer();
  let mock = defaultMock();
  let logged: unknown[][] = [];
  const use = (next: SegmindMock) => {
    mock = next;
    server.resetHandlers(...next.handlers);
  };

  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  beforeEach(() => {
    vi.stubEnv('SEGMIND_API_KEY', 'docs-test-key');
    logged = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logged.push(args));
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args));
    use(defaultMock());
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    server.resetHandlers();
  });
  afterAll(() => server.close());

  return {
    get mock() {
      return mock;
    },
    get logged() {
      return logged;
    },
    use,
  };
}
