import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createSegmindMock } from '../src/index.js';
import { decodePng } from './png-decode.js';
import { BRIA_INPUT, ERASER_INPUT } from './support.js';

const mock = createSegmindMock();
const local = createSegmindMock({ baseUrl: 'http://localhost:4010' });
const server = setupServer(...mock.handlers, ...local.handlers);
const headers = { 'x-api-key': 'k', 'content-type': 'application/json' };

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  mock.reset();
  local.reset();
  server.resetHandlers();
});
afterAll(() => server.close());

describe('MSW handlers', () => {
  it('serve the whole v2 flow through fetch on https://api.segmind.com, output included', async () => {
    const submitted = await fetch('https://api.segmind.com/v2/background-eraser', {
      method: 'POST',
      headers,
      body: JSON.stringify(ERASER_INPUT),
    });
    expect(submitted.status).toBe(200);
    const job = (await submitted.json()) as { status_url: string; response_url: string };
    expect((await (await fetch(job.status_url, { headers })).json()).status).toBe('QUEUED');
    mock.clock.advance(4000);
    const result = await fetch(job.response_url, { headers });
    expect(result.status).toBe(200);
    const { output } = (await result.json()) as { output: string };
    const image = await fetch(output);
    expect(image.headers.get('content-type')).toBe('image/png');
    decodePng(new Uint8Array(await image.arrayBuffer()));
  });

  it('serve v1 bytes with x-remaining-credits', async () => {
    const response = await fetch('https://api.segmind.com/v1/bria-erase-foreground', {
      method: 'POST',
      headers,
      body: JSON.stringify(BRIA_INPUT),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-remaining-credits')).not.toBeNull();
    decodePng(new Uint8Array(await response.arrayBuffer()));
  });

  it('turn an injected network error into a failed fetch', async () => {
    mock.fault({ path: '/v2/*', networkError: true });
    await expect(
      fetch('https://api.segmind.com/v2/background-eraser', {
        method: 'POST',
        headers,
        body: JSON.stringify(ERASER_INPUT),
      }),
    ).rejects.toThrow(TypeError);
    expect(mock.requests.at(-1)?.status).toBe('network-error');
  });

  it('listen on baseUrl, with absolute URLs on it, and serve the control API there too', async () => {
    const submitted = await fetch('http://localhost:4010/v2/bria-erase-foreground', {
      method: 'POST',
      headers,
      body: JSON.stringify(BRIA_INPUT),
    });
    const job = (await submitted.json()) as { request_id: string; status_url: string };
    expect(job.status_url).toBe(`http://localhost:4010/v2/requests/${job.request_id}/status`);
    await fetch('http://localhost:4010/__mock/clock/advance', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ms: 13_000 }),
    });
    expect(await (await fetch(job.status_url, { headers })).json()).toMatchObject({
      status: 'COMPLETED',
    });
    expect(local.requests).toHaveLength(2);
    expect(mock.requests).toHaveLength(0);
  });

  it('leave other origins to other handlers', async () => {
    server.use(http.get('https://example.com/ping', () => HttpResponse.json({ pong: true })));
    expect(await (await fetch('https://example.com/ping')).json()).toEqual({ pong: true });
    expect(mock.requests).toHaveLength(0);
  });
});
