// The behaviour suite over HTTP with the state on Redis: the same expectations as in memory, each
// test on a namespace of its own in one private redis-server.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startMockServer } from '../src/server/index.js';
import { httpTarget } from './behaviour/http-target.js';
import { behaviourSuite } from './behaviour/suite.js';
import {
  REDIS_SERVER,
  REDIS_SKIP_NOTE,
  startRedis,
  TEST_STORE_TIMEOUT_MS,
  type TestRedis,
} from './redis/redis-server.js';

let redis: TestRedis | undefined;
let inspect: Redis | undefined;
beforeAll(async () => {
  if (!REDIS_SERVER) return;
  redis = await startRedis();
  inspect = new Redis(redis.url);
});
afterAll(async () => {
  inspect?.disconnect();
  await redis?.dispose();
});

let namespaces = 0;

describe.skipIf(!REDIS_SERVER)(`HTTP server, state on Redis${REDIS_SKIP_NOTE}`, () => {
  behaviourSuite(async (options) => {
    const prefix = `behaviour-${process.pid}-${++namespaces}`;
    const server = await startMockServer({
      ...options,
      port: 0,
      logLevel: 'silent',
      store: (redis as TestRedis).url,
      storeTimeoutMs: TEST_STORE_TIMEOUT_MS,
      storePrefix: prefix,
    });
    // The state is in Redis, under this namespace, from the start.
    expect(await inspect?.exists(`${prefix}:view`)).toBe(1);
    return httpTarget(server);
  });
});
