/**
 * `@segmind-ts/spec`: the spec of Segmind's image-editing API as code. The bundle is
 * `@segmind-ts/spec/openapi.json`; this entry has what is generated from it (the TypeScript
 * types, the model registry, the service facts) and the JSON-pointer helpers that read it.
 * No dependency and no Node built-in: it runs wherever the client runs.
 */
export type { components, operations, paths } from './generated/openapi.gen.js';
export {
  JOB_STATES,
  MODEL_EXAMPLES,
  MODELS,
  type ModelTypes,
  PRODUCTION_ORIGIN,
  RETENTION_MS,
  TYPICAL_DURATIONS,
} from './generated/registry.gen.js';
export type { ImageForm, ModelFacts, ModelOutput, OutputEffect } from './model-facts.js';
export type { InputOf, SyncJsonOf } from './model-types.js';
export {
  deref,
  escapePointerSegment,
  pointerSegments,
  resolvePointer,
  unescapePointerSegment,
} from './pointer.js';
export { isJobState, isModelSlug, type JobState, type ModelSlug } from './registry.js';
