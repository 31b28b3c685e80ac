// #region sample
import { Segmind } from '@segmind-ts/client';
import { startMockServer } from '@segmind-ts/mock/server';
// #endregion

/** Runs the mock as a real HTTP server and drives its virtual clock over the control API. */
export async function driveMockServer() {
  // #region sample
  // The same simulator as a real HTTP server, on an ephemeral loopback port. From a shell:
  // npx segmind-mock --port 4010 --clock virtual
  const server = await startMockServer({ host: '127.0.0.1', port: 0, clock: 'virtual' });

  const segmind = new Segmind({ apiKey: 'any-key', baseUrl: server.url });
  const job = await segmind.submitAsync('background-eraser', {
    image: 'https://example.com/cat.png',
    return_mask: false,
  });

  // The control API under /__mock/ works from any language: move the clock one minute on.
  await fetch(`${server.url}/__mock/clock/advance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ms: 60_000 }),
  });
  const status = await job.status();
  console.log(status.status); // COMPLETED

  await server.close();
  // #endregion
  return status;
}
