// The mock server of `pnpm soak`, in a process of its own so that its memory is measured alone.
// Started by scripts/soak/soak.mjs with `--expose-gc` and an IPC channel; the options arrive as
// JSON in argv. It reports its URL, then answers `memory` (after a full collection) and `stop`.
import { startMockServer } from '../../packages/mock/dist/server.js';

const options = JSON.parse(process.argv[2] ?? '{}');
const server = await startMockServer({
  port: 0,
  host: '127.0.0.1',
  logLevel: 'silent',
  ...options,
});

// The peak between two `memory` questions, sampled every 20 ms.
let peak = process.memoryUsage().rss;
setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 20).unref();

process.on('message', async (message) => {
  if (message === 'memory') {
    globalThis.gc?.();
    globalThis.gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    process.send?.({ memory: { rss, heapUsed, peak: Math.max(peak, rss) } });
    peak = rss;
  } else if (message === 'stop') {
    await server.close();
    process.exit(0);
  }
});
process.send?.({ url: server.url });
