import { type HeaderSource, maskedHeaders } from './secrets.js';

/** One request the mock answered, and its answer. */
export interface JournalEntry {
  /** Position in the journal since creation or the last reset, from 1. */
  seq: number;
  /** The mock's clock when the request arrived (ms). */
  at: number;
  /** HTTP method. */
  method: string;
  /** The full request URL. */
  url: string;
  /** The URL's path. */
  path: string;
  /** The model the request addressed, if any. */
  model?: string;
  /** The job it created or read, if any. */
  requestId?: string;
  /** The JSON body sent, when it parsed and was at most 64 KiB. */
  requestBody?: unknown;
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

/** A bounded journal of requests and answers, oldest first. */
export class Journal {
  readonly #capacity: number;
  #entries: JournalEntry[] = [];
  /**
   * The request headers of each entry, by slot, until first read: masking them on the request
   * path would cost every request for the rare read of the journal.
   */
  #headers: (HeaderSource | undefined)[] = [];
  #start = 0;
  #seq = 0;

  /** @param capacity How many entries to keep (an integer > 0). */
  constructor(capacity = DEFAULT_JOURNAL_SIZE) {
    if (!(Number.isInteger(capacity) && capacity > 0)) {
      throw new RangeError(`journalSize must be an integer > 0, got ${String(capacity)}`);
    }
    this.#capacity = capacity;
  }

  /**
   * Records `entry` itself, numbering it (its `seq` is set); drops the oldest beyond capacity.
   * Nothing is copied (bodies are kept by reference: the mock never changes them after
   * answering), so recording costs the same whatever the size of the bodies. `headers` are
   * kept by reference and become the entry's masked `requestHeaders` when the journal is read.
   */
  record(entry: Omit<JournalEntry, 'seq'>, headers?: HeaderSource): JournalEntry {
    const full = entry as JournalEntry;
    // `seq` leads the entry when the caller reserved it (as the mock does, so every entry has
    // one shape); otherwise it is added.
    full.seq = ++this.#seq;
    if (this.#entries.length < this.#capacity) {
      this.#entries.push(full);
      this.#headers.push(headers);
    } else {
      // A ring: overwrite the oldest instead of shifting the whole array.
      this.#entries[this.#start] = full;
      this.#headers[this.#start] = headers;
      this.#start = (this.#start + 1) % this.#capacity;
    }
    return full;
  }

  /** The entries, oldest first (a copy). */
  entries(): JournalEntry[] {
    for (let slot = 0; slot < this.#headers.length; slot++) {
      const headers = this.#headers[slot];
      if (headers === undefined) continue;
      (this.#entries[slot] as JournalEntry).requestHeaders = maskedHeaders(headers);
      this.#headers[slot] = undefined;
    }
    return [...this.#entries.slice(this.#start), ...this.#entries.slice(0, this.#start)];
  }

  /** Empties the journal and restarts numbering. */
  clear(): void {
    this.#entries = [];
    this.#headers = [];
    this.#start = 0;
    this.#seq = 0;
  }
}
