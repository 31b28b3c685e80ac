// The behaviour suite over HTTP: the real server on loopback, driven through its control API.
import { describe, expect } from 'vitest';
import { startMockServer } from '../src/server/index.js';
import { behaviourSuite } from './behaviour/suite.js';

describe('HTTP server', () => {
  behaviourSuite(async (options) => {
    const server = await startMockServer({ ...options, port: 0, logLevel: 'silent' });
    const control = async (path: string, body: unknown) => {
      const res = await fetch(`${server.url}/__mock/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status, `POST /__mock/${path}: ${await res.clone().text()}`).toBeLessThan(300);
    };
    return {
      origin: server.url,
      fetch: (input, init) => fetch(input, init),
      controls: {
        advance: (ms) => control('clock/advance', { ms }),
        failNext: (options) => control('outcomes', { status: 'FAILED', ...options }),
        fault: (options) => control('faults', options),
      },
      close: () => server.close(),
    };
  });
});
