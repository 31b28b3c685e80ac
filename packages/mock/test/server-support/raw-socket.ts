import { connect } from 'node:net';

/**
 * Writes raw bytes to a loopback port and collects whatever comes back until the server closes
 * the connection or `waitMs` passes. For requests no HTTP client would send.
 */
export function rawExchange(
  port: number,
  chunks: (string | Buffer)[],
  options: { waitMs?: number; destroyAfterWrite?: boolean } = {},
): Promise<string> {
  const { waitMs = 1000, destroyAfterWrite = false } = options;
  return new Promise((resolve) => {
    const received: Buffer[] = [];
    const socket = connect(port, '127.0.0.1');
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(received).toString('latin1'));
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (chunk) => received.push(chunk));
    socket.on('error', done);
    socket.on('close', done);
    socket.on('connect', () => {
      for (const chunk of chunks) socket.write(chunk);
      if (destroyAfterWrite) {
        // Let the bytes leave before the connection drops mid-request.
        setTimeout(() => socket.destroy(), 20);
      }
    });
  });
}

/** The status code of the first response in a raw exchange, or undefined when there was none. */
export function statusOf(raw: string): number | undefined {
  const match = /^HTTP\/1\.1 (\d{3})/.exec(raw);
  return match ? Number(match[1]) : undefined;
}
