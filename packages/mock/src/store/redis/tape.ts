import type { ModelTiming } from '../../core/timings.js';

/**
 * Draws one request makes (ids, timings, failure-rate and fault draws), recorded on its first
 * run and played back on the next ones, so that a request run again after learning more of the
 * shared state builds the same job with the same id.
 */
export class Reel<T> {
  readonly #values: T[] = [];
  #cursor = 0;

  /** The next recorded value, or a new one from `draw`, recorded. */
  next(draw: () => T): T {
    if (this.#cursor < this.#values.length) return this.#values[this.#cursor++] as T;
    const value = draw();
    this.#values.push(value);
    this.#cursor++;
    return value;
  }

  rewind(): void {
    this.#cursor = 0;
  }
}

/** Every reel of one request. */
export class Tape {
  readonly ids = new Reel<number>();
  /** Draws of the `x-request-id` of v1 answers. */
  readonly callIds = new Reel<number>();
  readonly timings = new Reel<ModelTiming>();
  readonly fallbacks = new Reel<string | undefined>();
  readonly seeds = new Reel<number>();

  /** Back to the first draw of every reel, for the next run. */
  rewind(): void {
    this.ids.rewind();
    this.callIds.rewind();
    this.timings.rewind();
    this.fallbacks.rewind();
    this.seeds.rewind();
  }
}
