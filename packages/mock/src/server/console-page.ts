import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeJson } from './bridge.js';

/** Where the console is served: the page, and its two files under it. */
export const CONSOLE_PATH = '/__mock/console';

/** Answered at `/__mock/console/settings.json`: whether the page must ask for the token. */
const SETTINGS = 'settings.json';

/** The files the page is made of (`console/` in the package), by the name served. */
const FILES: Readonly<Record<string, { file: string; type: string }>> = {
  '': { file: 'index.html', type: 'text/html; charset=utf-8' },
  'console.js': { file: 'console.js', type: 'text/javascript; charset=utf-8' },
  'console.css': { file: 'console.css', type: 'text/css; charset=utf-8' },
};

/**
 * The page loads and calls nothing but its own origin: its script, its style sheet and the
 * control API (thumbnails are read from it and shown as `blob:` URLs). No inline script or
 * style, no frame, no form posted anywhere; and no other page may frame it (clickjacking).
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const HEADERS = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-cache',
};

/**
 * The package's `console/` folder. The built server (`dist/server.js`) sits one level under the
 * package root, its source (`src/server/`, run by the tests) two.
 */
function consoleDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '..', 'console'), join(here, '..', '..', 'console')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? (candidates[0] as string);
}

/** Whether a request path is the console's. */
export function isConsolePath(pathname: string): boolean {
  return pathname === CONSOLE_PATH || pathname.startsWith(`${CONSOLE_PATH}/`);
}

/**
 * Serves the console: the page and its files, the only ones, read from the package at each
 * request (they are small, and an edited file shows on reload). No admin token is needed for
 * them: they hold no state, and the page asks for the token before it reads any.
 */
export function createConsolePage(options: { adminToken: boolean }) {
  const dir = consoleDir();
  // The page asks for the token before its first control call rather than after a 401.
  const settings = Buffer.from(JSON.stringify({ adminToken: options.adminToken }));
  return async function serveConsole(
    req: IncomingMessage,
    res: ServerResponse,
    pathname: string,
  ): Promise<void> {
    const name = pathname.slice(CONSOLE_PATH.length).replace(/^\//, '');
    const entry = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
    if (entry === undefined && name !== SETTINGS) {
      writeJson(res, 404, { error: `No console file ${pathname.slice(0, 128)}` });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      writeJson(
        res,
        405,
        { error: `Method ${String(req.method).slice(0, 16)} not allowed; use GET` },
        { allow: 'GET, HEAD' },
      );
      return;
    }
    let body = settings;
    if (entry !== undefined) {
      try {
        body = await readFile(join(dir, entry.file));
      } catch {
        writeJson(res, 404, { error: `The console's ${entry.file} is missing from ${dir}` });
        return;
      }
    }
    const type = entry?.type ?? 'application/json';
    res.writeHead(200, { ...HEADERS, 'content-type': type, 'content-length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
