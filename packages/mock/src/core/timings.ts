import type { Rng } from './rng.js';
import { SPEC_TIMINGS } from './spec-facts.js';

/** How long a job of one model waits and runs, in milliseconds of the mock's clock. */
export interface ModelTiming {
  /** Time spent QUEUED before a worker picks the job up. */
  queueMs: number;
  /** Time spent PROCESSING; also reported as `metrics.inference_time`. */
  processingMs: number;
}

/**
 * The `timings` option: per-model overrides, a fallback for every model, and an optional
 * jitter (a fraction: 0.1 draws each duration within ±10 %, from the mock's seed).
 */
export interface TimingsOptions {
  /** Overrides for one model, keyed by its slug (`background-eraser`, ...). */
  models?: Record<string, Partial<ModelTiming>>;
  /** Overrides for every model without its own entry. */
  default?: Partial<ModelTiming>;
  /** Fraction of random spread around each duration, 0 (default) to 1. */
  jitter?: number;
}

/**
 * Realistic defaults: every model of the spec's registry with its typical durations, as the spec
 * states them on its v2 submit (`x-typical-queue-ms`, `x-typical-processing-ms`). A model added
 * to the spec has its own entry here after `pnpm gen`.
 */
export const DEFAULT_TIMINGS: Readonly<Record<string, ModelTiming>> = SPEC_TIMINGS;

/** Timings of a name the spec does not know (say an override for a model it does not have yet). */
export const FALLBACK_TIMING: Readonly<ModelTiming> = { queueMs: 1000, processingMs: 5000 };

function checkDuration(name: string, value: unknown): number {
  if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`timings: ${name} must be a finite number >= 0, got ${String(value)}`);
  }
  return value;
}

/** Draws the timing of one job of `model`. */
export type TimingPicker = (model: string) => ModelTiming;

/** Resolves the `timings` option into a function that draws each new job's durations. */
export function createTimings(options: TimingsOptions | undefined, rng: Rng): TimingPicker {
  const jitter = options?.jitter ?? 0;
  if (!(typeof jitter === 'number' && jitter >= 0 && jitter <= 1)) {
    throw new RangeError(`timings.jitter must be a number from 0 to 1, got ${String(jitter)}`);
  }
  const resolved = new Map<string, ModelTiming>();
  const base = (model: string): ModelTiming => {
    let timing = resolved.get(model);
    if (!timing) {
      const merged = {
        ...(DEFAULT_TIMINGS[model] ?? FALLBACK_TIMING),
        ...options?.default,
        ...options?.models?.[model],
      };
      timing = {
        queueMs: checkDuration(`${model}.queueMs`, merged.queueMs),
        processingMs: checkDuration(`${model}.processingMs`, merged.processingMs),
      };
      resolved.set(model, timing);
    }
    return timing;
  };
  // Fail at creation, not on the first request, when an override is out of range.
  for (const model of Object.keys(options?.models ?? {})) base(model);
  if (options?.default) base('\u0000default-check');
  const spread = (ms: number) => Math.round(ms * (1 + jitter * (rng.next() * 2 - 1)));
  return (model) => {
    const timing = base(model);
    if (jitter === 0) return timing;
    return { queueMs: spread(timing.queueMs), processingMs: spread(timing.processingMs) };
  };
}
