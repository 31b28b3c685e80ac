import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  CONTROL_PREFIX,
  createSegmindMockCore,
  type SegmindMockCore,
  type SharedStateStore,
} from '../core.js';
import { SERVER_DEFAULTS, SIMULATOR_DEFAULTS, withDefaults } from '../options/defaults.js';
import { createRedisStore, isRedisUrl } from '../store/redis/index.js';
import { BodyTooLargeError, readBody } from './body.js';
import {
  absoluteUrl,
  mayHaveBody,
  requestOrigin,
  toRequestLike,
  writeJson,
  writeReply,
} from './bridge.js';
import { createClientErrorHandler, refuseConnect } from './client-error.js';
import { createConsolePage, isConsolePath } from './console-page.js';
import { type CorsPolicy, createCorsPolicy } from './cors.js';
import { createHostGuard, isLoopbackBind } from './host-guard.js';
import { createLogger } from './logger.js';
import type { MockServerOptions } from './options.js';
import { mountStaticFolder, type StaticMount } from './static-files.js';
import { answerTooLarge } from './too-large.js';

export type { MockServerOptions } from './options.js';

/** A running mock server. */
export interface MockServer {
  /** The origin clients use, e.g. `http://127.0.0.1:4010` (no trailing slash). */
  readonly url: string;
  /** The port actually bound (useful with `port: 0`). */
  readonly port: number;
  /** The simulator behind the server, for the same controls as in-process. */
  readonly mock: SegmindMockCore;
  /** Stops accepting connections, lets open requests finish, and resolves once closed. */
  close(): Promise<void>;
}

const noop = () => {};

/** The address clients dial: a wildcard bind is reached through loopback. */
function dialableHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** Cuts the query off a raw request target without parsing it as a URL. */
function pathOf(target: string): string {
  const query = target.indexOf('?');
  return query === -1 ? target : target.slice(0, query);
}

/**
 * Starts the simulator as a real HTTP server on `node:http`. Every request is bridged to
 * `mock.reply()` (what `mock.handle()` answers, before it becomes a `Response`), so the server
 * answers exactly what the in-process MSW handlers answer;
 * a simulated network error destroys the socket. The server never makes an outbound request.
 *
 * Input never brings it down: bodies over `maxBodyBytes` (20 MB by default) get 413 before they
 * are read in full, malformed HTTP gets 400 from the parser hook, a client that vanishes
 * mid-request is dropped, and an unexpected fault in one request answers that request alone.
 *
 * @example
 * const server = await startMockServer({ port: 0, clock: 'virtual' });
 * const res = await fetch(`${server.url}/__mock/health`);
 * await server.close();
 */
