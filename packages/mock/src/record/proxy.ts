import {
  createServer,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import { DEFAULT_MAX_BODY_BYTES } from '../core.js';
import { BodyTooLargeError, readBody } from '../server/body.js';
import { mayHaveBody, requestOrigin, writeJson } from '../server/bridge.js';
import { createHostGuard, isLoopbackBind } from '../server/host-guard.js';
import { contentOf, decodeBody, isJson, mediaTypeOf, postDataOf, rewriteOrigin } from './bodies.js';
import type { HarEntry } from './har.js';
import { HarFile } from './har-file.js';
import { redactHeaders, scrub, secretsOf } from './redact.js';

/** Options of {@link startRecordingProxy}. */
export interface RecordingProxyOptions {
  /** Where requests go: `https://api.segmind.com`, or a mock (`http://127.0.0.1:4010`). */
  upstream: string;
  /** The HAR file to write (rewritten after every exchange). */
  out: string;
  /** How many requests may be forwarded; past it each request is refused with a 503. */
  maxRequests: number;
  /** Port to listen on; `0` (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; `127.0.0.1` by default. */
  host?: string;
  /** Largest request body forwarded (default 20 MB); a larger one gets 413. */
  maxBodyBytes?: number;
  /** The `creator.version` of the HAR. */
  version?: string;
  /** Where a line per exchange goes (nothing by default). */
  log?: (line: string) => void;
}

/** A running recording proxy. */
export interface RecordingProxy {
  /** The origin clients call instead of the upstream, e.g. `http://127.0.0.1:4020`. */
  readonly url: string;
  readonly port: number;
  /** The upstream's origin. */
  readonly upstream: string;
  /** Requests forwarded and recorded so far. */
  recorded(): number;
  /** Requests refused because the budget was spent. */
  refused(): number;
  /** Stops listening, lets open exchanges finish, and resolves once closed. */
  close(): Promise<void>;
}

/** Headers that concern one connection, never forwarded (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
]);

/** How much of a body that is neither JSON nor an image the recording keeps as text. */
const TEXT_KEPT = 1024 * 1024;

/** Raw headers (name, value, name, value, ...) without hop-by-hop ones, as a flat list. */
function forwardable(raw: readonly string[], skip: ReadonlySet<string> = HOP_BY_HOP): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    if (!skip.has(name.toLowerCase())) out.push(name, raw[i + 1] as string);
  }
  return out;
}

/** Raw headers as an object of lists, for the HAR. */
function headerObject(raw: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    const values = out[name] ?? [];
    values.push(raw[i + 1] as string);
    out[name] = values;
  }
  return out;
}

/** The query parameters of a URL, as HAR lists them. */
function queryOf(url: URL, secrets: readonly string[]) {
  return [...url.searchParams].map(([name, value]) => ({ name, value: scrub(value, secrets) }));
}

/**
 * Starts a recording proxy: a `node:http` server that forwards each request, unchanged, to the
 * upstream, streams the answer back, and appends the exchange to a HAR 1.2 file.
 *
 * - The API key and every other secret (`x-api-key`, `authorization`, cookies) are removed from
 *   the recording, and their values cut out of anything else it keeps. The key goes to the
 *   upstream and nowhere else: the proxy connects to no other host and follows no redirect.
 * - Answers come back as they came, streamed, with one exception: a JSON answer that carries
 *   absolute URLs on the upstream's origin (`status_url`, `response_url`, `poll_url`, an
 *   `output` served there) is sent with them pointing at the proxy, so that a client following
 *   them, as Segmind's SDK does, stays on the recording (and a `Location` alike). The HAR keeps
 *   what the upstream sent; the entry's comment says what was rewritten.
 * - Images are referenced, not inlined: the HAR keeps their size and first bytes.
 * - Past `maxRequests` forwarded requests, every request is refused with a 503 and a message,
 *   and nothing more reaches the upstream.
 */
