/**
 * `@segmind-ts/mock`: the stateful Segmind simulator and its MSW handlers. Every name of
 * `@segmind-ts/mock/core` is here too, and means the same; `createSegmindMock` and
 * `SegmindMock` (the simulator with `handlers`) are this entry's own.
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
export {
  type ActiveFault,
  type ApiKeySettings,
  type ApiKeysOption,
  CLOCK_MODES,
  type ClockMode,
  CONTROL_PREFIX,
  createSegmindMockCore,
  DEFAULT_COSTS,
  DEFAULT_JOURNAL_BYTES,
  DEFAULT_JOURNAL_SIZE,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_RETENTION_MS,
  DEFAULT_SEED,
  DEFAULT_TIMINGS,
  defaultFailure,
  FALLBACK_TIMING,
  type FailNextOptions,
  type FaultOptions,
  type JobStatus,
  type JobView,
  type JournalEntry,
  MAX_CLOCK_MS,
  type MockClock,
  type MockLogger,
  type ModelTiming,
  PICTURE_SIZE,
  RATE_LIMIT_PRESETS,
  type RateLimitOption,
  type Reply,
  type RequestKind,
  type RequestLike,
  type RequestStep,
  type SegmindMockCore,
  type SegmindMockOptions,
  type SharedState,
  type SharedStateStore,
  type SimulatorBinding,
  type SimulatorState,
  type TimingsOptions,
  UNLIMITED_CREDITS,
  VIRTUAL_EPOCH,
} from './core/index.js';
export { createHandlers, DEFAULT_ORIGIN } from './msw.js';
export { createSegmindMock, type SegmindMock } from './msw-mock.js';
