// No web page can drive the control API (cross-site request forgery): a page can make a browser
// send a `text/plain` POST to the mock without any preflight, and the Host guard does not help
// since the request is addressed to 127.0.0.1. Calls from another origin or site are refused,
// reads included, and control bodies must say they are JSON.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSegmindMockCore } from '../src/core.js';
import { type MockServer, startMockServer } from '../src/server/index.js';
import { ORIGIN } from './support.js';

const EVIL = 'https://evil.example';
const FAULT = JSON.stringify({ path: '*', status: 503, probability: 1 });

function control(path: string, init: RequestInit = {}) {
  return new Request(`${ORIGIN}/__mock/${path}`, init);
}

async function expectError(response: Response, status: number) {
  expect(response.status).toBe(status);
  const body = (await response.json()) as Record<string, unknown>;
  expect(Object.keys(body)).toEqual(['error']);
  expect(typeof body.error).toBe('string');
}

describe('control API and other origins (in-process)', () => {
  it('refuses a text/plain POST from another origin with 403, and changes nothing', async () => {
    const mock = createSegmindMockCore();
    const response = await mock.handle(
      control('faults', {
        method: 'POST',
        headers: { origin: EVIL, 'content-type': 'text/plain' },
        body: FAULT,
      }),
    );
    await expectError(response, 403);
    expect(await (await mock.handle(control('faults'))).json()).toEqual({ faults: [] });
  });

  it.each([
    ['GET', 'requests'],
    ['GET', 'jobs'],
    ['GET', 'clock'],
    ['GET', 'health'],
    ['POST', 'reset'],
    ['POST', 'clock/advance'],
    ['DELETE', 'faults'],
    ['OPTIONS', 'faults'],
  ])('refuses %s /__mock/%s from another origin, reads included', async (method, path) => {
    const mock = createSegmindMockCore();
    await expectError(await mock.handle(control(path, { method, headers: { origin: EVIL } })), 403);
    await expectError(
      await mock.handle(control(path, { method, headers: { origin: 'null' } })),
      403,
    );
  });

  it('refuses a browser request from another site (Sec-Fetch-Site), even without Origin', async () => {
    const mock = createSegmindMockCore();
    for (const site of ['cross-site', 'same-site']) {
      await expectError(
        await mock.handle(control('requests', { headers: { 'sec-fetch-site': site } })),
        403,
      );
    }
    for (const site of ['same-origin', 'none']) {
      const res = await mock.handle(control('requests', { headers: { 'sec-fetch-site': site } }));
      expect(res.status).toBe(200);
    }
  });

  it('serves a client without Origin (not a browser), and a page of its own origin', async () => {
    const mock = createSegmindMockCore({ baseUrl: 'http://localhost:4010' });
    const json = { 'content-type': 'application/json' };
    const advance = (headers: Record<string, string>) =>
      mock.handle(
        new Request('http://localhost:4010/__mock/clock/advance', {
          method: 'POST',
          headers: { ...json, ...headers },
          body: JSON.stringify({ ms: 1 }),
        }),
      );
    expect((await advance({})).status).toBe(200);
    expect((await advance({ origin: 'http://localhost:4010' })).status).toBe(200);
    await expectError(await advance({ origin: 'http://localhost:5173' }), 403);
  });

  it('refuses control bodies that are not application/json with 415', async () => {
    const mock = createSegmindMockCore();
    for (const type of [
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonp',
    ]) {
      const res = await mock.handle(
        control('faults', { method: 'POST', headers: { 'content-type': type }, body: FAULT }),
      );
      await expectError(res, 415);
    }
    // A body with no Content-Type at all (a Blob or bytes from a page) is not JSON either.
    await expectError(
      await mock.handle(
        control('faults', { method: 'POST', body: new TextEncoder().encode(FAULT) }),
      ),
      415,
    );
    expect(await (await mock.handle(control('faults'))).json()).toEqual({ faults: [] });
    const ok = await mock.handle(
      control('faults', {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: FAULT,
      }),
    );
    expect(ok.status).toBe(200);
    // A bodiless POST needs no Content-Type (curl -X POST .../reset).
    expect((await mock.handle(control('reset', { method: 'POST' }))).status).toBe(200);
  });
});

describe('control API and other origins (HTTP)', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({
      port: 0,
      clock: 'virtual',
      logLevel: 'silent',
      corsOrigin: '*',
    });
  });
  afterAll(() => server.close());

  it('refuses the forged text/plain POST to /__mock/faults, so the API keeps answering', async () => {
    const forged = await fetch(`${server.url}/__mock/faults`, {
      method: 'POST',
      headers: { origin: EVIL, 'content-type': 'text/plain' },
      body: FAULT,
    });
    await expectError(forged, 403);
    expect(forged.headers.get('access-control-allow-origin')).toBeNull();
    const status = await fetch(`${server.url}/v2/requests/x/status`, {
      headers: { 'x-api-key': 'k' },
    });
    expect(status.status).toBe(404);
  });

  it("with --cors-origin '*', gives /__mock/ no CORS headers, preflight included", async () => {
    const read = await fetch(`${server.url}/__mock/requests`, { headers: { origin: EVIL } });
    await expectError(read, 403);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${server.url}/__mock/reset`, {
      method: 'OPTIONS',
      headers: {
        origin: EVIL,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
    // The API routes keep their CORS headers.
    const api = await fetch(`${server.url}/v2/requests/x/status`, {
      headers: { origin: EVIL, 'x-api-key': 'k' },
    });
    expect(api.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('serves a page of its own origin, and a client without Origin', async () => {
    const own = await fetch(`${server.url}/__mock/requests`, { headers: { origin: server.url } });
    expect(own.status).toBe(200);
    expect((await fetch(`${server.url}/__mock/requests`)).status).toBe(200);
  });
});
