import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answersAsPrism, freePort, SPEC_PATH, startPrism } from './helpers/prism.js';

// The harness must never judge a run against whatever else holds Prism's port: a port found
// free can be taken before Prism listens on it.
describe('startPrism', () => {
  let squatter: Server;
  let taken: number;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    // Accepts connections like any server would, so an open port alone proves nothing.
    squatter = createServer((socket) => {
      sockets.add(socket);
      socket.end('not prism\n');
    });
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const address = squatter.address();
    taken = typeof address === 'object' && address ? address.port : 0;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => squatter.close(() => resolve()));
  });

  it('moves to a new port when its port was taken, and serves as Prism there', async () => {
    const offered: number[] = [];
    const prism = await startPrism(['mock', SPEC_PATH], {
      port: async () => {
        const port = offered.length === 0 ? taken : await freePort();
        offered.push(port);
        return port;
      },
    });
    try {
      expect(offered).toHaveLength(2);
      expect(offered[0]).toBe(taken);
      expect(prism.url).toBe(`http://127.0.0.1:${offered[1]}`);
      expect(prism.output()).toContain(`Prism is listening on ${prism.url}`);
      expect(await answersAsPrism(prism.url)).toBe(true);
      expect(await answersAsPrism(`http://127.0.0.1:${taken}`)).toBe(false);
    } finally {
      await prism.stop();
    }
  });
});
