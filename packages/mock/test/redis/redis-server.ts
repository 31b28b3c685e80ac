// A private redis-server for the tests of the Redis store: Debian's binary, started on a free
// loopback port with no persistence in a temporary folder, stopped by its PID. The tests skip,
// saying why, only when redis-server is not installed (CI installs it: .ci/run).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function findRedisServer(): string | undefined {
  try {
    return (
      execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim() ||
      undefined
    );
  } catch {
    return undefined;
  }
}

/** The redis-server binary, or `undefined` when it is not installed. */
export const REDIS_SERVER = findRedisServer();

/** Appended to the name of a suite that needs Redis: empty when it runs, the reason when it skips. */
export const REDIS_SKIP_NOTE = REDIS_SERVER
  ? ''
  : ' [skipped: redis-server is not installed; apt-get install redis-server]';

/** A free TCP port on loopback (free when asked; redis-server binds it right after). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Sends PING and resolves true on +PONG (false on any failure). */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let answer = '';
    socket.setTimeout(1000, () => socket.destroy());
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) {
        socket.end();
        resolve(answer.startsWith('+PONG'));
      }
    });
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(false));
  });
}

/** Waits until `check` holds, polling; the bound is generous for a loaded CI machine. */
export async function eventually(
  check: () => Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A running redis-server of the tests. */
export interface TestRedis {
  readonly port: number;
  /** `redis://127.0.0.1:<port>/0`. */
  readonly url: string;
  /** Stops the process (SIGTERM, waited for). */
  stop(): Promise<void>;
  /** Starts it again on the same port (empty: nothing is persisted). */
  start(): Promise<void>;
  /** Freezes it (SIGSTOP): connected, but answering nothing. */
  pause(): void;
  /** Thaws it (SIGCONT). */
  resume(): void;
  /** Stops it for good and removes its folder. */
  dispose(): Promise<void>;
}

/** Starts a redis-server on a free loopback port. */
export async function startRedis(): Promise<TestRedis> {
  if (!REDIS_SERVER) throw new Error('redis-server is not installed');
  const binary = REDIS_SERVER;
  const dir = await mkdtemp(join(tmpdir(), 'segmind-mock-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;
  let output = '';

  const start = async () => {
    output = '';
    const started = spawn(
      binary,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child = started;
    started.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    started.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    await eventually(async () => {
      if (started.exitCode !== null) throw new Error(`redis-server exited: ${output}`);
      return ping(port);
    }, `redis-server on port ${port}`);
  };

  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    if (running.pid) process.kill(running.pid, 'SIGCONT');
    running.kill('SIGTERM');
    await exited;
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}/0`,
    start,
    async stop() {
      await stop();
    },
    pause() {
      if (child?.pid) process.kill(child.pid, 'SIGSTOP');
    },
    resume() {
      if (child?.pid) process.kill(child.pid, 'SIGCONT');
    },
    async dispose() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The store's command timeout in the tests that check what the Redis store does, not how fast:
 * its default (1 s) is a bound on wall time, and under CI's parallel load on two cores hundreds
 * of concurrent requests can keep a command waiting longer than that, turning a correct answer
 * into a 503. The failure tests set their own short timeout on purpose.
 */
export const TEST_STORE_TIMEOUT_MS = 30_000;
