export { LOG_LEVELS, type LogLevel, type LogSink } from './logger.js';
export { type MockServer, type MockServerOptions, startMockServer } from './start.js';
