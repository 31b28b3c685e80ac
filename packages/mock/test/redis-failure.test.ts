// When Redis is not there: the server refuses to start, saying so; when it goes away while
// serving, API calls answer 503 with an {"error"} body within the store timeout, and recover by
// themselves once it is back. Each test has its own redis-server, since they stop it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../src/server/index.js';
import {
  eventually,
  freePort,
  REDIS_SERVER,
  REDIS_SKIP_NOTE,
  startRedis,
  type TestRedis,
} from './redis/redis-server.js';

const BIN = fileURLToPath(new URL('../bin/segmind-mock.js', import.meta.url));
const HEADERS = { 'x-api-key': 'k', 'content-type': 'application/json' };
const ERASER = JSON.stringify({ image: 'https://example.com/cat.png', return_mask: false });
/** The store timeout of these servers: short, so a frozen Redis is noticed quickly. */
const TIMEOUT_MS = 300;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serverOn(redis: TestRedis): Promise<MockServer> {
  const server = await startMockServer({
    port: 0,
    clock: 'virtual',
    logLevel: 'silent',
    store: redis.url,
    storePrefix: 'failure',
    storeTimeoutMs: TIMEOUT_MS,
  });
  cleanups.push(() => server.close());
  return server;
}

async function redisForTest(): Promise<TestRedis> {
  const redis = await startRedis();
  cleanups.push(() => redis.dispose());
  return redis;
}

const submit = (server: MockServer) =>
  fetch(`${server.url}/v2/background-eraser`, { method: 'POST', headers: HEADERS, body: ERASER });

describe('a Redis store that cannot be reached at start', () => {
  it('makes startMockServer reject, naming the URL and the reason', async () => {
    const port = await freePort(); // nothing listens there
    await expect(
      startMockServer({ port: 0, logLevel: 'silent', store: `redis://127.0.0.1:${port}/0` }),
    ).rejects.toThrow(`Redis at redis://127.0.0.1:${port}/0 is unreachable: connect ECONNREFUSED`);
  });

  it('makes the segmind-mock command exit 1 with that message', async () => {
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [BIN, '--port', '0', '--store', `redis://127.0.0.1:${port}/0`],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain(
      `segmind-mock: cannot start: Redis at redis://127.0.0.1:${port}/0 is unreachable: connect ECONNREFUSED`,
    );
  });
});

describe.skipIf(!REDIS_SERVER)(
  `a Redis store that goes away while serving${REDIS_SKIP_NOTE}`,
  () => {
    it('answers 503 with an {"error"} body while Redis is down, and recovers when it is back', async () => {
      const redis = await redisForTest();
      const server = await serverOn(redis);
      expect((await submit(server)).status).toBe(200);

      await redis.stop();
      const down = await submit(server);
      expect(down.status).toBe(503);
      const body = (await down.json()) as { error: unknown };
      expect(body.error).toMatch(
        /^The mock's shared state \(redis:\/\/127\.0\.0\.1:\d+\/0 prefix failure\) is unavailable: /,
      );
      expect(down.headers.get('retry-after')).toBe('1');
      const status = await fetch(`${server.url}/v2/requests/x/status`, { headers: HEADERS });
      expect(status.status).toBe(503);
      expect(((await status.json()) as { error: unknown }).error).toEqual(expect.any(String));
      // The health check says so too, for a load balancer to see.
      expect((await fetch(`${server.url}/__mock/health`)).status).toBe(503);

      await redis.start();
      // The client reconnects by itself (within a second of Redis being back); the bound is
      // generous for a loaded CI machine.
      await eventually(async () => (await submit(server)).status === 200, 'the server to recover');
      expect((await fetch(`${server.url}/__mock/jobs`)).status).toBe(200);
    });

    it('answers 503 once the store timeout passes when Redis stops answering, without hanging', async () => {
      const redis = await redisForTest();
      const server = await serverOn(redis);
      expect((await submit(server)).status).toBe(200);

      redis.pause();
      try {
        const started = performance.now();
        const frozen = await submit(server);
        const elapsed = performance.now() - started;
        expect(frozen.status).toBe(503);
        expect(((await frozen.json()) as { error: string }).error).toMatch(/Command timed out/);
        // At least the timeout (a timer cannot fire early), and far less than a hang: the upper
        // bound is generous for a loaded CI machine.
        expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
        expect(elapsed).toBeLessThan(10_000);
      } finally {
        redis.resume();
      }
      await eventually(async () => (await submit(server)).status === 200, 'the server to recover');
    });
  },
);
