import type { IncomingMessage } from 'node:http';

/** The body announced or sent is larger than the limit; the server answers 413. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body is larger than the limit of ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** The client went away before its body arrived; there is nobody to answer. */
export class BodyAbortedError extends Error {
  constructor() {
    super('The client aborted the request body');
    this.name = 'BodyAbortedError';
  }
}

/**
 * Reads a request body, refusing it as soon as it passes `limit` bytes: a declared
 * `content-length` over the limit is refused before a byte is read, and a chunked body is cut off
 * at the first chunk that crosses it, so an oversized upload never sits in memory.
 * Resolves `undefined` for an empty body.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return Promise.reject(new BodyTooLargeError(limit));
  if (declared === 0 || (req.complete && req.readableLength === 0)) {
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      if (error) reject(error);
      else resolve(size === 0 ? undefined : Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        finish(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish();
    const onError = () => finish(new BodyAbortedError());
    // 'close' before 'end' means the connection dropped mid-body.
    const onClose = () => finish(req.complete ? undefined : new BodyAbortedError());
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}
