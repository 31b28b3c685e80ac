import { type ClockMode, DEFAULT_MAX_BODY_BYTES, DEFAULT_RETENTION_MS } from '../core.js';
import { LOG_LEVELS, type LogLevel } from '../server/logger.js';
import {
  decimal,
  duration,
  integer,
  oneOf,
  rateLimit,
  store,
  storePrefix,
  stringList,
  text,
} from './values.js';

/** Every setting of `segmind-mock`, typed, after the defaults are applied. */
export interface Settings {
  port: number;
  host: string;
  clock: ClockMode;
  speed: number;
  seed?: number;
  apiKey?: string[];
  credits?: number;
  rateLimit: 'free' | 'pro' | number | false;
  retention: number;
  failureRate: number;
  adminToken?: string;
  corsOrigin?: string;
  logLevel: LogLevel;
  docsDir?: string;
  maxBodyBytes: number;
  store?: string;
  storePrefix?: string;
  timingsFrom?: string;
}

/** One setting: its flag, environment variable, config key, parser, default and help text. */
export interface FlagSpec {
  /** The config file key and the {@link Settings} key. */
  key: keyof Settings;
  /** Long flag name without dashes. */
  flag: string;
  /** Placeholder shown in the help. */
  value: string;
  /** The environment variable twin. */
  env: string;
  /** May be given more than once (the values add up). */
  multiple?: boolean;
  /** Whether the value is a path, resolved against the config file's folder when read there. */
  path?: boolean;
  parse(raw: unknown): Settings[keyof Settings];
  /** The default as shown in the help; `undefined` means "none". */
  defaultText?: string;
  /**
   * What the setting left out would open, for a setting that guards access: its variable set
   * but empty is then refused rather than read as "not set" (an empty value is a mistake there,
   * and silently leaving the mock open is the worst reading of it).
   */
  guards?: string;
  description: string;
}

/** The environment variable twin of a flag: `--rate-limit` is `SEGMIND_MOCK_RATE_LIMIT`. */
export function envName(flag: string): string {
  return `SEGMIND_MOCK_${flag.toUpperCase().replaceAll('-', '_')}`;
}

function spec(entry: Omit<FlagSpec, 'env'>): FlagSpec {
  return { ...entry, env: envName(entry.flag) };
}

/** The settings, in the order the help lists them. */
export const FLAGS: readonly FlagSpec[] = [
  spec({
    key: 'port',
    flag: 'port',
    value: 'N',
    parse: integer(0, 65535),
    defaultText: '4010',
    description: 'TCP port; 0 picks a free one.',
  }),
  spec({
    key: 'host',
    flag: 'host',
    value: 'HOST',
    parse: text,
    defaultText: '127.0.0.1',
    description: 'Interface to listen on (0.0.0.0 exposes it to the network).',
  }),
  spec({
    key: 'clock',
    flag: 'clock',
    value: 'real|virtual|auto',
    parse: oneOf(['real', 'virtual', 'auto'] as const),
    defaultText: 'real',
    description:
      'real: jobs move on with time. virtual: time stands still until POST /__mock/clock/advance. auto: virtual, and each poll of an unfinished job moves time to its next state (clients finish at once, for tests).',
  }),
  spec({
    key: 'speed',
    flag: 'speed',
    value: 'X',
    parse: decimal(0, 10_000, true),
    defaultText: '1',
    description: 'Multiplier of the real clock (10 makes a 12 s job take 1.2 s).',
  }),
  spec({
    key: 'seed',
    flag: 'seed',
    value: 'N',
    parse: integer(0, 2 ** 32 - 1),
    defaultText: '1; ids random',
    description:
      'Seed of the random choices (timing jitter, failure rate, fault probability) and, when given, of the request ids, which are otherwise random so that they never repeat across restarts.',
  }),
  spec({
    key: 'apiKey',
    flag: 'api-key',
    value: 'KEY',
    multiple: true,
    parse: stringList,
    guards: 'any non-empty key would be accepted',
    defaultText: 'any non-empty key',
    description: 'An accepted x-api-key; repeat it (or comma-separate) for several.',
  }),
  spec({
    key: 'credits',
    flag: 'credits',
    value: 'N',
    parse: decimal(0, Number.POSITIVE_INFINITY),
    defaultText: 'unlimited',
    description: 'Starting credit balance of each key; a job it cannot pay for gets 406.',
  }),
  spec({
    key: 'rateLimit',
    flag: 'rate-limit',
    value: 'free|pro|N|off',
    parse: rateLimit,
    defaultText: 'off',
    description:
      'Requests per key per minute: free = 5, pro = 50, or N; over it, 429 + Retry-After.',
  }),
  spec({
    key: 'retention',
    flag: 'retention',
    value: 'DURATION',
    parse: duration,
    defaultText: '1h',
    description: 'How long a job stays after its submission (ms, or 90s, 30m, 1h); then 404.',
  }),
  spec({
    key: 'failureRate',
    flag: 'failure-rate',
    value: 'P',
    parse: decimal(0, 1),
    defaultText: '0',
    description: 'Probability (0 to 1) that a job ends FAILED.',
  }),
  spec({
    key: 'adminToken',
    flag: 'admin-token',
    value: 'TOKEN',
    parse: text,
    guards: 'the control API would need no token',
    description: 'Require "Authorization: Bearer TOKEN" on every /__mock/ control call.',
  }),
  spec({
    key: 'corsOrigin',
    flag: 'cors-origin',
    value: 'ORIGINS',
    parse: text,
    description:
      'Allow browser calls to the API routes (never /__mock/) from these origins (* or a comma-separated list).',
  }),
  spec({
    key: 'logLevel',
    flag: 'log-level',
    value: 'LEVEL',
    parse: oneOf(LOG_LEVELS),
    defaultText: 'info',
    description: `${LOG_LEVELS.join(', ')}; info logs each request.`,
  }),
  spec({
    key: 'docsDir',
    flag: 'docs-dir',
    value: 'DIR',
    path: true,
    parse: text,
    description: 'Serve this static folder (the docs build) at /docs.',
  }),
  spec({
    key: 'maxBodyBytes',
    flag: 'max-body-bytes',
    value: 'N',
    parse: integer(1, 2 ** 31 - 1),
    defaultText: '20971520 (20 MB)',
    description: 'Largest request body accepted; a larger one gets 413.',
  }),
  spec({
    key: 'store',
    flag: 'store',
    value: 'memory|URL',
    parse: store,
    defaultText: 'memory',
    description:
      'Where the state lives: this process, or Redis (redis://host:port/db), shared by every instance on that URL and prefix.',
  }),
  spec({
    key: 'storePrefix',
    flag: 'store-prefix',
    value: 'NAME',
    parse: storePrefix,
    defaultText: 'segmind-mock',
    description: 'Namespace of the Redis keys; a reset clears its own only.',
  }),
  spec({
    key: 'timingsFrom',
    flag: 'timings-from',
    value: 'FILE.har',
    path: true,
    parse: text,
    description:
      'Queue and processing times per model measured from a recording (segmind-mock record).',
  }),
];

/** The defaults of the settings that have one. */
export const DEFAULTS: Settings = {
  port: 4010,
  host: '127.0.0.1',
  clock: 'real',
  speed: 1,
  rateLimit: false,
  retention: DEFAULT_RETENTION_MS,
  failureRate: 0,
  logLevel: 'info',
  maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
};