export async function startMockServer(given: MockServerOptions = {}): Promise<MockServer> {
  // The server's defaults come from the option table, as the simulator's and the command's do.
  const options = withDefaults(given, SERVER_DEFAULTS);
  const {
    port,
    host,
    corsOrigin,
    docsDir,
    logLevel,
    logSink,
    shutdownGraceMs,
    store,
    storePrefix,
    storeTimeoutMs,
    ...simulatorOptions
  } = options;
  const maxBodyBytes = options.maxBodyBytes ?? SIMULATOR_DEFAULTS.maxBodyBytes;
  const logger = createLogger(logLevel, logSink);
  const docs: StaticMount | undefined = docsDir
    ? await mountStaticFolder('/docs', docsDir)
    : undefined;
  let shared: SharedStateStore | undefined;
  let ownStore = false;
  if (typeof store === 'string') {
    if (isRedisUrl(store)) {
      shared = await createRedisStore({
        url: store,
        prefix: storePrefix,
        timeoutMs: storeTimeoutMs,
        onEvent: (level, message) => logger[level](message),
      });
      ownStore = true;
    } else if (store !== 'memory') {
      throw new TypeError(`store must be 'memory' or a redis:// URL, got ${store}`);
    }
  } else {
    shared = store; // a store object, or none: this process
  }
  const closeStore = async () => {
    if (ownStore) await shared?.close();
  };
  let mock: SegmindMockCore;
  try {
    mock = createSegmindMockCore({
      // The simulator's hints (a virtual clock polled but never advanced) join the server's log.
      logger: { warn: (message) => logger.warn(message) },
      ...simulatorOptions,
      maxBodyBytes,
      ...(shared ? { store: shared } : {}),
    });
  } catch (error) {
    await closeStore();
    throw error;
  }
  const cors: CorsPolicy | undefined = corsOrigin ? createCorsPolicy(corsOrigin) : undefined;
  let fallbackOrigin = `http://${dialableHost(host)}:${port}`;
  const hostAllowed = isLoopbackBind(host) ? createHostGuard() : undefined;
  const serveConsole = createConsolePage({ adminToken: options.adminToken !== undefined });

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = pathOf(req.url ?? '/');
    if (req.headers.host === undefined && req.httpVersion === '1.1') {
      // HTTP/1.1 requires Host (RFC 9112). Node would refuse it itself with an empty 400; the
      // mock says why, in the API's error shape.
      writeJson(
        res,
        400,
        { error: 'Missing Host header (required by HTTP/1.1)' },
        { connection: 'close' },
      );
      return;
    }
    if (hostAllowed && !hostAllowed(req.headers.host)) {
      writeJson(
        res,
        403,
        {
          error: `Host ${JSON.stringify(req.headers.host)} is not served: a mock bound to loopback answers only loopback names (localhost, 127.0.0.1, [::1]); bind it with --host 0.0.0.0 to serve others`,
        },
        { connection: 'close' },
      );
      return;
    }
    // Before CORS: `corsOrigin` opens the API to other pages, never the console.
    if (isConsolePath(path)) {
      await serveConsole(req, res, path);
      return;
    }
    // The CORS setting opens the API to browser pages, never the control API: `--cors-origin *`
    // must not make the journal readable, nor the state writable, by any page on the web.
    if (cors && !path.startsWith(CONTROL_PREFIX)) {
      if (cors.isPreflight(req)) {
        res.writeHead(204, { ...cors.preflightHeaders(req), 'content-length': 0 });
        res.end();
        return;
      }
      for (const [name, value] of Object.entries(cors.headersFor(req))) {
        if (value !== undefined) res.setHeader(name, value);
      }
    }
    if (docs?.matches(path)) {
      await docs.serve(req, res, path);
      return;
    }
    if (docs && path === '/' && (method === 'GET' || method === 'HEAD')) {
      // The API has nothing at the root: a browser opened on the server's URL lands on the docs.
      res.writeHead(302, { location: `${docs.prefix}/`, 'content-length': 0 });
      res.end();
      return;
    }

    let body: Buffer | undefined;
    if (mayHaveBody(method)) {
      try {
        body = await readBody(req, maxBodyBytes);
      } catch (error) {
        if (error instanceof BodyTooLargeError) answerTooLarge(req, res, maxBodyBytes);
        // The client went away mid-body, or the parser refused the body's framing and the
        // client-error handler has answered it already.
        else if (!res.headersSent) res.destroy();
        return;
      }
    }

    let url: string;
    try {
      url = absoluteUrl(req.url ?? '/', requestOrigin(req, fallbackOrigin));
    } catch {
      writeJson(res, 400, { error: 'Malformed request target' });
      return;
    }
    const reply = await mock.reply(toRequestLike(req, url, body));
    if (reply.networkError) {
      // The simulated network error: the client sees the connection drop, as with a real one.
      req.socket.destroy();
      return;
    }
    writeReply(res, reply);
  }

  // Node's own refusal of a request without Host is an empty 400; `answer` gives a JSON one.
  const server = createServer({ requireHostHeader: false }, (req, res) => {
    // Errors of a vanished client surface here; they concern that request only.
    req.on('error', noop);
    res.on('error', noop);
    const started = logger.enabled('info') ? performance.now() : 0;
    answer(req, res).then(
      () => {
        if (started) {
          const ms = (performance.now() - started).toFixed(1);
          const outcome = res.headersSent ? res.statusCode : 'no answer, connection closed';
          logger.info(`${req.method} ${req.url} → ${outcome} (${ms} ms)`);
        }
      },
      (error: unknown) => {
        logger.error(`${req.method} ${req.url} failed: ${(error as Error)?.stack ?? error}`);
        if (!res.headersSent) writeJson(res, 500, { error: 'Internal mock server error' });
        else res.destroy();
      },
    );
  });
  server.on('clientError', createClientErrorHandler(logger));
  // Node hands CONNECT (a proxy tunnel request) to this event and closes the connection when
  // nobody listens; the mock is no proxy, and says so.
  server.on('connect', (req: IncomingMessage, socket: Socket) => {
    logger.info(`CONNECT ${req.url} → 405`);
    refuseConnect(socket);
  });
  server.on('error', (error) => logger.error(`server error: ${error.message}`));

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `Port ${port} on ${host} is already in use; choose another (0 picks a free one)`,
            )
          : error,
      );
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  }).catch(async (error: unknown) => {
    await closeStore();
    throw error;
  });

  const boundPort = (server.address() as AddressInfo).port;
  fallbackOrigin = `http://${dialableHost(host)}:${boundPort}`;
  logger.debug(`listening on ${fallbackOrigin}`);

  let closing: Promise<void> | undefined;
  return {
    url: fallbackOrigin,
    port: boundPort,
    mock,
    close() {
      closing ??= new Promise<void>((resolve) => {
        const cut = setTimeout(() => server.closeAllConnections(), shutdownGraceMs);
        cut.unref();
        server.close(() => {
          clearTimeout(cut);
          logger.debug('closed');
          closeStore().then(resolve, resolve);
        });
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
