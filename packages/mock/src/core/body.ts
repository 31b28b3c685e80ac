import { failure, type Reply } from './reply.js';
import type { BodyReaderSource, RequestLike } from './request-like.js';

/** Default `maxBodyBytes`: 20 MB, room for a base64 image. */
export const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024;

/**
 * A parsed JSON body with its size and its bytes, or the error answer to give instead (with the
 * bytes when they were read: the journal keeps an excerpt of a body it refused).
 */
export type BodyResult =
  | { ok: true; value: unknown; bytes: number; raw: Uint8Array }
  | { ok: false; reply: Reply; raw?: Uint8Array };

const decoder = new TextDecoder('utf-8', { fatal: true });

const EMPTY = new Uint8Array(0);

/** The body's bytes when they are at hand without reading a stream, else `undefined`. */
function bytesAtHand(request: RequestLike, limit: number): Uint8Array | 'too-large' | undefined {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) return 'too-large';
  const { body } = request;
  if (!body) return EMPTY;
  if (body instanceof Uint8Array) return body.byteLength > limit ? 'too-large' : body;
  return undefined;
}

async function readCapped(
  body: ReadableStream<Uint8Array> | BodyReaderSource,
  limit: number,
): Promise<Uint8Array | 'too-large'> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      // Stop reading now rather than buffer an unbounded body.
      await reader.cancel().catch(() => {});
      return 'too-large';
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const all = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return all;
}

/**
 * Reads a JSON body of at most `limit` bytes. Any content type is read as JSON, as `curl -d`
 * sends form encoding by default; what does not parse is a 400, what is too large a 413.
 */
export function readJsonBody(
  request: RequestLike,
  limit: number,
): BodyResult | Promise<BodyResult> {
  let bytes: Uint8Array | 'too-large' | undefined;
  try {
    bytes = bytesAtHand(request, limit);
  } catch {
    return { ok: false, reply: failure(400, 'Could not read the request body') };
  }
  // Bytes at hand are parsed at once: no promise to wait on for the HTTP server's requests.
  if (bytes !== undefined) return parseJsonBytes(bytes, limit);
  return readCapped(request.body as ReadableStream<Uint8Array> | BodyReaderSource, limit).then(
    (read) => parseJsonBytes(read, limit),
    () => ({ ok: false, reply: failure(400, 'Could not read the request body') }),
  );
}

function parseJsonBytes(bytes: Uint8Array | 'too-large', limit: number): BodyResult {
  if (bytes === 'too-large') {
    return { ok: false, reply: failure(413, `Request body larger than ${limit} bytes`) };
  }
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { ok: false, reply: failure(400, 'Request body is not valid UTF-8'), raw: bytes };
  }
  if (text.trim() === '') {
    return { ok: false, reply: failure(400, 'body: is required (a JSON object)'), raw: bytes };
  }
  try {
    return { ok: true, value: JSON.parse(text), bytes: bytes.byteLength, raw: bytes };
  } catch (error) {
    const reason = error instanceof Error ? error.message.slice(0, 120) : 'parse error';
    return { ok: false, reply: failure(400, `Malformed JSON body: ${reason}`), raw: bytes };
  }
}
