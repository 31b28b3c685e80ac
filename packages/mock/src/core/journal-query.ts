import type { JournalEntry } from './journal.js';

/** A journal filter read from the query of `GET /__mock/requests`. */
export type JournalQuery =
  | {
      ok: true;
      matches(entry: JournalEntry): boolean;
      /** Only entries numbered above this `seq` (paging); `undefined`: from the oldest. */
      after: number | undefined;
      limit: number | undefined;
    }
  | { ok: false; error: string };

/** Matches a status filter: a code (`404`), a class (`4xx`) or `network-error`. */
function statusFilter(text: string): ((status: JournalEntry['status']) => boolean) | undefined {
  if (text === 'network-error') return (status) => status === 'network-error';
  if (/^[1-5]\d\d$/.test(text)) return (status) => status === Number(text);
  const family = /^([1-5])xx$/i.exec(text)?.[1];
  if (family === undefined) return undefined;
  return (status) => typeof status === 'number' && Math.floor(status / 100) === Number(family);
}

/** A whole number written in decimal digits, or `undefined`. */
function wholeNumber(text: string): number | undefined {
  return /^\d{1,15}$/.test(text) ? Number(text) : undefined;
}

/**
 * Reads the filters of `GET /__mock/requests`: `path` (a part of the path), `status`, `requestId`
 * (a part of the id, as typed in a search box), `after` (only entries numbered above this `seq`)
 * and `limit`: with `after`, the oldest so many of what follows it (paging forward); without,
 * the newest so many (what a watcher shows). An empty parameter filters nothing.
 */
export function readJournalQuery(params: URLSearchParams): JournalQuery {
  const path = params.get('path') || undefined;
  const requestId = params.get('requestId') || undefined;
  const statusText = params.get('status') || undefined;
  const status = statusText === undefined ? undefined : statusFilter(statusText);
  if (statusText !== undefined && status === undefined) {
    return { ok: false, error: 'status: must be a code (404), a class (4xx) or network-error' };
  }
  const limitText = params.get('limit') || undefined;
  const limit = limitText === undefined ? undefined : wholeNumber(limitText);
  if (limitText !== undefined && !(limit !== undefined && limit >= 1)) {
    return { ok: false, error: 'limit: must be an integer >= 1' };
  }
  const afterText = params.get('after') || undefined;
  const after = afterText === undefined ? undefined : wholeNumber(afterText);
  if (afterText !== undefined && after === undefined) {
    return { ok: false, error: 'after: must be an integer >= 0 (a seq)' };
  }
  return {
    ok: true,
    after,
    limit,
    matches: (entry) =>
      (path === undefined || entry.path.includes(path)) &&
      (status === undefined || status(entry.status)) &&
      (requestId === undefined || (entry.requestId?.includes(requestId) ?? false)),
  };
}

/**
 * The entries (oldest first, all numbered above `query.after` when it is set) that pass `query`:
 * with `after`, the oldest `limit` of them; without, the newest `limit`.
 */
export function queryJournal(
  entries: readonly JournalEntry[],
  query: Extract<JournalQuery, { ok: true }>,
): JournalEntry[] {
  const found = entries.filter(query.matches);
  if (query.limit === undefined) return found;
  return query.after === undefined ? found.slice(-query.limit) : found.slice(0, query.limit);
}
