import { type HeaderSource, maskedHeaders } from './secrets.js';

/** One request the mock answered, and its answer. */
export interface JournalEntry {
  /** Position in the journal since creation or the last reset, from 1. */
  seq: number;
  /** The mock's clock when the request arrived (ms). */
  at: number;
  /** HTTP method. */
  method: string;
  /** The full request URL (its first 8,192 characters, then `…`). */
  url: string;
  /** The URL's path (its first 8,192 characters, then `…`). */
  path: string;
  /** The model the request addressed, if any. */
  model?: string;
  /** The job it created or read, if any. */
  requestId?: string;
  /**
   * The JSON body sent, when it was a valid input of the model and at most 64 KiB: only a body
   * the spec accepts is kept as parsed (it is small and shallow by the spec's own bounds).
   */
  requestBody?: unknown;
  /**
   * The first 1,024 bytes, as UTF-8 text, of a body that is not kept as parsed (refused,
   * malformed, or over 64 KiB).
   */
  requestExcerpt?: string;
  /** The size in bytes of the body of {@link requestExcerpt}. */
  requestBytes?: number;
  /** The status answered, or `'network-error'` for an injected network error. */
  status: number | 'network-error';
  /** The answer's content type, if any. */
  contentType?: string;
  /** The JSON body answered (binary bodies are not kept). */
  responseBody?: unknown;
  /** Whether the answer came from an injected fault. */
  fault?: boolean;
  /** The request's headers, names in lower case, `x-api-key`, `authorization` and `cookie` masked. */
  requestHeaders?: Record<string, string>;
  /** The answer's headers as the mock set them (the server adds `content-length`). */
  responseHeaders?: Record<string, string>;
}

/** Default number of entries kept: the oldest go first. */
export const DEFAULT_JOURNAL_SIZE = 1000;

/** Default bound of the journal's size, in bytes of JSON: the oldest entries go first. */
export const DEFAULT_JOURNAL_BYTES = 8 * 1024 * 1024;

/** Longest URL or path kept in an entry, in characters. */
export const JOURNAL_URL_LIMIT = 8192;

/** Longest excerpt of a request body kept in an entry, in characters. */
export const JOURNAL_EXCERPT_LIMIT = 1024;

/** What an entry costs beyond its strings: its keys, numbers and punctuation as JSON. */
const ENTRY_OVERHEAD = 160;

/** How deep {@link jsonSize} looks before it counts a value as the rest of its budget. */
const MAX_SIZE_DEPTH = 8;

/**
 * About how many bytes `value` takes as JSON (strings by their length, escapes aside). The mock's
 * own answers are shallow; a value deeper than a few levels is counted as `cap`.
 */
export function jsonSize(value: unknown, cap = Number.POSITIVE_INFINITY, depth = 0): number {
  if (typeof value === 'string') return value.length + 2;
  if (value === null || typeof value !== 'object') return 8;
  if (depth >= MAX_SIZE_DEPTH) return cap;
  let size = 2;
  if (Array.isArray(value)) {
    for (const item of value) {
      size += jsonSize(item, cap, depth + 1) + 1;
      if (size >= cap) return cap;
    }
    return size;
  }
  for (const key in value) {
    size += key.length + 4 + jsonSize((value as Record<string, unknown>)[key], cap, depth + 1);
    if (size >= cap) return cap;
  }
  return size;
}

const encoder = new TextEncoder();
const lenient = new TextDecoder('utf-8', { fatal: false });

/**
 * The first `limit` characters of `text`, then `…`. A copy, not a slice: a JavaScript engine may
 * keep a slice pointing into the whole original string, which the journal must not hold.
 */
export function capText(text: string, limit: number): string {
  if (text.length <= limit) return text;
  return `${lenient.decode(encoder.encode(text.slice(0, limit)))}…`;
}

/** The first {@link JOURNAL_EXCERPT_LIMIT} bytes of a body as text (a fresh string). */
export function excerptOf(bytes: Uint8Array): string {
  return lenient.decode(bytes.subarray(0, JOURNAL_EXCERPT_LIMIT));
}

/** About how many bytes a request's headers take as JSON (Node bounds them at 16 KiB). */
function headersSize(headers: HeaderSource | undefined): number {
  let size = 0;
  headers?.forEach((value, name) => {
    size += name.length + value.length + 6;
  });
  return size;
}

