import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MockServer, startMockServer } from '@segmind-ts/mock/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Loads the built files the way consumers do, so a broken exports map or format fails here.
// The names are held in variables so that the type checker, which runs before the build, does
// not try to resolve them.
const packageName: string = '@segmind-ts/client';
const nodeEntry: string = '@segmind-ts/client/node';
const image = 'https://example.test/portrait.png';

// A loaded module is only half the proof: a bundler's interop with a dependency (openapi-fetch is
// an ES module with a default export) can load fine and break at the first call. So each format
// constructs a client and runs a job, against the mock server on a free loopback port.
let server: MockServer;
beforeAll(async () => {
  // The mock's real clock sped up 1000×: a job's 4 s of simulated time take a few milliseconds.
  server = await startMockServer({ port: 0, clock: 'real', speed: 1000, logLevel: 'silent' });
});
// The jobs take a few hundred ms of real polling; the bound is generous for CI's loaded cores,
// and nothing asserts on elapsed time.
const TIMEOUT_MS = 30_000;
afterAll(async () => {
  await server.close();
});

describe('built package', () => {
  it('imports as ESM, constructs a client and runs a job', { timeout: TIMEOUT_MS }, async () => {
    const esm = await import(packageName);
    expect(typeof esm.createTransport).toBe('function');
    expect(esm.DEFAULT_BASE_URL).toBe('https://api.segmind.com');
    expect(new esm.RequestExpiredError({ error: 'x' })).toBeInstanceOf(esm.NotFoundError);
    const segmind = new esm.Segmind({ apiKey: 'sk-esm-package', baseUrl: server.url });
    const result = await segmind.run('background-eraser', { image, return_mask: false });
    expect(result.status).toBe('COMPLETED');
  });

  it('requires as CommonJS, constructs a client and runs a job', {
    timeout: TIMEOUT_MS,
  }, async () => {
    const cjs = createRequire(import.meta.url)(packageName);
    expect(typeof cjs.createTransport).toBe('function');
    expect(cjs.API_KEY_ENV).toBe('SEGMIND_API_KEY');
    expect(new cjs.InferenceTimeout('r', 5)).toBeInstanceOf(cjs.SegmindError);
    const segmind = new cjs.Segmind({ apiKey: 'sk-cjs-package', baseUrl: server.url });
    const result = await segmind.run('bria-erase-foreground', { image });
    expect(result.status).toBe('COMPLETED');
    const png: Uint8Array = await segmind.downloadOutput(result);
    expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const { data, response } = await cjs
      .createTransport({ apiKey: 'sk-cjs-package', baseUrl: server.url })
      .GET('/v2/requests/{request_id}/status', {
        params: { path: { request_id: result.request_id } },
      });
    expect(response.status).toBe(200);
    expect(data.status).toBe('COMPLETED');
  });

  it('serves the Node-only entry in both formats', async () => {
    const path = join(tmpdir(), `segmind-client-${process.pid}.png`);
    await writeFile(path, new Uint8Array([1, 2, 3]));
    const esm = await import(nodeEntry);
    expect(await esm.fileToBase64(path)).toBe('AQID');
    const cjs = createRequire(import.meta.url)(nodeEntry);
    expect(await cjs.fileToDataUri(path)).toBe('data:image/png;base64,AQID');
  });
});
