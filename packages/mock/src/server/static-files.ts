import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { writeJson } from './bridge.js';

/** Content types of the files a static documentation build holds. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.yaml': 'application/yaml; charset=utf-8',
  '.yml': 'application/yaml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** The content type served for a file name; unknown extensions are served as bytes. */
export function contentTypeOf(fileName: string): string {
  return CONTENT_TYPES[extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

/** Serves one folder read-only under a URL prefix, e.g. a docs build under `/docs`. */
export interface StaticMount {
  /** The URL prefix, without a trailing slash (`/docs`). */
  readonly prefix: string;
  /** Whether a request path belongs to this mount. */
  matches(pathname: string): boolean;
  /** Answers a request whose path {@link matches}. Never throws. */
  serve(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void>;
}

/**
 * Mounts `root` at `prefix`. Paths are decoded once and resolved inside the real path of `root`;
 * anything that would leave it (`..`, an encoded slash or backslash, a NUL byte, or a symbolic
 * link pointing outside) is answered 404 like a missing file, so the answer reveals nothing.
 */
export async function mountStaticFolder(prefix: string, root: string): Promise<StaticMount> {
  const realRoot = await realpath(root);
  const rootStat = await stat(realRoot);
  if (!rootStat.isDirectory()) throw new Error(`Not a directory: ${root}`);

  const notFound = (res: ServerResponse) => writeJson(res, 404, { error: 'Not found' });

  async function resolveFile(relative: string): Promise<string | undefined> {
    const segments = relative.split('/').filter((segment) => segment !== '' && segment !== '.');
    if (segments.some((segment) => segment === '..' || /[\\\0]/.test(segment))) return undefined;
    let candidate = join(realRoot, ...segments);
    try {
      if ((await stat(candidate)).isDirectory()) candidate = join(candidate, 'index.html');
      const real = await realpath(candidate);
      if (real !== realRoot && !real.startsWith(realRoot + sep)) return undefined;
      return (await stat(real)).isFile() ? real : undefined;
    } catch {
      return undefined;
    }
  }

  return {
    prefix,
    matches: (pathname) => pathname === prefix || pathname.startsWith(`${prefix}/`),
    async serve(req, res, pathname) {
      try {
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          writeJson(
            res,
            405,
            { error: `Method ${req.method} not allowed on ${prefix}` },
            {
              allow: 'GET, HEAD',
            },
          );
          return;
        }
        if (pathname === prefix) {
          // Relative links in index.html resolve against the folder, so send it a slash.
          res.writeHead(301, { location: `${prefix}/`, 'content-length': 0 });
          res.end();
          return;
        }
        let relative: string;
        try {
          relative = decodeURIComponent(pathname.slice(prefix.length + 1));
        } catch {
          notFound(res);
          return;
        }
        const file = await resolveFile(relative);
        if (file === undefined) {
          notFound(res);
          return;
        }
        const { size } = await stat(file);
        res.writeHead(200, {
          'content-type': contentTypeOf(file),
          'content-length': size,
          'cache-control': 'no-cache',
          'x-content-type-options': 'nosniff',
        });
        if (req.method === 'HEAD') {
          res.end();
          return;
        }
        const stream = createReadStream(file);
        stream.on('error', () => res.destroy());
        stream.pipe(res);
      } catch {
        if (!res.headersSent) notFound(res);
        else res.destroy();
      }
    },
  };
}
