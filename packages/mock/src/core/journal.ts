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
}

/** Default number of entries kept: the oldest go first. */
export const DEFAULT_JOURNAL_SIZE = 1000;

/** A bounded journal of requests and answers, oldest first. */
export class Journal {
  readonly #capacity: number;
  #entries: JournalEntry[] = [];
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
   * answering), so recording costs the same whatever the size of the bodies.
   */
  record(entry: Omit<JournalEntry, 'seq'>): JournalEntry {
    const full = entry as JournalEntry;
    // `seq` leads the entry when the caller reserved it (as the mock does, so every entry has
    // one shape); otherwise it is added.
    full.seq = ++this.#seq;
    if (this.#entries.length < this.#capacity) this.#entries.push(full);
    else {
      // A ring: overwrite the oldest instead of shifting the whole array.
      this.#entries[this.#start] = full;
      this.#start = (this.#start + 1) % this.#capacity;
    }
    return full;
  }

  /** The entries, oldest first (a copy). */
  entries(): JournalEntry[] {
    return [...this.#entries.slice(this.#start), ...this.#entries.slice(0, this.#start)];
  }

  /** Empties the journal and restarts numbering. */
  clear(): void {
    this.#entries = [];
    this.#start = 0;
    this.#seq = 0;
  }
}
