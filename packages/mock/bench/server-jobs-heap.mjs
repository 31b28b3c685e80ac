// Child of server-race.mjs, run with --expose-gc: the heap that N retained jobs add to a mock.
// Prints one JSON line: {"jobs", "heapBeforeBytes", "heapAfterBytes", "addedBytes", "seconds"}.
import { createSegmindMockCore } from '../dist/core.js';

const jobs = Number(process.argv[2] ?? 100_000);
if (typeof globalThis.gc !== 'function') throw new Error('run with --expose-gc');

// A virtual clock that never moves: every job stays retained for the whole measurement.
const mock = createSegmindMockCore({ clock: 'virtual' });
const body = JSON.stringify({ image: 'https://example.com/photo.png', return_mask: false });
const submit = () =>
  mock.handle(
    new Request('http://127.0.0.1/v2/background-eraser', {
      method: 'POST',
      headers: { 'x-api-key': 'bench', 'content-type': 'application/json' },
      body,
    }),
  );

// Warm up the code paths (and the bounded journal) before the baseline, then empty the store.
for (let i = 0; i < 2000; i++) await (await submit()).arrayBuffer();
mock.reset();
for (let i = 0; i < 2000; i++) await (await submit()).arrayBuffer();
mock.reset();

const settle = () => {
  for (let i = 0; i < 4; i++) globalThis.gc();
  return process.memoryUsage().heapUsed;
};
const heapBeforeBytes = settle();
const started = performance.now();
for (let i = 0; i < jobs; i++) {
  const res = await submit();
  if (res.status !== 200) throw new Error(`submit ${i} answered ${res.status}`);
  await res.arrayBuffer();
}
const seconds = (performance.now() - started) / 1000;
const heapAfterBytes = settle();
if (mock.jobs().length !== jobs)
  throw new Error(`expected ${jobs} jobs, found ${mock.jobs().length}`);
process.stdout.write(
  `${JSON.stringify({ jobs, heapBeforeBytes, heapAfterBytes, addedBytes: heapAfterBytes - heapBeforeBytes, seconds })}\n`,
);
