// A running segmind-mock server as a target of the behaviour suite, driven through its control
// API: shared by the suite's runs over HTTP, whatever store holds the state.
import { expect } from 'vitest';
import type { MockServer } from '../../src/server/index.js';
import type { BehaviourTarget } from './suite.js';

export function httpTarget(server: MockServer): BehaviourTarget {
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
}
