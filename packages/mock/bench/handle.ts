// `pnpm bench`: the cost of one request through the simulator, measured side by side in one run
// with a bare MSW handler that answers a constant JSON. Not a test: it prints figures and ratios.
//
//   handle()          mock.handle(request), no adapter
//   msw getResponse   the mock's MSW handlers, resolved by msw's getResponse (no interception)
//   bare msw          a bare MSW handler returning a constant JSON, resolved the same way
//   fetch             fetch() intercepted by setupServer, as an application's test calls it
//
// Cells run interleaved in rounds and report the median round, so a busy machine skews every
// column alike rather than one of them.
import { getResponse, HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { createSegmindMock, DEFAULT_ORIGIN } from '../src/index.js';

const ORIGIN = DEFAULT_ORIGIN;
const SUBMIT_URL = `${ORIGIN}/v2/background-eraser`;
const headers = { 'x-api-key': 'bench', 'content-type': 'application/json' };
const INPUT = JSON.stringify({
  image: 'https://example.com/cat.png',
  return_mask: true,
  grow_mask: 10,
});
const ROUNDS = 5;
const PER_ROUND = 4000;

type Cell = () => Promise<void>;

async function consume(response: Response | undefined): Promise<void> {
  if (!response || response.status >= 300) throw new Error(`unexpected ${response?.status}`);
  await response.arrayBuffer();
}

/** Median microseconds per call of each cell, rounds interleaved. */
async function measure(cells: Cell[], perRound = PER_ROUND): Promise<number[]> {
  for (const cell of cells) for (let i = 0; i < 1000; i++) await cell(); // warm-up
  const samples: number[][] = cells.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [index, cell] of cells.entries()) {
      const start = performance.now();
      for (let i = 0; i < perRound; i++) await cell();
      samples[index]?.push(((performance.now() - start) * 1000) / perRound);
    }
  }
  return samples.map((s) => s.sort((a, b) => a - b)[Math.floor(ROUNDS / 2)] as number);
}

const us = (value: number) => `${value.toFixed(1)} µs`.padStart(11);
const ratio = (value: number) => `${value.toFixed(2)}×`.padStart(8);

async function main() {
  const t0 = performance.now();
  createSegmindMock();
  const firstMs = performance.now() - t0;
  const t1 = performance.now();
  createSegmindMock();
  const nextMs = performance.now() - t1;

  const constant = { request_id: '7f3c9a2e-4b1d-4e8a-9c5f-2d6b8e1a0c47', status: 'QUEUED' };
  const bare = [
    http.get(`${ORIGIN}/v2/requests/*`, () => HttpResponse.json(constant)),
    http.post(SUBMIT_URL, () => HttpResponse.json(constant)),
  ];
  // Jobs stay QUEUED (the virtual clock never moves), so every status GET does the full work.
  const mock = createSegmindMock();
  const submitted = await mock.handle(
    new Request(SUBMIT_URL, { method: 'POST', headers, body: INPUT }),
  );
  const { status_url: statusUrl } = (await submitted.json()) as { status_url: string };
  const statusRequest = () => new Request(statusUrl, { headers });
  const submitRequest = () => new Request(SUBMIT_URL, { method: 'POST', headers, body: INPUT });

  const inProcess: [string, number[]][] = [];
  for (const [name, make] of [
    ['status GET', statusRequest],
    ['v2 submit', submitRequest],
  ] as const) {
    inProcess.push([
      name,
      await measure([
        async () => consume(await mock.handle(make())),
        async () => consume(await getResponse(mock.handlers, make())),
        async () => consume(await getResponse(bare, make())),
      ]),
    ]);
  }

  const server = setupServer(...mock.handlers);
  server.listen({ onUnhandledRequest: 'error' });
  const viaFetch: [string, number[]][] = [];
  for (const [name, url, init] of [
    ['status GET', statusUrl, { headers }],
    ['v2 submit', SUBMIT_URL, { method: 'POST', headers, body: INPUT }],
  ] as const) {
    viaFetch.push([
      name,
      await measure(
        [
          async () => {
            server.resetHandlers(...mock.handlers);
            await consume(await fetch(url, init));
          },
          async () => {
            server.resetHandlers(...bare);
            await consume(await fetch(url, init));
          },
        ],
        PER_ROUND / 4,
      ),
    ]);
  }
  server.close();

  // Heap held by retained jobs: 100,000 submits, all within their retention.
  let heapMb: number | undefined;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    const big = createSegmindMock({ journalSize: 1000 });
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 100_000; i++) await consume(await big.handle(submitRequest()));
    gc();
    heapMb = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
    if (big.jobs().length !== 100_000) throw new Error('the jobs were not retained');
  }

  console.log(
    `\n@segmind-ts/mock bench · Node ${process.version} · median of ${ROUNDS} interleaved rounds`,
  );
  console.log(
    `\ncreateSegmindMock(): first ${firstMs.toFixed(1)} ms (validators come precompiled from the spec), next ${nextMs.toFixed(2)} ms`,
  );
  console.log(
    '\nper request (in-process)      handle()  msw getResponse     bare msw   handle/bare  mock msw/bare',
  );
  for (const [name, [direct, viaMsw, bareMsw]] of inProcess as [
    string,
    [number, number, number],
  ][]) {
    console.log(
      `${name.padEnd(22)} ${us(direct)}      ${us(viaMsw)}  ${us(bareMsw)}     ${ratio(direct / bareMsw)}       ${ratio(viaMsw / bareMsw)}`,
    );
  }
  console.log('\nper request (fetch + setupServer)    mock          bare msw   mock/bare');
  for (const [name, [withMock, withBare]] of viaFetch as [string, [number, number]][]) {
    console.log(
      `${name.padEnd(30)} ${us(withMock)}  ${us(withBare)}    ${ratio(withMock / withBare)}`,
    );
  }
  console.log(
    heapMb === undefined
      ? '\n(run under node --expose-gc to measure the heap of 100,000 retained jobs)'
      : `\n100,000 retained jobs (journal bounded at 1,000 entries): +${heapMb.toFixed(1)} MB of heap`,
  );
}

await main();
