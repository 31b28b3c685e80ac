import { errorCode } from './network-error.js';

/**
 * THE rule by which the API key is hidden in what the client hands out (error messages, bodies,
 * headers, causes, log lines):
 *
 * - A key of {@link MIN_SECRET_LENGTH} characters or more is replaced by `[redacted]` wherever it
 *   appears, even inside a longer word. Segmind's keys (`SG_` and 16 hex digits) are all this
 *   long, and a run of 8+ characters of a random key does not occur in ordinary text.
 * - A shorter key (not a real Segmind key, but common in tests: `k`, `test`) is replaced only
 *   where it stands alone as a token: not preceded or followed by a letter, a digit, `_` or `-`.
 *   Replacing every occurrence would mangle ordinary text (`k` would turn `background-remover`
 *   into `bac[redacted]ground-remover`); a token match still hides `Invalid key: k`.
 */
export const MIN_SECRET_LENGTH = 8;

const REDACTED = '[redacted]';
const isWordCode = (code: number) =>
  (code >= 48 && code <= 57) || // 0-9
  (code >= 65 && code <= 90) || // A-Z
  (code >= 97 && code <= 122) || // a-z
  code === 95 || // _
  code === 45; // -

/** Where the next occurrence of `secret` in `text` that the rule hides starts, from `from`; -1 if none. */
function nextOccurrence(text: string, secret: string, from: number): number {
  for (let at = text.indexOf(secret, from); at !== -1; at = text.indexOf(secret, at + 1)) {
    if (secret.length >= MIN_SECRET_LENGTH) return at;
    const before = at === 0 ? false : isWordCode(text.charCodeAt(at - 1));
    const end = at + secret.length;
    const after = end < text.length && isWordCode(text.charCodeAt(end));
    if (!before && !after) return at;
  }
  return -1;
}

/** Whether `text` holds the secret, by the rule. */
export function holdsSecret(text: string, secret: string | undefined): boolean {
  return !!secret && nextOccurrence(text, secret, 0) !== -1;
}

function redactText(text: string, secret: string): string {
  let out = '';
  let from = 0;
  for (
    let at = nextOccurrence(text, secret, 0);
    at !== -1;
    at = nextOccurrence(text, secret, from)
  ) {
    out += text.slice(from, at) + REDACTED;
    from = at + secret.length;
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * A value meant for a message, a log line or an error body with the secret hidden (see
 * {@link MIN_SECRET_LENGTH} for the rule): strings, and the strings (keys and values) of arrays
 * and plain objects at any depth. A server that echoes the key back (some gateways do, in
 * "invalid key" messages) must not make it land in logs or crash reports through an error. The
 * value itself is returned when it holds no secret.
 */
export function redact<T>(value: T, secret: string | undefined): T {
  if (!secret) return value;
  return redactValue(value, secret, new Set()) as T;
}

function redactValue(value: unknown, secret: string, seen: Set<unknown>): unknown {
  if (typeof value === 'string') return redactText(value, secret);
  if (!value || typeof value !== 'object' || seen.has(value)) return value;
  seen.add(value);
  if (Array.isArray(value)) {
    const items = value.map((item) => redactValue(item, secret, seen));
    return items.some((item, i) => item !== value[i]) ? items : value;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  let changed = false;
  const entries = Object.entries(value).map(([key, item]) => {
    const entry = [redactText(key, secret), redactValue(item, secret, seen)] as const;
    changed ||= entry[0] !== key || entry[1] !== item;
    return entry;
  });
  return changed ? Object.fromEntries(entries) : value;
}

/** Headers with the secret hidden in every value; the same object when none holds it. */
export function redactHeaders(headers: Headers, secret: string | undefined): Headers;
export function redactHeaders(
  headers: Headers | undefined,
  secret: string | undefined,
): Headers | undefined;
export function redactHeaders(headers: Headers | undefined, secret: string | undefined) {
  if (!headers || !secret) return headers;
  let held = false;
  headers.forEach((value) => {
    held ||= holdsSecret(value, secret);
  });
  if (!held) return headers;
  const copy = new Headers();
  headers.forEach((value, name) => {
    copy.append(name, redactText(value, secret));
  });
  return copy;
}

// How far `reaches` looks before it gives up and assumes the worst: enough for any error chain
// fetch implementations build, while a cause holding a large object graph (a socket) costs little.
const MAX_VISITS = 2000;

/**
 * Whether the secret can be read anywhere from `value`: its strings, the own properties
 * (enumerable or not, so an error's `message` and `stack`) of its objects, the entries of
 * Headers (a Request's or Response's too), its `cause` chain, at any depth. Answers `true` for a
 * graph too large to search, the safe side.
 */
function reaches(root: unknown, secret: string): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [root];
  while (queue.length > 0) {
    const value = queue.pop();
    if (typeof value === 'string') {
      if (holdsSecret(value, secret)) return true;
      continue;
    }
    if (!value || typeof value !== 'object' || seen.has(value) || ArrayBuffer.isView(value)) {
      continue;
    }
    if (seen.size >= MAX_VISITS) return true;
    seen.add(value);
    if (typeof Headers !== 'undefined' && value instanceof Headers) {
      value.forEach((text, name) => {
        queue.push(text, name);
      });
      continue;
    }
    // A Request or Response keeps its headers behind a getter, which util.inspect prints.
    try {
      const { headers } = value as { headers?: unknown };
      if (typeof Headers !== 'undefined' && headers instanceof Headers) queue.push(headers);
    } catch {
      // A throwing getter hands out nothing.
    }
    for (const key of Reflect.ownKeys(value)) {
      if (typeof key === 'string') queue.push(key);
      try {
        queue.push((value as Record<PropertyKey, unknown>)[key]);
      } catch {
        // A throwing getter hands out nothing.
      }
    }
  }
  return false;
}

/**
 * An underlying error fit to keep as the `cause` of an error the client throws: the error itself,
 * or, when the secret can be read anywhere from it (its message, stack, properties, causes), a
 * plain stand-in with the redacted message and the same `code`, which the retry rules read.
 */
export function redactError(error: unknown, secret: string | undefined): unknown {
  if (!secret || !reaches(error, secret)) return error;
  const message = redactText(String((error as Error)?.message ?? error), secret);
  const code = errorCode(error);
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}
