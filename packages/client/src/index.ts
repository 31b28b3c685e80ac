export { readEnv } from './env.js';
export {
  API_KEY_ENV,
  createTransport,
  DEFAULT_BASE_URL,
  resolveApiKey,
  type SegmindTransport,
  type TransportOptions,
} from './transport.js';
export type * from './types.js';
