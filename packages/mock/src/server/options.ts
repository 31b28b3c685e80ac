// The options of the HTTP server, apart from the server itself so the option table can name them
// without importing the server (and the server's imports the table's).
import type { SegmindMockOptions, SharedStateStore } from '../core.js';
import type { LogLevel, LogSink } from './logger.js';

/** Options of {@link startMockServer}: the simulator's options plus the HTTP server's own. */
export interface MockServerOptions extends Omit<SegmindMockOptions, 'store'> {
  /**
   * Where the state lives: `memory` (the default: this process) or a Redis URL,
   * `redis://host:port/db`, shared by every server started on it with the same `storePrefix`
   * (so several instances behind a load balancer serve one queue). A store object made by
   * `createRedisStore()` is used as given, and left open on close.
   */
  store?: string | SharedStateStore;
  /** Namespace of the Redis keys (default `segmind-mock`); a reset clears its own only. */
  storePrefix?: string;
  /** How long a call to Redis may take before a request answers 503 (ms, default 1000). */
  storeTimeoutMs?: number;
  /** TCP port; `0` (the default) picks a free one, read it back from {@link MockServer.port}. */
  port?: number;
  /** Interface to listen on. Defaults to `127.0.0.1` (loopback only). */
  host?: string;
  /** When set, every `/__mock/` control call needs `Authorization: Bearer <adminToken>`. */
  adminToken?: string;
  /**
   * Origins allowed to call the server from a browser: `*` or a comma-separated list. Adds the
   * CORS headers to every answer and answers preflight requests. Off by default.
   */
  corsOrigin?: string;
  /** A folder served read-only at `/docs` (for instance the docs site's static build). */
  docsDir?: string;
  /** How much the server logs to standard error. Defaults to `warn`. */
  logLevel?: LogLevel;
  /** Where log lines go instead of standard error. */
  logSink?: LogSink;
  /** How long {@link MockServer.close} waits for open requests before cutting them. 2 s. */
  shutdownGraceMs?: number;
}
