import type { BodyReaderSource, RequestLike } from '../../core/request-like.js';

/** A body that cannot be read: each read fails, as the first one did (a 400 every time). */
const UNREADABLE: BodyReaderSource = {
  getReader: () => ({
    read: () => Promise.reject(new Error('the request body could not be read')),
    cancel: () => Promise.resolve(),
  }),
};

/**
 * The request with a body that can be read more than once: a shared store may run a request's
 * step again. Bytes at hand (the HTTP server's case) are kept as they are; a stream is read
 * once, up to `limit` bytes. A larger body is left unread and announced as larger than the
 * limit, so every run answers 413 without holding it.
 */
export async function replayable(request: RequestLike, limit: number): Promise<RequestLike> {
  const { body } = request;
  if (body === null || body instanceof Uint8Array) return request;
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) return { ...plain(request), body: null };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => {});
        const tooLarge = String(limit + 1);
        return {
          ...plain(request),
          headers: {
            get: (name: string) =>
              name.toLowerCase() === 'content-length' ? tooLarge : request.headers.get(name),
            // The journal still sees the headers as sent.
            ...(request.headers.forEach
              ? { forEach: request.headers.forEach.bind(request.headers) }
              : {}),
          },
          body: null,
        };
      }
      chunks.push(value);
    }
  } catch {
    return { ...plain(request), body: UNREADABLE };
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return { ...plain(request), body: bytes };
}

function plain(request: RequestLike): Omit<RequestLike, 'body'> {
  return { method: request.method, url: request.url, headers: request.headers };
}
