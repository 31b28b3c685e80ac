import { connect } from 'node:net';

/** What came back on a raw connection, and whether the server ended it. */
export interface RawExchangeResult {
  raw: string;
  /** True when the server closed (or reset) the connection before `waitMs` passed. */
  closedByServer: boolean;
}

/**
 * Writes raw bytes to a loopback port and collects whatever comes back until the server closes
 * the connection or `waitMs` passes. For requests no HTTP client would send.
 *
 * The server normally ends these exchanges itself (the requests say `Connection: close`, or it
 * refuses them); `waitMs` only bounds one that keeps the connection open. It is long by default
 * so that a slow answer on a loaded machine still arrives whole: no test depends on it being
 * short.
 */
export function rawExchangeUntilClose(
  port: number,
  chunks: (string | Buffer)[],
  options: { waitMs?: number; destroyAfterWrite?: boolean } = {},
): Promise<RawExchangeResult> {
  const { waitMs = 10_000, destroyAfterWrite = false } = options;
  return new Promise((resolve) => {
    const received: Buffer[] = [];
    const socket = connect(port, '127.0.0.1');
    let destroyedByUs = false;
    const done = (closedByServer: boolean) => {
      clearTimeout(timer);
      destroyedByUs = true;
      socket.destroy();
      resolve({ raw: Buffer.concat(received).toString('latin1'), closedByServer });
    };
    const timer = setTimeout(() => done(false), waitMs);
    socket.on('data', (chunk) => received.push(chunk));
    socket.on('error', () => done(!destroyedByUs));
    socket.on('close', () => done(!destroyedByUs));
    socket.on('connect', () => {
      for (const chunk of chunks) socket.write(chunk);
      if (destroyAfterWrite) {
        // Let the bytes leave before the connection drops mid-request.
        setTimeout(() => {
          destroyedByUs = true;
          socket.destroy();
        }, 20);
      }
    });
  });
}

/** {@link rawExchangeUntilClose}, keeping only the bytes that came back. */
export async function rawExchange(
  port: number,
  chunks: (string | Buffer)[],
  options: { waitMs?: number; destroyAfterWrite?: boolean } = {},
): Promise<string> {
  return (await rawExchangeUntilClose(port, chunks, options)).raw;
}

/** The status code of the first response in a raw exchange, or undefined when there was none. */
export function statusOf(raw: string): number | undefined {
  const match = /^HTTP\/1\.1 (\d{3})/.exec(raw);
  return match ? Number(match[1]) : undefined;
}
