// Facts of the service the simulator takes from the spec's registry (`@segmind-ts/spec`,
// generated from the bundle) rather than restating them: each model's typical durations and
// cost, the retention and the production origin (the job states are the spec's `JobState`).
// The registry is inlined at build time: no I/O, no runtime dependency.
import { MODELS, PRODUCTION_ORIGIN, RETENTION_MS } from '@segmind-ts/spec';

const models = Object.values(MODELS);

/** Each model's typical time QUEUED and PROCESSING (`x-typical-queue-ms`, `x-typical-processing-ms`). */
export const SPEC_TIMINGS: Readonly<Record<string, { queueMs: number; processingMs: number }>> =
  Object.fromEntries(
    models.map((model) => [
      model.slug,
      { queueMs: model.typicalQueueMs, processingMs: model.typicalProcessingMs },
    ]),
  );

/** Each model's credits per call (`x-cost`). */
export const SPEC_COSTS: Readonly<Record<string, number>> = Object.fromEntries(
  models.map((model) => [model.slug, model.cost]),
);

/** How long status and result are kept after submission (`x-retention-ms` at the root). */
export const SPEC_RETENTION_MS: number = RETENTION_MS;

/** Segmind's production origin: the spec's first server. */
export const SPEC_ORIGIN: string = PRODUCTION_ORIGIN;
