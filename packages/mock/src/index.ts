/**
 * `@segmind-ts/mock`: the stateful Segmind simulator and its MSW handlers.
 *
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { createSegmindMock } from '@segmind-ts/mock';
 *
 * const mock = createSegmindMock();
 * const server = setupServer(...mock.handlers);
 * server.listen({ onUnhandledRequest: 'error' });
 * ```
 */
import type { HttpHandler } from 'msw';
import {
  createSegmindMock as createCore,
  type SegmindMockCore,
  type SegmindMockOptions,
} from './core/index.js';
import { createHandlers, DEFAULT_ORIGIN } from './msw.js';

// `SegmindMock` is redefined below with the MSW handlers; the rest is the core as is.
export * from './core/index.js';
export { createHandlers, DEFAULT_ORIGIN } from './msw.js';

/** The simulator with its MSW handlers. */
export interface SegmindMock extends SegmindMockCore {
  /**
   * MSW handlers for `setupServer` / `setupWorker`, listening on `baseUrl`'s origin (default
   * `https://api.segmind.com`), outputs and control API included.
   */
  readonly handlers: HttpHandler[];
}

/**
 * Creates the simulator (see `@segmind-ts/mock/core`) with MSW handlers.
 *
 * @throws RangeError or TypeError on an invalid option.
 */
export function createSegmindMock(options: SegmindMockOptions = {}): SegmindMock {
  const core = createCore(options);
  const handlers = createHandlers(core, [options.baseUrl ?? DEFAULT_ORIGIN]);
  // Keep the core's getters (clock, requests) live rather than copying their values.
  return Object.defineProperty(core, 'handlers', {
    value: handlers,
    enumerable: true,
  }) as SegmindMock;
}
