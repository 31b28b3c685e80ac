export type { ApiKeySettings, ApiKeysOption } from './auth.js';
export { DEFAULT_MAX_BODY_BYTES } from './body.js';
export {
  CLOCK_MODES,
  type ClockMode,
  MAX_CLOCK_MS,
  type MockClock,
  VIRTUAL_EPOCH,
} from './clock.js';
export { CONTROL_PREFIX } from './control.js';
export { DEFAULT_COSTS, UNLIMITED_CREDITS } from './credits.js';
export type { ActiveFault, FaultOptions } from './faults.js';
export type { JobView } from './job-view.js';
export { DEFAULT_JOURNAL_BYTES, DEFAULT_JOURNAL_SIZE, type JournalEntry } from './journal.js';
export type { JobStatus } from './lifecycle.js';
export { createSegmindMockCore, type SegmindMockCore } from './mock.js';
export { DEFAULT_RETENTION_MS, DEFAULT_SEED, type SegmindMockOptions } from './options.js';
export { defaultFailure, type FailNextOptions } from './outcomes.js';
export { PICTURE_SIZE } from './picture.js';
export { RATE_LIMIT_PRESETS, type RateLimitOption } from './rate-limit.js';
export type { Reply } from './reply.js';
export type { RequestLike } from './request-like.js';
export type { MockLogger } from './stall-hint.js';
export type {
  RequestKind,
  RequestStep,
  SharedState,
  SharedStateStore,
  SimulatorBinding,
  SimulatorState,
} from './state.js';
export {
  DEFAULT_TIMINGS,
  FALLBACK_TIMING,
  type ModelTiming,
  type TimingsOptions,
} from './timings.js';
