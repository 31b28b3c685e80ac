// The copy's own `segmind-mock` server, on a free loopback port.
import { join } from 'node:path';
import { type RunningServer, startServer } from './processes.js';
import type { RepoCopy } from './repo-copy.js';

/** A bound on the server's start-up, not a speed check: two loaded cores. */
const SERVER_READY_MS = 60_000;
const READY = /listening on (http:\/\/127\.0\.0\.1:\d+)/;

/** Starts the copy's built mock (`packages/mock/bin/segmind-mock.js`) on 127.0.0.1, port 0. */
export function startCopyMock(
  copy: RepoCopy,
  step: string,
  clock: 'auto' | 'virtual',
): Promise<RunningServer> {
  return startServer(
    step,
    process.execPath,
    [
      join(copy.dir, 'packages', 'mock', 'bin', 'segmind-mock.js'),
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      '--clock',
      clock,
      '--log-level',
      'warn',
    ],
    { cwd: copy.dir, timeoutMs: SERVER_READY_MS, ready: READY },
  );
}

/** Runs `body` with a mock server of the copy, then stops the server by its process id. */
export async function withCopyMock<T>(
  copy: RepoCopy,
  step: string,
  clock: 'auto' | 'virtual',
  body: (mock: RunningServer) => Promise<T>,
): Promise<T> {
  const mock = await startCopyMock(copy, step, clock);
  try {
    return await body(mock);
  } finally {
    await mock.stop();
  }
}
