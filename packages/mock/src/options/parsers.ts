// Parsers of the settings' values. Each takes what the command line or the environment gives
// (a string) or what a JSON config file gives (any JSON value), and returns the typed value or
// throws a plain message the caller prefixes with where the value came from.
import { isRedisUrl, PREFIX_PATTERN } from '../store/redis/keys.js';

const DURATION_UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** `ms` in the largest unit that divides it whole, as a duration is written: `1 h`, `90 s`. */
export function durationText(ms: number): string {
  const [unit, size] = Object.entries(DURATION_UNITS)
    .filter(([, size]) => ms !== 0 && ms % size === 0)
    .reduce((best, entry) => (entry[1] > best[1] ? entry : best), ['ms', 1]);
  return `${ms / size} ${unit}`;
}

/** An integer within bounds, from a JSON number or a decimal string. */
export function integer(min: number, max: number) {
  return (raw: unknown): number => {
    const value = typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new Error(`expected an integer from ${min} to ${max}`);
    }
    return value;
  };
}

/** A finite number within bounds (`exclusiveMin` excludes `min` itself). */
export function decimal(min: number, max: number, exclusiveMin = false) {
  return (raw: unknown): number => {
    const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    const tooLow = exclusiveMin ? (value as number) <= min : (value as number) < min;
    if (typeof value !== 'number' || !Number.isFinite(value) || tooLow || value > max) {
      const low = exclusiveMin ? `above ${min}` : `from ${min}`;
      const range = Number.isFinite(max)
        ? exclusiveMin
          ? `${low} and at most ${max}`
          : `${min} to ${max}`
        : low;
      throw new Error(`expected a number ${range}`);
    }
    return value;
  };
}

/** One of a fixed set of words. */
export function oneOf<T extends string>(choices: readonly T[]) {
  return (raw: unknown): T => {
    if (typeof raw !== 'string' || !choices.includes(raw as T)) {
      throw new Error(`expected one of ${choices.join(', ')}`);
    }
    return raw as T;
  };
}

/** A non-empty string. */
export function text(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw new Error('expected a non-empty string');
  return raw;
}

/**
 * A duration in milliseconds: a number of milliseconds, or a number with a unit
 * (`500ms`, `90s`, `30m`, `1h`, `2d`).
 */
export function duration(raw: unknown): number {
  if (typeof raw === 'number' && Number.isFinite(raw) && raw >= 0) return raw;
  const match =
    typeof raw === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(raw) : null;
  if (!match) throw new Error('expected a duration such as 3600000, 90s, 30m or 1h');
  return Math.round(Number(match[1]) * (DURATION_UNITS[match[2] ?? 'ms'] as number));
}

/** A list of strings: repeated flags, a comma-separated string, or a JSON array. */
export function stringList(raw: unknown): string[] {
  const items: unknown[] = Array.isArray(raw) ? raw : [raw];
  const list = items.flatMap((item) =>
    typeof item === 'string' ? item.split(',').map((part) => part.trim()) : [item],
  );
  if (list.length === 0 || list.some((item) => typeof item !== 'string' || item === '')) {
    throw new Error('expected one or more non-empty strings');
  }
  return list as string[];
}

/** The rate limit: `free` (5/min), `pro` (50/min), a number per minute, or `off`. */
export function rateLimit(raw: unknown): 'free' | 'pro' | number | false {
  if (raw === false || raw === 'off' || raw === 'false') return false;
  if (raw === 'free' || raw === 'pro') return raw;
  try {
    return integer(1, 1_000_000)(raw);
  } catch {
    throw new Error('expected free, pro, off or a number of requests per minute');
  }
}

/** Where the state lives: `memory`, or a Redis URL (`redis://host:port/db`, `rediss://` for TLS). */
export function store(raw: unknown): string {
  if (raw === 'memory') return raw;
  if (typeof raw === 'string' && isRedisUrl(raw)) {
    try {
      new URL(raw);
      return raw;
    } catch {
      // Falls through to the message below.
    }
  }
  throw new Error('expected memory or a URL such as redis://127.0.0.1:6379/0');
}

/** A namespace of keys: a plain name, so that no namespace's keys look like another's. */
export function storePrefix(raw: unknown): string {
  if (typeof raw !== 'string' || !PREFIX_PATTERN.test(raw)) {
    throw new Error("expected 1 to 100 letters, digits, '.', '_' or '-'");
  }
  return raw;
}

/** An absolute URL (only its origin is used). */
export function absoluteUrl(raw: unknown): string {
  if (typeof raw === 'string') {
    try {
      new URL(raw);
      return raw;
    } catch {
      // Falls through to the message below.
    }
  }
  throw new Error('expected an absolute URL such as https://mock.example.test');
}
