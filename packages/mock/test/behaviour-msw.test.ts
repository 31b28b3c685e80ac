// The behaviour suite in-process: the MSW handlers, with unhandled requests failing the test.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe } from 'vitest';
import { createSegmindMock } from '../src/index.js';
import { behaviourSuite } from './behaviour/suite.js';

const ORIGIN = 'https://api.segmind.com';
const msw = setupServer();

beforeAll(() => msw.listen({ onUnhandledRequest: 'error' }));
afterAll(() => msw.close());

describe('MSW adapter', () => {
  behaviourSuite(async (options) => {
    const mock = createSegmindMock({ ...options, baseUrl: ORIGIN });
    msw.resetHandlers(...mock.handlers);
    return {
      origin: ORIGIN,
      fetch: (input, init) => fetch(input, init),
      controls: {
        advance: async (ms) => mock.clock.advance(ms),
        failNext: async (options) => mock.failNext(options),
        fault: async (options) => mock.fault(options),
      },
      close: async () => msw.resetHandlers(),
    };
  });
});
