/**
 * Reading a HAR 1.2 recording (from `segmind-mock record`, a browser, or any HTTP tool): the parts
 * the judge reads. `_firstBytes` on an omitted body is `segmind-mock record`'s own field.
 */

/** A header of a HAR entry. */
export interface HarHeader {
  name: string;
  value: string;
}

/** One recorded exchange, as far as the judge reads it. */
export interface HarEntry {
  startedDateTime: string;
  time?: number;
  request: {
    method: string;
    url: string;
    headers?: HarHeader[];
    postData?: { mimeType?: string; text?: string };
  };
  response: {
    status: number;
    headers?: HarHeader[];
    content?: {
      size?: number;
      mimeType?: string;
      text?: string;
      encoding?: string;
      comment?: string;
      _firstBytes?: string;
    };
    _error?: string;
  };
  comment?: string;
}

/** A HAR document, as far as the judge reads it. */
export interface HarDocument {
  log: { version?: string; creator?: { name?: string; version?: string }; entries: HarEntry[] };
}

/** The file is not a HAR the judge can read; the message says what is missing. */
export class HarFormatError extends Error {
  override name = 'HarFormatError';
}

/** Reads a HAR document. @throws HarFormatError when `text` is not one. */
export function parseHarDocument(text: string): HarDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new HarFormatError(`not a HAR file: it is not JSON (${(error as Error).message})`);
  }
  const entries = (parsed as { log?: { entries?: unknown } } | null)?.log?.entries;
  if (!Array.isArray(entries))
    throw new HarFormatError('not a HAR file: it has no log.entries list');
  entries.forEach((entry, index) => {
    const e = entry as Partial<HarEntry> | null;
    if (
      typeof e?.startedDateTime !== 'string' ||
      typeof e.request?.method !== 'string' ||
      typeof e.request?.url !== 'string' ||
      typeof e.response?.status !== 'number'
    ) {
      throw new HarFormatError(
        `not a HAR file: entry ${index + 1} lacks startedDateTime, request.method, request.url or response.status`,
      );
    }
  });
  return parsed as HarDocument;
}

/** HAR headers as fetch `Headers` (repeated names joined, invalid ones skipped). */
export function harHeaders(list: readonly HarHeader[] | undefined): Headers {
  const headers = new Headers();
  for (const { name, value } of list ?? []) {
    try {
      headers.append(name, value);
    } catch {
      // A name or value fetch refuses (HTTP/2 pseudo-headers such as `:status`): not judged.
    }
  }
  return headers;
}

/** The body bytes a HAR entry kept: its text (or base64 text), else its first bytes, if any. */
export function harBodyBytes(content: HarEntry['response']['content']): Uint8Array | undefined {
  if (typeof content?.text === 'string') {
    return content.encoding === 'base64'
      ? new Uint8Array(Buffer.from(content.text, 'base64'))
      : new TextEncoder().encode(content.text);
  }
  if (typeof content?._firstBytes === 'string') {
    return new Uint8Array(Buffer.from(content._firstBytes, 'hex'));
  }
  return undefined;
}
