/**
 * HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/), the archive format browsers and
 * HTTP tools read and write: the part of it a recording of Segmind's API uses. Fields of this
 * project's own start with `_`, as the format asks.
 */

/** A header or a query parameter. */
export interface HarNameValue {
  name: string;
  value: string;
}

/** One request and its answer. */
export interface HarEntry {
  /** When the request started (ISO 8601, with the zone). */
  startedDateTime: string;
  /** Total time of the exchange, in ms. */
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    queryString: HarNameValue[];
    postData?: { mimeType: string; text: string; comment?: string };
    headersSize: number;
    bodySize: number;
  };
  response: {
    /** 0 when no answer came (`_error` says why). */
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    content: {
      size: number;
      mimeType: string;
      /** The body as text; absent for an image, which is referenced rather than inlined. */
      text?: string;
      comment?: string;
      /** The first bytes of an omitted body, in hex: enough to tell a PNG from a JPEG. */
      _firstBytes?: string;
    };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
    /** Why no answer came, for status 0. */
    _error?: string;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  comment?: string;
}

/** A HAR document. */
export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string };
    comment?: string;
    entries: HarEntry[];
  };
}

/**
 * Reads a HAR document, checking the parts this project relies on.
 * @throws Error naming what is missing, when `text` is not such a document.
 */
export function parseHar(text: string): Har {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`not a HAR file: it is not JSON (${(error as Error).message})`);
  }
  const log = (parsed as { log?: { entries?: unknown } } | null)?.log;
  if (!log || !Array.isArray(log.entries)) {
    throw new Error('not a HAR file: it has no log.entries list');
  }
  log.entries.forEach((entry: unknown, index: number) => {
    const e = entry as Partial<HarEntry> | null;
    if (
      !e ||
      typeof e.startedDateTime !== 'string' ||
      typeof e.request?.url !== 'string' ||
      typeof e.request?.method !== 'string' ||
      typeof e.response?.status !== 'number'
    ) {
      throw new Error(
        `not a HAR file: entry ${index + 1} lacks startedDateTime, request.method, request.url or response.status`,
      );
    }
  });
  return parsed as Har;
}

/** A header's value in a HAR list (names are case-insensitive), or `undefined`. */
export function harHeader(headers: readonly HarNameValue[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find((header) => header.name.toLowerCase() === lower)?.value;
}
