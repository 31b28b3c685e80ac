import { idCounter } from './armed-ids.js';
import type { Rng } from './rng.js';

/**
 * An injected fault: requests matching `method` and `path` get `status` (with an `{"error"}`
 * body) or a network error, `times` times, or each with `probability` (drawn from the seed).
 */
export interface FaultOptions {
  /** HTTP method to match (any when absent), case-insensitive. */
  method?: string;
  /** Path pattern, `*` matching any run of characters, e.g. `/v2/requests/*` (any when absent). */
  path?: string;
  /** Status code to answer, 400 to 599. */
  status?: number;
  /** Answer with a network error instead (`Response.error()`). */
  networkError?: boolean;
  /** How many times it fires before it is gone (default 1, or unlimited with `probability`). */
  times?: number;
  /** Chance, 0 to 1, that a matching request is hit. */
  probability?: number;
  /** The `error` text of the body (default: `Injected fault: HTTP <status>`). */
  error?: string;
  /** Adds `Retry-After: <seconds>` to the answer (none by default, as the spec makes it optional). */
  retryAfter?: number;
}

/** A fault's effect on one request. */
export type FaultHit =
  | { networkError: true }
  | { networkError: false; status: number; error: string; retryAfter: number | undefined };

/** A fault as it is held, with what is left of it. */
export interface ActiveFault {
  /** Names it for `DELETE /__mock/faults/{id}`; never reused by the same mock. */
  id: number;
  method: string | undefined;
  path: string | undefined;
  status: number | undefined;
  networkError: boolean;
  probability: number | undefined;
  timesLeft: number | null;
  error: string | undefined;
  retryAfter: number | undefined;
}

/**
 * Whether `text` matches `pattern`, in which `*` matches any run of characters (slashes
 * included) and everything else matches literally. A two-pointer walk rather than a RegExp: a
 * pattern sent to the control API such as `*a*a*a*b` cannot make it backtrack exponentially
 * (the worst case is the product of both lengths).
 */
export function matchPattern(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.length && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (star !== -1) {
      // Let the last `*` swallow one more character and retry from there.
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

function check(options: FaultOptions): void {
  const { status, networkError, times, probability, method, path, error, retryAfter } = options;
  if (retryAfter !== undefined && !(Number.isInteger(retryAfter) && retryAfter >= 0)) {
    throw new RangeError(`fault: retryAfter must be an integer >= 0, got ${String(retryAfter)}`);
  }
  if (networkError !== undefined && typeof networkError !== 'boolean') {
    throw new TypeError('fault: networkError must be a boolean');
  }
  if (!networkError) {
    if (!(Number.isInteger(status) && (status as number) >= 400 && (status as number) <= 599)) {
      throw new RangeError(
        `fault: status must be an integer from 400 to 599 (or set networkError), got ${String(status)}`,
      );
    }
  }
  if (times !== undefined && !(Number.isInteger(times) && times > 0)) {
    throw new RangeError(`fault: times must be an integer > 0, got ${String(times)}`);
  }
  if (
    probability !== undefined &&
    !(typeof probability === 'number' && probability >= 0 && probability <= 1)
  ) {
    throw new RangeError(
      `fault: probability must be a number from 0 to 1, got ${String(probability)}`,
    );
  }
  for (const [name, value] of [
    ['method', method],
    ['path', path],
    ['error', error],
  ] as const) {
    if (value !== undefined && typeof value !== 'string') {
      throw new TypeError(`fault: ${name} must be a string`);
    }
  }
}

/**
 * The injected faults of one mock. `nextId` names each fault; the mock shares one counter that
 * survives a reset, so a page showing an old list cannot remove a newer fault.
 */
export function createFaults(rng: Rng, nextId: () => number = idCounter()) {
  let faults: ActiveFault[] = [];
  return {
    /** Adds a fault. @throws on an invalid definition. */
    add(options: FaultOptions): void {
      check(options);
      faults.push({
        id: nextId(),
        method: options.method?.toUpperCase(),
        path: options.path,
        status: options.networkError ? undefined : options.status,
        networkError: options.networkError ?? false,
        probability: options.probability,
        timesLeft: options.times ?? (options.probability === undefined ? 1 : null),
        error: options.error,
        retryAfter: options.retryAfter,
      });
    },
    /** The fault that hits this request, if any (using up one of its `times`). */
    match(method: string, path: string): FaultHit | undefined {
      if (faults.length === 0) return undefined;
      for (const fault of faults) {
        if (fault.method !== undefined && fault.method !== method) continue;
        if (fault.path !== undefined && !matchPattern(fault.path, path)) continue;
        if (fault.probability !== undefined && !(rng.next() < fault.probability)) continue;
        if (fault.timesLeft !== null && --fault.timesLeft <= 0) {
          faults = faults.filter((f) => f !== fault);
        }
        if (fault.networkError) return { networkError: true };
        const status = fault.status as number;
        return {
          networkError: false,
          status,
          error: fault.error ?? `Injected fault: HTTP ${status}`,
          retryAfter: fault.retryAfter,
        };
      }
      return undefined;
    },
    /** The faults still active. */
    list(): ActiveFault[] {
      return faults.map((fault) => ({ ...fault }));
    },
    /** Removes the fault `id`; whether there was one. */
    remove(id: number): boolean {
      const before = faults.length;
      faults = faults.filter((fault) => fault.id !== id);
      return faults.length < before;
    },
    /** Removes every fault. */
    clear() {
      faults = [];
    },
  };
}
