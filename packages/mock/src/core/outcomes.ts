import { isModelSlug, MODELS } from '@segmind-ts/spec';
import { idCounter } from './armed-ids.js';
import type { Rng } from './rng.js';

/** A scripted failure: the next `times` jobs (of `model`, or of any model) end FAILED. */
export interface FailNextOptions {
  /** Only jobs of this model; any model when absent. */
  model?: string;
  /** The reason served in the FAILED body's `error`. Defaults to a model-specific reason. */
  error?: string;
  /** How many jobs fail (default 1). */
  times?: number;
}

/** The reason a job of a model outside the spec fails for when none is given. */
export const GENERIC_FAILURE = 'Inference failed';

/**
 * The reason a failure of `model` carries when none is given: the model's `x-typical-failure`
 * in the spec (the error its FAILED jobs most often carry), or a generic inference failure.
 */
export function defaultFailure(model: string): string {
  return isModelSlug(model) ? MODELS[model].typicalFailure : GENERIC_FAILURE;
}

interface Rule {
  id: number;
  model: string | undefined;
  error: string | undefined;
  left: number;
}

/** A scripted failure not yet used up, as the control API lists it. */
export interface PendingFailure {
  /** Names it for `DELETE /__mock/outcomes/{id}`. */
  id: number;
  model?: string;
  error: string | undefined;
  times: number;
}

/**
 * Decides how each new job ends: the first matching `failNext` rule wins, then the random
 * `failureRate` (drawn from the mock's seed), else COMPLETED. `nextId` names each rule.
 */
export function createOutcomes(failureRate: number, rng: Rng, nextId: () => number = idCounter()) {
  if (!(typeof failureRate === 'number' && failureRate >= 0 && failureRate <= 1)) {
    throw new RangeError(`failureRate must be a number from 0 to 1, got ${String(failureRate)}`);
  }
  let rules: Rule[] = [];
  return {
    /** Queues a scripted failure. @throws RangeError on a bad `times` or `error`. */
    failNext(options: FailNextOptions = {}) {
      const times = options.times ?? 1;
      if (!(Number.isInteger(times) && times > 0)) {
        throw new RangeError(`failNext: times must be an integer > 0, got ${String(times)}`);
      }
      if (options.error !== undefined && typeof options.error !== 'string') {
        throw new TypeError('failNext: error must be a string');
      }
      if (options.model !== undefined && typeof options.model !== 'string') {
        throw new TypeError('failNext: model must be a string');
      }
      rules.push({ id: nextId(), model: options.model, error: options.error, left: times });
    },
    /** The failure reason for a new job of `model`, or `undefined` when it will complete. */
    decide(model: string): string | undefined {
      const rule = rules.find((r) => r.model === undefined || r.model === model);
      if (rule) {
        if (--rule.left <= 0) rules = rules.filter((r) => r !== rule);
        return rule.error ?? defaultFailure(model);
      }
      if (failureRate > 0 && rng.next() < failureRate) {
        return `${defaultFailure(model)} (simulated failure rate)`;
      }
      return undefined;
    },
    /** The failures still queued. */
    pending(): PendingFailure[] {
      return rules.map((r) => ({
        id: r.id,
        ...(r.model === undefined ? {} : { model: r.model }),
        error: r.error,
        times: r.left,
      }));
    },
    /** Drops the failure `id`; whether there was one. */
    remove(id: number): boolean {
      const before = rules.length;
      rules = rules.filter((rule) => rule.id !== id);
      return rules.length < before;
    },
    /** Drops every queued failure. */
    clear() {
      rules = [];
    },
  };
}
