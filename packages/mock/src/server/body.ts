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
    // Most bodies arrive as one chunk: keep it as is, and concatenate only when there are more.
    let first: Buffer | undefined;
    let rest: Buffer[] | undefined;
    let size = 0;
    let settled = false;
    const whole = () =>
      size === 0 ? undefined : rest === undefined ? first : Buffer.concat(rest, size);
    const { socket } = req;
    // The request's own events stop once its response is finished, as when the parser refuses a
    // chunked body and the client-error handler answers 400: the closing connection settles the
    // read then. This one listener lives on the connection, so it is removed once settled.
    const onSocketClose = () => {
      if (settled) return;
      settled = true;
      if (req.complete) resolve(whole());
      else reject(new BodyAbortedError());
    };
    const settle = () => {
      settled = true;
      socket?.off('close', onSocketClose);
    };
    socket?.once('close', onSocketClose);
    // The listeners stay on the request once it is settled (it is dropped right after), which
    // spares removing four listeners per request; `settled` makes any late event a no-op.
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) {
        settle();
        first = undefined;
        rest = undefined;
        reject(new BodyTooLargeError(limit));
      } else if (first === undefined) first = chunk;
      else {
        rest ??= [first];
        rest.push(chunk);
      }
    });
    req.on('end', () => {
      if (settled) return;
      settle();
      resolve(whole());
    });
    req.on('error', () => {
      if (settled) return;
      settle();
      reject(new BodyAbortedError());
    });
    // 'close' before 'end' means the connection dropped mid-body.
    req.on('close', () => {
      if (settled) return;
      settle();
      if (req.complete) resolve(whole());
      else reject(new BodyAbortedError());
    });
  });
}
