/**
 * Where the client reports what it does: every method is optional, so `console`, pino, winston
 * or a partial object all fit. Nothing logged ever holds the API key: request headers are never
 * logged, and messages from the server are redacted.
 */
export interface Logger {
  /** Each request attempt. */
  debug?(message: string, details?: Record<string, unknown>): void;
  /** Job milestones: submitted, status changes. */
  info?(message: string, details?: Record<string, unknown>): void;
  /** Retries and the reason for each. */
  warn?(message: string, details?: Record<string, unknown>): void;
  /** Failures the client gives up on. */
  error?(message: string, details?: Record<string, unknown>): void;
}