export async function startRecordingProxy(options: RecordingProxyOptions): Promise<RecordingProxy> {
  let upstreamUrl: URL;
  try {
    upstreamUrl = new URL(options.upstream);
  } catch {
    throw new TypeError(`upstream must be an absolute http(s) URL, got ${options.upstream}`);
  }
  if (upstreamUrl.protocol !== 'http:' && upstreamUrl.protocol !== 'https:') {
    throw new TypeError(`upstream must be an http(s) URL, got ${options.upstream}`);
  }
  if (!(Number.isInteger(options.maxRequests) && options.maxRequests > 0)) {
    throw new RangeError(`maxRequests must be an integer > 0, got ${options.maxRequests}`);
  }
  const upstreamOrigin = upstreamUrl.origin;
  const basePath = upstreamUrl.pathname.replace(/\/+$/, '');
  const secure = upstreamUrl.protocol === 'https:';
  const agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  const send = secure ? httpsRequest : httpRequest;
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const log = options.log ?? (() => {});
  const hostAllowed = isLoopbackBind(host) ? createHostGuard() : undefined;
  const har = new HarFile(
    options.out,
    { name: 'segmind-mock record', version: options.version ?? '0.0.0' },
    `Recorded through segmind-mock record from ${upstreamOrigin}. The API key, authorization and cookies are removed; images are referenced by size and first bytes, not inlined (base64 images inside JSON too); otherwise answers are kept as the upstream sent them.`,
  );
  let forwarded = 0;
  let refused = 0;
  let listenOrigin = '';

  function refuse(res: ServerResponse, method: string, path: string) {
    refused += 1;
    log(`refused ${method} ${path}: the budget of ${options.maxRequests} requests is spent`);
    writeJson(res, 503, {
      error: `segmind-mock record: the budget of ${options.maxRequests} requests is spent, so this request was not forwarded to ${upstreamOrigin}; restart with a larger --max-requests to record more`,
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    if (hostAllowed && !hostAllowed(req.headers.host)) {
      writeJson(res, 403, {
        error: `Host ${JSON.stringify(req.headers.host)} is not served: a recorder bound to loopback answers only loopback names`,
      });
      return;
    }
    if (forwarded >= options.maxRequests) {
      refuse(res, method, target);
      return;
    }
    let body: Buffer | undefined;
    if (mayHaveBody(method)) {
      try {
        body = await readBody(req, maxBodyBytes);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          writeJson(res, 413, { error: `Request body is larger than ${maxBodyBytes} bytes` });
        } else {
          res.destroy();
        }
        return;
      }
    }
    // The budget may have run out while the body arrived.
    if (forwarded >= options.maxRequests) {
      refuse(res, method, target);
      return;
    }
    forwarded += 1;
    const path = target.startsWith('/') ? target : new URL(target).pathname;
    const url = new URL(`${upstreamOrigin}${basePath}${path}`);
    const secrets = secretsOf(req.headers);
    const proxyOrigin = requestOrigin(req, listenOrigin);
    const headers = forwardable(req.rawHeaders, new Set([...HOP_BY_HOP, 'host']));
    headers.push('host', url.host);
    const startedAt = new Date();
    const t0 = performance.now();
    let tSent = t0;
    let tFirst = t0;

    const entry = (status: number, content: HarEntry['response']['content']): HarEntry => ({
      startedDateTime: startedAt.toISOString(),
      time: Math.round(performance.now() - t0),
      request: {
        method,
        url: scrub(url.href, secrets),
        httpVersion: `HTTP/${req.httpVersion}`,
        cookies: [],
        headers: redactHeaders(headerObject(headers), secrets),
        queryString: queryOf(url, secrets),
        ...(body ? { postData: postDataOf(body, req.headers['content-type'], secrets) } : {}),
        headersSize: -1,
        bodySize: body?.length ?? 0,
      },
      response: {
        status,
        statusText: '',
        httpVersion: 'HTTP/1.1',
        cookies: [],
        headers: [],
        content,
        redirectURL: '',
        headersSize: -1,
        bodySize: -1,
      },
      cache: {},
      timings: {
        send: Math.round(tSent - t0),
        wait: Math.round(tFirst - tSent),
        receive: Math.round(performance.now() - tFirst),
      },
    });

    await new Promise<void>((resolve) => {
      const upstream = send(url, { method, headers, agent });
      upstream.on('response', (answer: IncomingMessage) => {
        tFirst = performance.now();
        const status = answer.statusCode ?? 502;
        const contentType = answer.headers['content-type'];
        const encoding = answer.headers['content-encoding'];
        const json = isJson(mediaTypeOf(contentType));
        const outgoing = forwardable(answer.rawHeaders);
        const location = answer.headers.location;
        const chunks: Buffer[] = [];
        let size = 0;
        let rewritten = 0;
        if (!json) {
          if (location?.startsWith(upstreamOrigin)) {
            for (let i = 0; i < outgoing.length; i += 2) {
              if ((outgoing[i] as string).toLowerCase() === 'location') {
                outgoing[i + 1] = proxyOrigin + location.slice(upstreamOrigin.length);
                rewritten += 1;
              }
            }
          }
          res.writeHead(status, outgoing);
        }
        answer.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (json || size - chunk.length < TEXT_KEPT) chunks.push(chunk);
          if (!json) res.write(chunk);
        });
        answer.on('error', () => res.destroy());
        answer.on('end', () => {
          const raw = Buffer.concat(chunks);
          const decoded = decodeBody(raw, encoding);
          if (json) {
            const rewrite = rewriteOrigin(decoded.toString('utf8'), upstreamOrigin, proxyOrigin);
            if (rewrite) {
              rewritten = rewrite.count;
              const text = Buffer.from(rewrite.text);
              const kept = forwardable(
                answer.rawHeaders,
                new Set([...HOP_BY_HOP, 'content-length', 'content-encoding']),
              );
              res.writeHead(status, [...kept, 'content-length', String(text.length)]);
              res.end(text);
            } else {
              res.writeHead(status, outgoing);
              res.end(raw);
            }
          } else {
            res.end();
          }
          const recorded = entry(status, contentOf(decoded, contentType, secrets));
          recorded.response.statusText = answer.statusMessage ?? '';
          recorded.response.httpVersion = `HTTP/${answer.httpVersion}`;
          recorded.response.headers = redactHeaders(headerObject(answer.rawHeaders), secrets);
          recorded.response.bodySize = size;
          if (location) recorded.response.redirectURL = scrub(location, secrets);
          if (rewritten > 0) {
            recorded.comment = `sent to the client with ${rewritten} absolute URL(s) on ${upstreamOrigin} rewritten to the proxy's ${proxyOrigin}; recorded here as the upstream sent it`;
          }
          har.add(recorded);
          log(
            `${method} ${path} → ${status} (${recorded.time} ms) [${forwarded}/${options.maxRequests}]`,
          );
          resolve();
        });
      });
      upstream.on('error', (error: Error) => {
        const reason = scrub(error.message, secrets);
        if (!res.headersSent) {
          writeJson(res, 502, {
            error: `segmind-mock record: no answer from the upstream ${upstreamOrigin}: ${reason}`,
          });
        } else {
          res.destroy();
        }
        const failed = entry(0, { size: 0, mimeType: '' });
        failed.response._error = reason;
        har.add(failed);
        log(`${method} ${path} → no answer: ${reason}`);
        resolve();
      });
      tSent = performance.now();
      upstream.end(body);
    });
  }

  const server = createServer((req, res) => {
    req.on('error', () => {});
    res.on('error', () => {});
    handle(req, res).catch((error: unknown) => {
      log(`${req.method} ${req.url} failed: ${(error as Error)?.message ?? error}`);
      if (!res.headersSent) writeJson(res, 500, { error: 'segmind-mock record: internal error' });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  listenOrigin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  return {
    url: listenOrigin,
    port,
    upstream: upstreamOrigin,
    recorded: () => har.size,
    refused: () => refused,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => {
          agent.destroy();
          resolve();
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
