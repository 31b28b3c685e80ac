export {
  createRedisStore,
  DEFAULT_STORE_PREFIX,
  DEFAULT_STORE_TIMEOUT_MS,
  type RedisStoreOptions,
} from '../store/redis/index.js';
export { LOG_LEVELS, type LogLevel, type LogSink } from './logger.js';
export { type MockServer, type MockServerOptions, startMockServer } from './start.js';
