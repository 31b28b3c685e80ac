import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSegmindMockCore } from '@segmind-ts/mock/core';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The built ESM bundle, loaded by headless Chromium from a page on a loopback server that also
// answers the API through @segmind-ts/mock (real clock, short timings), runs a job end to end.
const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  // CI installs Chromium (.ci/run): there, a missing browser is a broken setup, not a skip.
  if (process.env.CI) throw new Error(`${CHROMIUM} not found: .ci/run should have installed it.`);
  console.warn(`Skipping the browser test: ${CHROMIUM} not found (apt-get install -y chromium).`);
}

const here = dirname(fileURLToPath(import.meta.url));
const distDir = join(here, '..', 'dist');
const requireHere = createRequire(import.meta.url);
const openapiFetch = requireHere.resolve('openapi-fetch').replace(/index\.c?js$/, 'index.mjs');
// The spec package's ESM entry (`require` resolves its CommonJS twin): it has no import of its own.
const spec = requireHere.resolve('@segmind-ts/spec').replace(/index\.cjs$/, 'index.js');

const page = `<!doctype html>
<html><head><meta charset="utf-8"><title>segmind client</title>
<script type="importmap">{ "imports": {
  "openapi-fetch": "/vendor/openapi-fetch.mjs",
  "@segmind-ts/spec": "/vendor/segmind-spec.js"
} }</script>
</head><body>
<script type="module">
  import { Segmind, toBase64 } from '/client/index.js';
  try {
    const segmind = new Segmind({ apiKey: 'sk-browser', baseUrl: location.origin });
    const seen = [];
    const image = await toBase64(new Blob([new Uint8Array([137, 80, 78, 71])]));
    const result = await segmind.run('bria-erase-foreground', { image }, {
      timeoutMs: 20000,
      onStatus: (status) => seen.push(status.status),
    });
    const png = await segmind.downloadOutput(result);
    window.__outcome = { ok: true, status: result.status, output: result.output, seen,
      signature: Array.from(png.subarray(0, 4)) };
  } catch (error) {
    window.__outcome = { ok: false, error: String(error && error.stack || error) };
  }
</script></body></html>`;

const mock = createSegmindMockCore({
  clock: 'real',
  timings: { default: { queueMs: 100, processingMs: 400 } },
});
const apiKeysSeen: Array<string | undefined> = [];

async function serve(req: IncomingMessage, res: ServerResponse, origin: string) {
  const url = new URL(req.url ?? '/', origin);
  if (url.pathname === '/') {
    res.writeHead(200, { 'content-type': 'text/html' }).end(page);
    return;
  }
  if (url.pathname === '/vendor/openapi-fetch.mjs') {
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(await readFile(openapiFetch));
    return;
  }
  if (url.pathname === '/vendor/segmind-spec.js') {
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(await readFile(spec));
    return;
  }
  if (url.pathname.startsWith('/client/')) {
    const file = normalize(join(distDir, url.pathname.slice('/client/'.length)));
    if (!file.startsWith(distDir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(await readFile(file));
    return;
  }
  if (url.pathname === '/favicon.ico') {
    res.writeHead(204).end();
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
  }
  apiKeysSeen.push(headers.get('x-api-key') ?? undefined);
  const answer = await mock.handle(
    new Request(url, {
      method: req.method ?? 'GET',
      headers,
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
    }),
  );
  if (answer.type === 'error') {
    req.socket.destroy();
    return;
  }
  res.writeHead(answer.status, Object.fromEntries(answer.headers));
  res.end(Buffer.from(await answer.arrayBuffer()));
}

// Launching Chromium and running a job in real time (half a second of mock timings) takes a
// second or two on an idle machine; the bounds below are generous for CI's two loaded cores, and
// nothing asserts on elapsed time.
describe.skipIf(!hasChromium)('built ESM bundle in headless Chromium', () => {
  let server: Server;
  let origin: string;
  let browser: Browser;

  beforeAll(async () => {
    server = createServer((req, res) => {
      serve(req, res, origin).catch((error: unknown) => {
        res.writeHead(500).end(String(error));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
      ],
    });
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('runs a job against a local server and downloads its output', async () => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    const outside: string[] = [];
    tab.on('request', (request) => {
      if (!request.url().startsWith(origin)) outside.push(request.url());
    });
    await tab.goto(`${origin}/`);
    await tab.waitForFunction(
      () => (window as { __outcome?: unknown }).__outcome !== undefined,
      null,
      {
        timeout: 30_000,
      },
    );
    const outcome = await tab.evaluate(() => (window as { __outcome?: unknown }).__outcome);
    await context.close();
    expect(outcome).toEqual({
      ok: true,
      status: 'COMPLETED',
      output: expect.stringMatching(new RegExp(`^${origin}/outputs/.+\\.png$`)),
      seen: expect.arrayContaining(['COMPLETED']),
      signature: [0x89, 0x50, 0x4e, 0x47],
    });
    expect(outside).toEqual([]);
    // The API calls carried the key; the output download did not.
    expect(apiKeysSeen.at(-1)).toBeUndefined();
    expect(apiKeysSeen.slice(0, -1).every((key) => key === 'sk-browser')).toBe(true);
  }, 60_000);
});
