// The log levels alone, apart from the logger that writes to standard error: the option table
// names them, and the simulator's entry (which runs in browsers) takes the table along.

/** How much the server writes: `silent` nothing, `debug` everything. */
export type LogLevel = 'silent' | 'error' | 'warn' | 'info' | 'debug';

/** The accepted log levels, least verbose first. */
export const LOG_LEVELS: readonly LogLevel[] = ['silent', 'error', 'warn', 'info', 'debug'];
