import { LOG_LEVELS, type LogLevel } from './log-levels.js';

export { LOG_LEVELS, type LogLevel } from './log-levels.js';

/** A sink for the server's log lines; the default writes to standard error. */
export type LogSink = (level: Exclude<LogLevel, 'silent'>, message: string) => void;

/** A logger that drops lines below its level before formatting them. */
export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
  /** Whether a line at `level` is written; lets callers skip building a costly message. */
  enabled(level: Exclude<LogLevel, 'silent'>): boolean;
}

const defaultSink: LogSink = (level, message) => {
  process.stderr.write(`[segmind-mock] ${level.padEnd(5)} ${message}\n`);
};

/** Creates a logger that writes the lines at `level` and above to `sink`. */
export function createLogger(level: LogLevel = 'warn', sink: LogSink = defaultSink): Logger {
  const threshold = LOG_LEVELS.indexOf(level);
  const enabled = (at: Exclude<LogLevel, 'silent'>) =>
    threshold > 0 && LOG_LEVELS.indexOf(at) <= threshold;
  const line = (at: Exclude<LogLevel, 'silent'>) => (message: string) => {
    if (enabled(at)) sink(at, message);
  };
  return {
    error: line('error'),
    warn: line('warn'),
    info: line('info'),
    debug: line('debug'),
    enabled,
  };
}
