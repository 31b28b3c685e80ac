// The server sample talks to a real loopback server: it runs apart from the MSW-backed suites,
// whose `onUnhandledRequest: 'error'` would refuse its requests.
import { afterEach, expect, it, vi } from 'vitest';
import { driveMockServer } from '../examples/mock-server.js';

afterEach(() => vi.restoreAllMocks());

it('mock-server.ts: starts the server, submits, advances the clock over HTTP, reads COMPLETED', async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const status = await driveMockServer();
  expect(status.status).toBe('COMPLETED');
  expect(log).toHaveBeenCalledWith('COMPLETED');
});
