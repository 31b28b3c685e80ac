import { type MockServer, startMockServer } from '@segmind-ts/mock/server';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { BASE_URL_ENV, createTransport, Segmind } from '../src/index.js';

// SEGMIND_BASE_URL points an unchanged program at a mock, as SEGMIND_API_KEY gives it its key.
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
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('SEGMIND_BASE_URL', () => {
  it('points new Segmind() at the mock server, with no option in the code', {
    timeout: TIMEOUT_MS,
  }, async () => {
    expect(BASE_URL_ENV).toBe('SEGMIND_BASE_URL');
    vi.stubEnv('SEGMIND_API_KEY', 'sk-from-env');
    vi.stubEnv('SEGMIND_BASE_URL', `${server.url}/`);
    const segmind = new Segmind();
    expect(segmind.baseUrl).toBe(server.url);
    const result = await segmind.run('background-eraser', {
      image: 'https://example.test/in.png',
      return_mask: false,
    });
    expect(result.status).toBe('COMPLETED');
    expect(server.mock.jobs().map((job) => job.requestId)).toContain(result.request_id);
    const { response } = await createTransport().GET('/v2/requests/{request_id}/status', {
      params: { path: { request_id: result.request_id as string } },
    });
    expect(response.status).toBe(200);
  });

  it('yields to the baseUrl option, and is ignored when empty', () => {
    vi.stubEnv('SEGMIND_BASE_URL', server.url);
    expect(new Segmind({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9' }).baseUrl).toBe(
      'http://127.0.0.1:9',
    );
    vi.stubEnv('SEGMIND_BASE_URL', '');
    expect(new Segmind({ apiKey: 'k' }).baseUrl).toBe('https://api.segmind.com');
  });

  it('is refused at construction, naming the variable, when it is not an http(s) URL', () => {
    vi.stubEnv('SEGMIND_BASE_URL', 'localhost:4010');
    expect(() => new Segmind({ apiKey: 'k' })).toThrow(/SEGMIND_BASE_URL.*http/);
    expect(() => new Segmind({ apiKey: 'k', baseUrl: 'ftp://example.test' })).toThrow(
      /baseUrl.*http/,
    );
  });
});
