// How the server serves the console: its three files, under a strict Content-Security-Policy,
// without the admin token (the page holds no state), and never opened to other origins by CORS.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CSP } from '../src/server/console-page.js';
import { type MockServer, startMockServer } from '../src/server/index.js';

const FILES = ['index.html', 'console.js', 'console.css'];

describe('the console, served by segmind-mock', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ adminToken: 'tok', corsOrigin: '*', logLevel: 'silent' });
  });
  afterAll(() => server.close());

  it('serves the page and its files with a CSP allowing only its own origin', async () => {
    for (const [path, type, file] of [
      ['/__mock/console', 'text/html; charset=utf-8', 'index.html'],
      ['/__mock/console/', 'text/html; charset=utf-8', 'index.html'],
      ['/__mock/console/console.js', 'text/javascript; charset=utf-8', 'console.js'],
      ['/__mock/console/console.css', 'text/css; charset=utf-8', 'console.css'],
    ] as const) {
      const response = await fetch(`${server.url}${path}`, {
        headers: { origin: 'https://evil.example' },
      });
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toBe(type);
      expect(response.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      // `corsOrigin: '*'` opens the API to other pages, never the console.
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(await response.text()).toBe(
        readFileSync(new URL(`../console/${file}`, import.meta.url), 'utf8'),
      );
    }
    expect(CONSOLE_CSP).toContain("default-src 'self'");
    expect(CONSOLE_CSP).toContain("connect-src 'self'");
    expect(CONSOLE_CSP).toContain("frame-ancestors 'none'");
    expect(CONSOLE_CSP).not.toMatch(/unsafe|https?:|\*/);
  });

  it('serves the page without the admin token, and says the page must ask for one', async () => {
    expect((await fetch(`${server.url}/__mock/state`)).status).toBe(401);
    const settings = await fetch(`${server.url}/__mock/console/settings.json`);
    expect(settings.status).toBe(200);
    expect(await settings.json()).toEqual({ adminToken: true });
    const page = await (await fetch(`${server.url}/__mock/console`)).text();
    // Nothing of the state is in the page itself: it is all read through the control API.
    expect(page).not.toMatch(/tok\b/);
  });

  it('answers only its own files, and only to GET and HEAD', async () => {
    // Three names are served, nothing else: there is no path to resolve, hence none to escape.
    for (const path of ['/__mock/console/index.js', '/__mock/console/x/console.js']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(404);
    }
    const post = await fetch(`${server.url}/__mock/console`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const head = await fetch(`${server.url}/__mock/console/console.js`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0);
  });

  it('says no admin token is needed when the mock has none', async () => {
    const open = await startMockServer({ logLevel: 'silent' });
    try {
      const settings = await fetch(`${open.url}/__mock/console/settings.json`);
      expect(await settings.json()).toEqual({ adminToken: false });
    } finally {
      await open.close();
    }
  });
});

describe('the console files the package ships', () => {
  // Hand-written and shipped as written (no build step, readable in the browser's developer
  // tools); the budget keeps it from growing unnoticed.
  it('stay small: under 48 kB, 15 kB gzipped, all three together', () => {
    const bytes = FILES.map((file) => readFileSync(new URL(`../console/${file}`, import.meta.url)));
    const raw = bytes.reduce((sum, file) => sum + file.length, 0);
    const gzip = bytes.reduce((sum, file) => sum + gzipSync(file, { level: 9 }).length, 0);
    console.log(`console: ${raw} bytes, ${gzip} bytes gzipped (${FILES.join(', ')})`);
    expect(raw).toBeLessThan(48_000);
    expect(gzip).toBeLessThan(15_000);
  });

  it('load nothing from another origin: no absolute URL in the page or its files', () => {
    for (const file of FILES) {
      const text = readFileSync(new URL(`../console/${file}`, import.meta.url), 'utf8');
      expect(text, file).not.toMatch(/(?:src|href)="(?!\/__mock\/console\/|data:|#)/);
      expect(text, file).not.toMatch(/https?:\/\//i);
    }
  });
});
