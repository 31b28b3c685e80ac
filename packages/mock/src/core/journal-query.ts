import type { JournalEntry } from './journal.js';

/** A journal filter read from the query of `GET /__mock/requests`. */
export type JournalQuery =
  | { ok: true; matches(entry: JournalEntry): boolean; limit: number | undefined }
  | { ok: false; error: string };

/** Matches a status filter: a code (`404`), a class (`4xx`) or `network-error`. */
function statusFilter(text: string): ((status: JournalEntry['status']) => boolean) | undefined {
  if (text === 'network-error') return (status) => status === 'network-error';
  if (/^[1-5]\d\d$/.test(text)) return (status) => status === Number(text);
  const family = /^([1-5])xx$/i.exec(text)?.[1];
  if (family === undefined) return undefined;
  return (status) => typeof status === 'number' && Math.floor(status / 100) === Number(family);
}

/**
 * Reads the filters of `GET /__mock/requests`: `path` (a part of the path), `status`, `requestId`
 * (a part of the id, as typed in a search box) and `limit` (only the newest so many). An empty
 * parameter filters nothing.
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
  const limit = limitText === undefined ? undefined : Number(limitText);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) {
    return { ok: false, error: 'limit: must be an integer >= 1' };
  }
  return {
    ok: true,
    limit,
    matches: (entry) =>
      (path === undefined || entry.path.includes(path)) &&
      (status === undefined || status(entry.status)) &&
      (requestId === undefined || (entry.requestId?.includes(requestId) ?? false)),
  };
}

/** The entries (oldest first) that pass `query`, the newest `limit` of them. */
export function queryJournal(
  entries: readonly JournalEntry[],
  query: Extract<JournalQuery, { ok: true }>,
): JournalEntry[] {
  const found = entries.filter(query.matches);
  return query.limit === undefined ? found : found.slice(-query.limit);
}
