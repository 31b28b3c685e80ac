import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody } from '../core/api-bodies.js';

/** How long a refused body is read and dropped before the connection is cut anyway. */
const LINGER_MS = 5000;
/** How many bytes of a refused body are read and dropped before the connection is cut anyway. */
const LINGER_BYTES = 64 * 1024 * 1024;

/**
 * Answers 413 to a body over the limit, then reads what the client is still sending and drops
 * it before closing. Closing a socket that has unread bytes makes the kernel send a reset, and a
 * reset can destroy the 413 on the client's side before the client reads it (a client that sends
 * its whole body before reading, as most do, would see only "connection reset"). The answer goes
 * out whole at once (its length is announced); the connection ends once the client has finished
 * sending, or after {@link LINGER_MS} or {@link LINGER_BYTES}, whichever comes first.
 */
export function answerTooLarge(req: IncomingMessage, res: ServerResponse, limit: number): void {
  const text = JSON.stringify(errorBody(`Request body is larger than ${limit} bytes`));
  res.writeHead(413, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    connection: 'close',
  });
  res.write(text);
  let dropped = 0;
  const close = () => {
    clearTimeout(timer);
    if (!res.writableEnded) res.end();
  };
  const timer = setTimeout(close, LINGER_MS);
  timer.unref();
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER_BYTES) close();
  });
  req.on('end', close);
  req.on('close', close);
  req.resume();
}
