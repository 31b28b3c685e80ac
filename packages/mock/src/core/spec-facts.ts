// Facts of the service the simulator takes from the bundled spec rather than restating them:
// each model's typical durations and cost, the job states, the retention and the production
// origin. Read once, when this module loads (the bundle is inlined at build time: no I/O).
import { spec } from './spec.js';

/** A `{ value, x-source }` fact as the spec's extensions state it. */
interface SourcedValue {
  value?: unknown;
}

/** The parts of the bundle this module reads, beyond what `SpecDocument` types. */
interface FactsDocument {
  servers?: { url?: string }[];
  'x-retention-ms'?: SourcedValue;
  paths: Record<string, { post?: Record<string, unknown> } | undefined>;
  components: { schemas: Record<string, { properties?: Record<string, Record<string, unknown>> }> };
}

const document = spec as unknown as FactsDocument;

/** A whole number of ms or credits read from a fact; the spec's own tests keep these valid. */
function numberOf(fact: unknown, where: string): number {
  const value = (fact as SourcedValue | undefined)?.value;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Error(`the bundled spec has no valid ${where}`);
  }
  return value;
}

/** Each model's v2 submit operation (`POST /v2/{model}`), by slug. */
function submitOperations(): [string, Record<string, unknown>][] {
  const found: [string, Record<string, unknown>][] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    const match = /^\/v2\/([^/{}]+)$/.exec(path);
    if (match?.[1] && match[1] !== 'requests' && item?.post) found.push([match[1], item.post]);
  }
  return found;
}

/** Each model's typical time QUEUED and PROCESSING (`x-typical-queue-ms`, `x-typical-processing-ms`). */
export const SPEC_TIMINGS: Readonly<Record<string, { queueMs: number; processingMs: number }>> =
  Object.fromEntries(
    submitOperations().map(([model, operation]) => [
      model,
      {
        queueMs: numberOf(operation['x-typical-queue-ms'], `x-typical-queue-ms of ${model}`),
        processingMs: numberOf(
          operation['x-typical-processing-ms'],
          `x-typical-processing-ms of ${model}`,
        ),
      },
    ]),
  );

/** Each model's credits per call (`x-cost`). */
export const SPEC_COSTS: Readonly<Record<string, number>> = Object.fromEntries(
  submitOperations().map(([model, operation]) => [
    model,
    numberOf(operation['x-cost'], `x-cost of ${model}`),
  ]),
);

/** How long status and result are kept after submission (`x-retention-ms` at the root). */
export const SPEC_RETENTION_MS = numberOf(document['x-retention-ms'], 'x-retention-ms');

/** Segmind's production origin: the spec's first server. */
export const SPEC_ORIGIN = new URL(document.servers?.[0]?.url ?? '').origin;

/**
 * The states of a job, in the only order they can move: the status body's enum (QUEUED,
 * PROCESSING, COMPLETED), then the failed body's constant (FAILED), final like COMPLETED.
 */
export const SPEC_JOB_STATES: readonly string[] = (() => {
  const schemas = document.components.schemas;
  const waiting = schemas.StatusResponse?.properties?.status?.enum;
  const failed = schemas.FailedResponse?.properties?.status?.const;
  if (!Array.isArray(waiting) || typeof failed !== 'string') {
    throw new Error('the bundled spec has no job states (StatusResponse, FailedResponse)');
  }
  return [...(waiting as string[]), failed];
})();