/** The entry's approximate size as JSON, in bytes. */
function entrySize(
  entry: JournalEntry,
  requestBodyBytes: number,
  headers: HeaderSource | undefined,
  cap: number,
): number {
  let size = ENTRY_OVERHEAD + entry.url.length + entry.path.length + entry.method.length;
  size += headersSize(headers) + (entry.responseHeaders ? jsonSize(entry.responseHeaders) : 0);
  size += (entry.model?.length ?? 0) + (entry.requestId?.length ?? 0);
  size += (entry.contentType?.length ?? 0) + (entry.requestExcerpt?.length ?? 0);
  if (entry.requestBody !== undefined) size += requestBodyBytes;
  if (entry.responseBody !== undefined) size += jsonSize(entry.responseBody, cap);
  return size;
}

/**
 * A bounded journal of requests and answers, oldest first, bounded both in entries and in bytes:
 * recording an entry drops the oldest ones until both bounds hold again (the newest entry is
 * always kept, even alone over the byte bound).
 */
export class Journal {
  readonly #capacity: number;
  readonly #maxBytes: number;
  /** A ring of entries and, beside it, the size of each. */
  #entries: (JournalEntry | undefined)[] = [];
  #sizes: number[] = [];
  /**
   * The request headers of each entry, by slot, until first read: masking them on the request
   * path would cost every request for the rare read of the journal.
   */
  #headers: (HeaderSource | undefined)[] = [];
  #start = 0;
  #count = 0;
  #bytes = 0;
  #seq = 0;

  /**
   * @param capacity How many entries to keep (an integer > 0).
   * @param maxBytes About how many bytes of JSON to keep (an integer > 0).
   */
  constructor(capacity = DEFAULT_JOURNAL_SIZE, maxBytes = DEFAULT_JOURNAL_BYTES) {
    if (!(Number.isInteger(capacity) && capacity > 0)) {
      throw new RangeError(`journalSize must be an integer > 0, got ${String(capacity)}`);
    }
    if (!(Number.isInteger(maxBytes) && maxBytes > 0)) {
      throw new RangeError(`journalBytes must be an integer > 0, got ${String(maxBytes)}`);
    }
    this.#capacity = capacity;
    this.#maxBytes = maxBytes;
  }

  /**
   * Records `entry` itself, numbering it (its `seq` is set), and drops the oldest entries beyond
   * either bound. Nothing is copied: the caller hands over values it never changes again, and
   * bounded ones (`requestBodyBytes` is the size of `requestBody` as it arrived, in bytes).
   * `headers` are kept by reference and become the entry's masked `requestHeaders` when the
   * journal is read.
   */
  record(
    entry: Omit<JournalEntry, 'seq'>,
    requestBodyBytes = 0,
    headers?: HeaderSource,
  ): JournalEntry {
    const full = entry as JournalEntry;
    // `seq` leads the entry when the caller reserved it (as the mock does, so every entry has
    // one shape); otherwise it is added.
    full.seq = ++this.#seq;
    const size = entrySize(full, requestBodyBytes, headers, this.#maxBytes);
    while (
      this.#count > 0 &&
      (this.#count >= this.#capacity || this.#bytes + size > this.#maxBytes)
    ) {
      this.#dropOldest();
    }
    const at = (this.#start + this.#count) % this.#capacity;
    this.#entries[at] = full;
    this.#sizes[at] = size;
    this.#headers[at] = headers;
    this.#count++;
    this.#bytes += size;
    return full;
  }

  /** The entries, oldest first (a copy). */
  entries(): JournalEntry[] {
    return this.page(0, this.#count);
  }

  /** At most `limit` entries numbered above `after`, oldest first (a copy). */
  page(after: number, limit: number): JournalEntry[] {
    const out: JournalEntry[] = [];
    if (this.#count === 0) return out;
    const first = (this.#entries[this.#start] as JournalEntry).seq;
    // Entries are numbered consecutively, so the first one wanted is found without a search.
    const skip = Math.max(0, Math.min(this.#count, after - first + 1));
    for (let i = skip; i < this.#count && out.length < limit; i++) {
      const slot = (this.#start + i) % this.#capacity;
      const entry = this.#entries[slot] as JournalEntry;
      const headers = this.#headers[slot];
      if (headers !== undefined) {
        entry.requestHeaders = maskedHeaders(headers);
        this.#headers[slot] = undefined;
      }
      out.push(entry);
    }
    return out;
  }

  /** How many entries are held. */
  get size(): number {
    return this.#count;
  }

  /** About how many bytes the held entries take as JSON. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Empties the journal and restarts numbering. */
  clear(): void {
    this.#entries = [];
    this.#sizes = [];
    this.#headers = [];
    this.#start = 0;
    this.#count = 0;
    this.#bytes = 0;
    this.#seq = 0;
  }

  #dropOldest(): void {
    this.#bytes -= this.#sizes[this.#start] as number;
    this.#entries[this.#start] = undefined;
    this.#headers[this.#start] = undefined;
    this.#start = (this.#start + 1) % this.#capacity;
    this.#count--;
  }
}
