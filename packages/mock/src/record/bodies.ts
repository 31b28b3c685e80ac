/**
 * Bodies as a recording keeps them: JSON and text as text, images referenced rather than inlined
 * (their size and first bytes), long base64 images inside JSON (bria's input `image`, the v1
 * `base64` output) cut out, and every secret scrubbed.
 */
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import type { HarEntry } from './har.js';
import { scrub } from './redact.js';

/** A base64 run longer than this in a request body is an image, not worth keeping. */
const LONG_BASE64 = 2048;

/** Bytes of an omitted body kept to tell its kind (the PNG signature is 8). */
const FIRST_BYTES = 16;

/** The media type of a `Content-Type` value, lower case, without parameters. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Whether a media type is JSON (`application/json`, `application/problem+json`, ...). */
export function isJson(mediaType: string): boolean {
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

/**
 * The body's bytes without their `Content-Encoding` (gzip, deflate, br), or the bytes as they
 * came when the encoding is unknown or they do not decode.
 */
export function decodeBody(bytes: Buffer, encoding: string | undefined): Buffer {
  const name = (encoding ?? '').trim().toLowerCase();
  try {
    if (name === 'gzip' || name === 'x-gzip') return gunzipSync(bytes);
    if (name === 'deflate') return inflateSync(bytes);
    if (name === 'br') return brotliDecompressSync(bytes);
  } catch {
    // Kept as they came: the recording says what was sent, even when it does not decode.
  }
  return bytes;
}

/** Replaces long base64 strings (inline images) anywhere in a JSON value; counts them. */
function omitImages(value: unknown, count: { n: number }): unknown {
  if (typeof value === 'string') {
    if (value.length > LONG_BASE64 && /^(data:[\w/+.-]+;base64,)?[A-Za-z0-9+/=\s]+$/.test(value)) {
      count.n += 1;
      return `[base64 image omitted: ${value.length} characters]`;
    }
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => omitImages(item, count));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, omitImages(item, count)]),
    );
  }
  return value;
}

/** A request body as HAR `postData`, or `undefined` when there is none. */
export function postDataOf(
  bytes: Buffer | undefined,
  contentType: string | undefined,
  secrets: readonly string[],
): HarEntry['request']['postData'] {
  if (!bytes || bytes.length === 0) return undefined;
  const mimeType = contentType ?? 'application/octet-stream';
  const text = bytes.toString('utf8');
  if (isJson(mediaTypeOf(contentType))) {
    try {
      const count = { n: 0 };
      const kept = omitImages(JSON.parse(text), count);
      if (count.n > 0) {
        return {
          mimeType,
          text: scrub(JSON.stringify(kept), secrets),
          comment: `${count.n} inline base64 image(s) omitted; the rest of the body as sent`,
        };
      }
    } catch {
      // Not JSON after all: kept as text below.
    }
  }
  return { mimeType, text: scrub(text, secrets) };
}

/**
 * An answer's body as HAR `content`: text for anything but an image; an image referenced by its
 * size and first bytes. `bytes` are the decoded body.
 */
export function contentOf(
  bytes: Buffer,
  contentType: string | undefined,
  secrets: readonly string[],
): HarEntry['response']['content'] {
  const mimeType = contentType ?? '';
  if (mediaTypeOf(contentType).startsWith('image/')) {
    return {
      size: bytes.length,
      mimeType,
      comment: `image body omitted (${bytes.length} bytes): a recording references output images rather than inlining them`,
      _firstBytes: bytes.subarray(0, FIRST_BYTES).toString('hex'),
    };
  }
  const text = bytes.toString('utf8');
  if (isJson(mediaTypeOf(contentType))) {
    try {
      const count = { n: 0 };
      const kept = omitImages(JSON.parse(text), count);
      if (count.n > 0) {
        return {
          size: bytes.length,
          mimeType,
          text: scrub(JSON.stringify(kept), secrets),
          comment: `${count.n} base64 image(s) omitted (an output image is referenced, not inlined); the rest as the upstream sent it`,
        };
      }
    } catch {
      // Not JSON after all: kept as text below.
    }
  }
  return { size: bytes.length, mimeType, text: scrub(text, secrets) };
}

/**
 * Rewrites every absolute URL on `from` (the upstream's origin) inside a JSON text to `to` (the
 * proxy's origin), so that a client following `status_url`, `response_url`, `poll_url` or
 * `output`, as Segmind's SDK does, comes back through the recording. Only whole string values
 * that start with the origin are touched. Answers `undefined` when nothing needed rewriting.
 */
export function rewriteOrigin(
  text: string,
  from: string,
  to: string,
): { text: string; count: number } | undefined {
  if (!text.includes(from)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  let count = 0;
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') {
      if (value === from || value.startsWith(`${from}/`) || value.startsWith(`${from}?`)) {
        count += 1;
        return to + value.slice(from.length);
      }
      return value;
    }
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item)]));
    }
    return value;
  };
  const rewritten = walk(parsed);
  return count === 0 ? undefined : { text: JSON.stringify(rewritten), count };
}
