// The behaviour suite over HTTP: the real server on loopback, driven through its control API.
import { describe } from 'vitest';
import { startMockServer } from '../src/server/index.js';
import { httpTarget } from './behaviour/http-target.js';
import { behaviourSuite } from './behaviour/suite.js';

describe('HTTP server', () => {
  behaviourSuite(async (options) => {
    const server = await startMockServer({ ...options, port: 0, logLevel: 'silent' });
    return httpTarget(server);
  });
});
