// segmind-mock record: the recording proxy in front of an upstream on loopback (a segmind-mock
// server, or a small server that misbehaves on purpose). Nothing leaves 127.0.0.1.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type Har,
  parseHar,
  type RecordingProxy,
  startRecordingProxy,
} from '../src/record/index.js';
import { type MockServer, startMockServer } from '../src/server/index.js';

const KEY = 'sk-recorded-secret-1234';
const ERASER = { image: 'https://example.com/cat.png', return_mask: false };

let dir: string;
let closers: Array<() => Promise<void>>;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'segmind-record-'));
  closers = [];
});
afterEach(async () => {
  for (const close of closers.reverse()) await close();
  await rm(dir, { recursive: true, force: true });
});

async function upstreamMock(): Promise<MockServer> {
  const server = await startMockServer({ port: 0, clock: 'virtual', logLevel: 'silent', seed: 3 });
  closers.push(() => server.close());
  return server;
}

async function proxyTo(
  upstream: string,
  maxRequests = 50,
): Promise<RecordingProxy & { out: string }> {
  const out = join(dir, 'recording.har');
  const proxy = await startRecordingProxy({ upstream, out, maxRequests, port: 0 });
  closers.push(() => proxy.close());
  return Object.assign(proxy, { out });
}

/** A loopback server answering with `handler`, counting the requests it gets. */
async function rawServer(
  handler: (
    req: IncomingMessage,
    body: string,
  ) => { status: number; headers?: Record<string, string>; body?: Buffer | string },
) {
  const seen: { url: string; headers: IncomingMessage['headers'] }[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    seen.push({ url: req.url ?? '', headers: req.headers });
    const answer = handler(req, Buffer.concat(chunks).toString('utf8'));
    res.writeHead(answer.status, answer.headers ?? {});
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

async function readRecording(out: string): Promise<{ har: Har; text: string }> {
  const text = await readFile(out, 'utf8');
  return { har: parseHar(text), text };
}

const call = (url: string, init: RequestInit = {}) =>
  fetch(url, {
    ...init,
    headers: { 'x-api-key': KEY, 'content-type': 'application/json', ...(init.headers ?? {}) },
  });

describe('segmind-mock record', () => {
  it('forwards a v2 job unchanged, points its URLs at the proxy, and records what upstream sent', async () => {
    const upstream = await upstreamMock();
    const proxy = await proxyTo(upstream.url);
    const submitted = await call(`${proxy.url}/v2/background-eraser`, {
      method: 'POST',
      body: JSON.stringify(ERASER),
    });
    expect(submitted.status).toBe(200);
    const job = (await submitted.json()) as Record<string, string>;
    // The client is sent back to the proxy, so that what it does next is recorded too.
    expect(job.status_url).toBe(`${proxy.url}/v2/requests/${job.request_id}/status`);
    expect(job.poll_url).toBe(`${proxy.url}/v1/requests/${job.request_id}`);
    upstream.mock.clock.advance(4_000);
    const result = (await (await call(job.response_url as string)).json()) as { output: string };
    expect(result.output).toBe(`${proxy.url}/outputs/${job.request_id}.png`);
    const image = await fetch(result.output);
    const bytes = new Uint8Array(await image.arrayBuffer());
    expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);

    // The upstream saw exactly these three calls, with the key.
    expect(upstream.mock.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v2/background-eraser',
      `GET /v2/requests/${job.request_id}`,
      `GET /outputs/${job.request_id}.png`,
    ]);

    const { har, text } = await readRecording(proxy.out);
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries).toHaveLength(3);
    const [submit, fetched, output] = har.log.entries;
    expect(submit?.request.url).toBe(`${upstream.url}/v2/background-eraser`);
    expect(JSON.parse(submit?.request.postData?.text ?? '')).toEqual(ERASER);
    const recordedBody = JSON.parse(submit?.response.content.text ?? '');
    expect(recordedBody.status_url).toBe(`${upstream.url}/v2/requests/${job.request_id}/status`);
    expect(submit?.comment).toMatch(/3 absolute URL\(s\) on http:\/\/127\.0\.0\.1:\d+ rewritten/);
    expect(fetched?.response.status).toBe(200);
    expect(output?.response.content).toMatchObject({ mimeType: 'image/png' });
    expect(output?.response.content.text).toBeUndefined();
    expect(output?.response.content.size).toBe(bytes.length);
    expect(output?.response.content._firstBytes).toMatch(/^89504e470d0a1a0a/);
    // The key is gone: its header is there, its value nowhere in the file.
    expect(submit?.request.headers).toContainEqual({ name: 'x-api-key', value: '[redacted]' });
    expect(text).not.toContain(KEY);
    expect(
      har.log.entries.every((e) =>
        e.response.headers.some((h) => h.name === 'Date' || h.name === 'date'),
      ),
    ).toBe(true);
  });

  it('cuts secrets out of everything it keeps, even when the upstream echoes them', async () => {
    const upstream = await rawServer((req) => ({
      status: 401,
      headers: { 'content-type': 'application/json', 'set-cookie': 'sid=abcdef123456' },
      body: JSON.stringify({ error: `Invalid API key ${req.headers['x-api-key']}` }),
    }));
    const proxy = await proxyTo(upstream.url);
    const answer = await call(`${proxy.url}/v2/requests/x/status?key=${KEY}`, {
      headers: { authorization: 'Bearer tok-0987654321', cookie: 'a=b1234' },
    });
    expect(answer.status).toBe(401);
    const { har, text } = await readRecording(proxy.out);
    for (const secret of [KEY, 'tok-0987654321', 'a=b1234', 'abcdef123456']) {
      expect(text).not.toContain(secret);
    }
    const entry = har.log.entries[0];
    expect(entry?.request.url).toBe(`${upstream.url}/v2/requests/x/status?key=[redacted]`);
    expect(entry?.response.content.text).toBe('{"error":"Invalid API key [redacted]"}');
  });

  it('never follows a redirect nor calls another host: the key goes to the upstream only', async () => {
    const elsewhere = await rawServer(() => ({ status: 200, body: 'should never be reached' }));
    const upstream = await rawServer(() => ({
      status: 302,
      headers: { location: `${elsewhere.url}/steal` },
    }));
    const proxy = await proxyTo(upstream.url);
    const answer = await call(`${proxy.url}/v2/requests/x`, { redirect: 'manual' });
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe(`${elsewhere.url}/steal`);
    expect(upstream.seen).toHaveLength(1);
    expect(upstream.seen[0]?.headers['x-api-key']).toBe(KEY);
    expect(elsewhere.seen).toEqual([]);
  });

  it('decodes a compressed JSON answer for the record, and rewrites its job URLs for the client', async () => {
    let origin = '';
    const upstream = await rawServer(() => ({
      status: 200,
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(
        JSON.stringify({ request_id: 'r1', status_url: `${origin}/v2/requests/r1/status` }),
      ),
    }));
    origin = upstream.url;
    const proxy = await proxyTo(upstream.url);
    const answer = await call(`${proxy.url}/v2/background-eraser`, {
      method: 'POST',
      body: JSON.stringify(ERASER),
    });
    expect(await answer.json()).toEqual({
      request_id: 'r1',
      status_url: `${proxy.url}/v2/requests/r1/status`,
    });
    const { har } = await readRecording(proxy.out);
    expect(JSON.parse(har.log.entries[0]?.response.content.text ?? '')).toEqual({
      request_id: 'r1',
      status_url: `${upstream.url}/v2/requests/r1/status`,
    });
  });

  it('streams an answer with nothing to rewrite back byte for byte', async () => {
    const payload = gzipSync(JSON.stringify({ error: 'x'.repeat(5000) }));
    const upstream = await rawServer(() => ({
      status: 400,
      headers: {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'x-custom': 'kept',
      },
      body: payload,
    }));
    const proxy = await proxyTo(upstream.url);
    const raw = await new Promise<{ headers: IncomingMessage['headers']; body: Buffer }>(
      (resolve) => {
        import('node:http').then(({ get }) =>
          get(`${proxy.url}/v1/background-eraser`, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
          }),
        );
      },
    );
    expect(raw.body.equals(payload)).toBe(true);
    expect(raw.headers['x-custom']).toBe('kept');
    expect(raw.headers['content-encoding']).toBe('gzip');
  });

  it('leaves a base64 input image out of the record', async () => {
    const upstream = await upstreamMock();
    const proxy = await proxyTo(upstream.url);
    const image = `data:image/png;base64,${'A'.repeat(4096)}`;
    await call(`${proxy.url}/v2/bria-erase-foreground`, {
      method: 'POST',
      body: JSON.stringify({ image }),
    });
    const { har, text } = await readRecording(proxy.out);
    expect(text).not.toContain('A'.repeat(100));
    expect(JSON.parse(har.log.entries[0]?.request.postData?.text ?? '')).toEqual({
      image: `[base64 image omitted: ${image.length} characters]`,
    });
    expect(har.log.entries[0]?.request.postData?.comment).toMatch(/1 inline base64 image/);
  });

  it('refuses every request past its budget with a 503, and forwards none of them', async () => {
    const upstream = await upstreamMock();
    const proxy = await proxyTo(upstream.url, 2);
    expect((await call(`${proxy.url}/v1/get-user-credits`)).status).toBe(200);
    expect((await call(`${proxy.url}/v1/get-user-credits`)).status).toBe(200);
    const refused = await call(`${proxy.url}/v1/get-user-credits`);
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: string }).error).toMatch(
      /budget of 2 requests is spent.*--max-requests/,
    );
    expect(upstream.mock.requests).toHaveLength(2);
    expect(proxy.recorded()).toBe(2);
    expect(proxy.refused()).toBe(1);
    expect((await readRecording(proxy.out)).har.log.entries).toHaveLength(2);
  });

  it('answers 502 when the upstream is unreachable, and records the failure', async () => {
    // Port 9 (discard) has no listener on loopback: the connection is refused.
    const proxy = await proxyTo('http://127.0.0.1:9');
    const answer = await call(`${proxy.url}/v1/get-user-credits`);
    expect(answer.status).toBe(502);
    expect(((await answer.json()) as { error: string }).error).toMatch(
      /no answer from the upstream/,
    );
    const entry = (await readRecording(proxy.out)).har.log.entries[0];
    expect(entry?.response.status).toBe(0);
    expect(entry?.response._error).toMatch(/ECONNREFUSED/);
  });
});

describe('images in JSON answers', () => {
  it('leaves the base64 output of a v1 call out of the record, saying so', async () => {
    const upstream = await upstreamMock();
    const proxy = await proxyTo(upstream.url);
    const answer = await call(`${proxy.url}/v1/background-eraser`, {
      method: 'POST',
      body: JSON.stringify({ ...ERASER, base64: true }),
    });
    const { image } = (await answer.json()) as { image: string };
    expect(image.length).toBeGreaterThan(2048); // the client gets it whole
    const entry = (await readRecording(proxy.out)).har.log.entries[0];
    expect(JSON.parse(entry?.response.content.text ?? '')).toEqual({
      image: `[base64 image omitted: ${image.length} characters]`,
    });
    expect(entry?.response.content.comment).toMatch(/^1 base64 image\(s\) omitted/);
  });
});
