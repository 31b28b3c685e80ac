// The HTTP server's own duties: binding, origins, body limit, CORS, the /docs folder, shutdown,
// and never reaching outside loopback.
import dns from 'node:dns';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type MockServer, type MockServerOptions, startMockServer } from '../src/server/index.js';
import { rawExchange, statusOf } from './server-support/raw-socket.js';

const servers: MockServer[] = [];
async function start(options: MockServerOptions = {}) {
  const server = await startMockServer({
    port: 0,
    clock: 'virtual',
    logLevel: 'silent',
    ...options,
  });
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const submitInit = {
  method: 'POST',
  headers: { 'x-api-key': 'k', 'content-type': 'application/json' },
  body: JSON.stringify({ image: 'https://example.com/cat.png', return_mask: false }),
};

describe('startMockServer', () => {
  it('binds an ephemeral loopback port and reports it', async () => {
    const server = await start();
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const res = await fetch(`${server.url}/__mock/health`);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('builds absolute URLs on the origin each request came to', async () => {
    const server = await start();
    const res = await fetch(`http://localhost:${server.port}/v2/background-eraser`, submitInit);
    const body = (await res.json()) as { status_url: string; response_url: string };
    expect(body.status_url).toMatch(new RegExp(`^http://localhost:${server.port}/v2/requests/`));
    expect(body.response_url).toMatch(new RegExp(`^http://localhost:${server.port}/v2/requests/`));
  });

  it('never takes the host of an absolute-form request target for its URLs', async () => {
    const server = await start();
    const body = JSON.stringify({ image: 'https://example.com/cat.png', return_mask: false });
    const raw = await rawExchange(server.port, [
      `POST http://evil.example/v2/background-eraser HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n` +
        `x-api-key: k\r\ncontent-type: application/json\r\nconnection: close\r\n` +
        `content-length: ${body.length}\r\n\r\n${body}`,
    ]);
    expect(statusOf(raw)).toBe(200);
    const answer = JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) as { status_url: string };
    expect(answer.status_url.startsWith(`http://127.0.0.1:${server.port}/v2/requests/`)).toBe(true);
  });

  it('exposes the simulator it serves', async () => {
    const server = await start();
    await fetch(`${server.url}/v2/background-eraser`, submitInit);
    expect(server.mock.jobs()).toHaveLength(1);
    server.mock.clock.advance(10_000);
    expect(server.mock.jobs()[0]?.status).toBe('COMPLETED');
  });

  it('refuses a port in use with a clear message', async () => {
    const server = await start();
    await expect(startMockServer({ port: server.port, logLevel: 'silent' })).rejects.toThrow(
      /already in use/,
    );
  });

  it('answers 413 to a 25 MB upload under the default 20 MB limit, and stays up', {
    timeout: 30_000,
  }, async () => {
    const server = await start();
    const res = await fetch(`${server.url}/v2/bria-erase-foreground`, {
      method: 'POST',
      headers: { 'x-api-key': 'k', 'content-type': 'application/json' },
      body: JSON.stringify({ image: 'A'.repeat(25 * 1024 * 1024) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: expect.stringMatching(/20971520 bytes/) });
    expect((await fetch(`${server.url}/__mock/health`)).status).toBe(200);
  });

  it('takes a body just under a configured limit', async () => {
    const server = await start({ maxBodyBytes: 1024 });
    const body = JSON.stringify({ image: 'https://example.com/a.png', return_mask: false });
    const res = await fetch(`${server.url}/v2/background-eraser`, {
      ...submitInit,
      body: body.padEnd(1024, ' '),
    });
    expect(res.status).toBe(200);
    const over = await fetch(`${server.url}/v2/background-eraser`, {
      ...submitInit,
      body: body.padEnd(1025, ' '),
    });
    expect(over.status).toBe(413);
  });

  it('closes with idle keep-alive connections open, without waiting out its grace, and frees the port', async () => {
    // A grace far past the test's timeout: close() can only finish in time by closing the idle
    // connection itself, not by cutting every connection when the grace ends. No stopwatch.
    const server = await startMockServer({ port: 0, logLevel: 'silent', shutdownGraceMs: 600_000 });
    await fetch(`${server.url}/__mock/health`); // leaves a keep-alive connection in undici's pool
    await server.close();
    await expect(fetch(`${server.url}/__mock/health`)).rejects.toThrow();
    await server.close(); // a second close is harmless
  });
});

describe('network errors', () => {
  it('drops the connection for an injected network error', async () => {
    const server = await start();
    server.mock.fault({ path: '/__mock/*', networkError: true });
    server.mock.fault({ path: '/v2/*', networkError: true });
    const raw = await rawExchange(server.port, [
      'GET /v2/requests/x/status HTTP/1.1\r\nHost: 127.0.0.1\r\nx-api-key: k\r\n\r\n',
    ]);
    expect(raw).toBe('');
    expect((await fetch(`${server.url}/__mock/health`)).status).toBe(200);
  });
});

describe('admin token', () => {
  it('guards the control API and leaves the model API alone', async () => {
    const server = await start({ adminToken: 's3cret' });
    expect((await fetch(`${server.url}/__mock/health`)).status).toBe(401);
    const wrong = await fetch(`${server.url}/__mock/health`, {
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: expect.any(String) });
    const right = await fetch(`${server.url}/__mock/health`, {
      headers: { authorization: 'Bearer s3cret' },
    });
    expect(right.status).toBe(200);
    expect((await fetch(`${server.url}/v2/background-eraser`, submitInit)).status).toBe(200);
  });
});

describe('CORS', () => {
  it('adds no CORS header unless asked to', async () => {
    const server = await start();
    const res = await fetch(`${server.url}/__mock/health`, {
      headers: { origin: 'http://a.test' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers preflights and exposes the API headers to any origin with *', async () => {
    const server = await start({ corsOrigin: '*' });
    const preflight = await fetch(`${server.url}/v2/background-eraser`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://docs.test',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, x-api-key',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type, x-api-key');

    const res = await fetch(`${server.url}/v1/background-eraser`, {
      ...submitInit,
      headers: { ...submitInit.headers, origin: 'http://docs.test' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toContain('x-remaining-credits');
  });

  it('echoes only listed origins', async () => {
    const server = await start({ corsOrigin: 'http://a.test, http://b.test' });
    const allowed = await fetch(`${server.url}/v2/requests/x/status`, {
      headers: { origin: 'http://b.test', 'x-api-key': 'k' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://b.test');
    expect(allowed.headers.get('vary')).toContain('Origin');
    const other = await fetch(`${server.url}/v2/requests/x/status`, {
      headers: { origin: 'http://c.test', 'x-api-key': 'k' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('/docs', () => {
  let root: string;
  let docs: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'segmind-mock-docs-'));
    docs = join(root, 'site');
    await mkdir(join(docs, 'guides'), { recursive: true });
    await writeFile(join(docs, 'index.html'), '<!doctype html><title>docs</title>');
    await writeFile(join(docs, 'app.js'), 'console.log(1);');
    await writeFile(join(docs, 'style.css'), 'body{}');
    await writeFile(join(docs, 'openapi.json'), '{}');
    await writeFile(join(docs, 'guides', 'index.html'), '<p>guide</p>');
    await writeFile(join(root, 'secret.txt'), 'TOP SECRET');
    await symlink(join(root, 'secret.txt'), join(docs, 'leak.txt'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('serves index.html and files with their content types', async () => {
    const server = await start({ docsDir: docs });
    const redirect = await fetch(`${server.url}/docs`, { redirect: 'manual' });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get('location')).toBe('/docs/');

    const index = await fetch(`${server.url}/docs/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toContain('<title>docs</title>');

    for (const [file, type] of [
      ['app.js', 'text/javascript; charset=utf-8'],
      ['style.css', 'text/css; charset=utf-8'],
      ['openapi.json', 'application/json; charset=utf-8'],
      ['guides/', 'text/html; charset=utf-8'],
    ]) {
      const res = await fetch(`${server.url}/docs/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-type'), file).toBe(type);
    }
    const head = await fetch(`${server.url}/docs/app.js`, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe('15');
    expect(await head.text()).toBe('');
  });

  it('redirects GET / to the docs (302) when it serves them, and only then', async () => {
    const server = await start({ docsDir: docs });
    for (const method of ['GET', 'HEAD']) {
      const root = await fetch(`${server.url}/`, { method, redirect: 'manual' });
      expect(root.status, method).toBe(302);
      expect(root.headers.get('location'), method).toBe('/docs/');
    }
    const followed = await fetch(`${server.url}/`);
    expect(await followed.text()).toContain('<title>docs</title>');
    // The API is untouched, and a server without docs keeps its JSON 404 at the root.
    expect((await fetch(`${server.url}/`, { method: 'POST' })).status).not.toBe(302);
    const bare = await start({});
    const plain = await fetch(`${bare.url}/`, { redirect: 'manual' });
    expect(plain.status).toBe(404);
    expect(await plain.json()).toMatchObject({ error: expect.any(String) });
  });

  it('answers 404 for missing files and 405 for writes', async () => {
    const server = await start({ docsDir: docs });
    const missing = await fetch(`${server.url}/docs/nope.html`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'Not found' });
    expect((await fetch(`${server.url}/docs/`, { method: 'POST', body: 'x' })).status).toBe(405);
  });

  it.each([
    '/docs/../secret.txt',
    '/docs/%2e%2e/secret.txt',
    '/docs/..%2fsecret.txt',
    '/docs/..%5csecret.txt',
    '/docs/guides/../../secret.txt',
    '/docs/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/docs//etc/passwd',
    '/docs/%00index.html',
    '/docs/%E0%A4%A',
    '/docs/leak.txt',
  ])('never serves anything outside the folder: %s', async (path) => {
    const server = await start({ docsDir: docs });
    const raw = await rawExchange(server.port, [
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
    ]);
    expect(raw).not.toContain('TOP SECRET');
    expect(raw).not.toContain('root:');
    expect(statusOf(raw)).toBe(404);
  });

  it('refuses a docs folder that does not exist', async () => {
    await expect(startMockServer({ port: 0, docsDir: join(root, 'missing') })).rejects.toThrow();
  });
});

describe('no outbound traffic', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('only ever sees connections to itself while serving a whole scenario', async () => {
    const server = await start({ corsOrigin: '*' });
    const connect = vi.spyOn(net.Socket.prototype, 'connect');
    const lookup = vi.spyOn(dns, 'lookup');
    const url = `${server.url}/v2/background-eraser`;
    const job = (await (await fetch(url, submitInit)).json()) as { response_url: string };
    server.mock.clock.advance(10_000);
    const result = (await (
      await fetch(job.response_url, { headers: { 'x-api-key': 'k' } })
    ).json()) as {
      output: string;
    };
    expect((await fetch(result.output)).status).toBe(200);
    await fetch(`${server.url}/v1/bria-erase-foreground`, {
      ...submitInit,
      body: JSON.stringify({ image: 'https://example.com/remote.jpg' }),
    });
    expect(lookup).not.toHaveBeenCalled();
    expect(connect).toHaveBeenCalled();
    for (const args of connect.mock.calls) {
      // net.connect passes its normalized arguments as one array: [options, callback].
      const first: unknown = args[0];
      const target = (Array.isArray(first) ? first[0] : first) as { port?: unknown; host?: string };
      expect({ port: Number(target.port), host: target.host }).toEqual({
        port: server.port,
        host: '127.0.0.1',
      });
    }
  });
});
