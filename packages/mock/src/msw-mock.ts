import type { HttpHandler } from 'msw';
import { createSegmindMockCore, type SegmindMockCore } from './core/mock.js';
import type { SegmindMockOptions } from './core/options.js';
import { createHandlers, DEFAULT_ORIGIN } from './msw.js';

/** The simulator ({@link SegmindMockCore}) with its MSW handlers. */
export interface SegmindMock extends SegmindMockCore {
  /**
   * MSW handlers for `setupServer` / `setupWorker`, listening on `baseUrl`'s origin (default
   * `https://api.segmind.com`), outputs and control API included.
   */
  readonly handlers: HttpHandler[];
}

/**
 * Creates the simulator (`createSegmindMockCore`) with MSW handlers. The simulator is wrapped,
 * never changed: every member but `handlers` is the simulator's own, and `clock` and `requests`
 * are read through on each access, so they stay live.
 *
 * @throws RangeError or TypeError on an invalid option.
 */
export function createSegmindMock(options: SegmindMockOptions = {}): SegmindMock {
  const core = createSegmindMockCore(options);
  const handlers = createHandlers(core, [options.baseUrl ?? DEFAULT_ORIGIN]);
  return {
    handlers,
    handle: (request) => core.handle(request),
    reply: (request) => core.reply(request),
    get clock() {
      return core.clock;
    },
    failNext: (failNextOptions) => core.failNext(failNextOptions),
    fault: (faultOptions) => core.fault(faultOptions),
    jobs: () => core.jobs(),
    job: (id) => core.job(id),
    get requests() {
      return core.requests;
    },
    reset: () => core.reset(),
  };
}
