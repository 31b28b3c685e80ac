/**
 * The one table of the mock's options: what `createSegmindMock` (and `createSegmindMockCore`),
 * `startMockServer` and the `segmind-mock` command take. Each entry gives the option's name (the
 * library option, the config file key, and through {@link flagName} and {@link envName} the
 * flag and the variable), who takes it, its default, its one-line doc and, when it can be
 * written as text, how the command line reads it. The command's parser and `--help`, the
 * defaults applied by `createSegmindMockCore` and `startMockServer`, and the options table of
 * the package's README are all made from it.
 */

import { PRODUCTION_ORIGIN } from '@segmind-ts/spec';
import { DEFAULT_MAX_BODY_BYTES } from '../core/body.js';
import { CLOCK_MODES } from '../core/clock.js';
import { DEFAULT_JOURNAL_BYTES, DEFAULT_JOURNAL_SIZE } from '../core/journal.js';
import type { SegmindMockOptions } from '../core/options.js';
import { DEFAULT_RETENTION_MS } from '../core/options.js';
import { LOG_LEVELS } from '../server/log-levels.js';
import type { MockServerOptions } from '../server/options.js';
import { DEFAULT_STORE_PREFIX, DEFAULT_STORE_TIMEOUT_MS } from '../store/redis/keys.js';
import {
  absoluteUrl,
  decimal,
  duration,
  durationText,
  integer,
  oneOf,
  rateLimit,
  store,
  storePrefix,
  stringList,
  text,
} from './parsers.js';

/**
 * Who takes an option: `simulator`, every one (`createSegmindMock`, `createSegmindMockCore`,
 * `startMockServer`, `segmind-mock`); `server`, `startMockServer` and `segmind-mock`;
 * `command`, `segmind-mock` alone.
 */
export type OptionScope = 'simulator' | 'server' | 'command';

/** Every option by name: the simulator's and the server's (`MockServerOptions`), and the command's own. */
export interface AllOptions extends MockServerOptions {
  /** `segmind-mock` only: the simulator's `timings`, measured from a HAR recording. */
  timingsFrom?: string;
}

/** How the command line, the environment and a config file give an option. */
export interface CliSpec<T> {
  /** Placeholder of the value in the help (`N`, `URL`, `real|virtual|auto`). */
  value: string;
  /** Reads a string (flag, variable) or a JSON value (config file); throws a plain message. */
  parse(raw: unknown): T;
  /** A valid value as the command line gives it, for the docs' checks. */
  example: string;
  /** May be given more than once (the values add up). */
  multiple?: boolean;
  /** A path: resolved against the config file's folder when read there. */
  path?: boolean;
  /**
   * What leaving the option out would open, for an option that guards access: its variable set
   * but empty is then refused rather than read as "not set" (an empty value is a mistake there,
   * and silently leaving the mock open is the worst reading of it).
   */
  guards?: string;
  /** An older name, still read as a flag, a variable and a config key (`retention`). */
  alias?: string;
}

/** One option. */
export interface OptionSpec<T> {
  scope: OptionScope;
  /** One line: what it does. */
  doc: string;
  /**
   * The value taken when the option is left out, where that is a plain value. Absent when
   * leaving it out means something of its own ("any key", "unlimited", "random ids") or when
   * the module that owns it applies it (the spec's per-model timings and costs).
   */
  default?: T;
  /** The default as the docs and `--help` state it. */
  defaultText: string;
  /**
   * The `segmind-mock` command's own default, where it differs from the library's: few, and
   * each with its reason.
   */
  command?: { default: T; defaultText: string; why: string };
  /** How the command takes it; absent for an option only code can give (an object, a function). */
  cli?: CliSpec<T>;
}

type ScopeOf<K> = K extends keyof SegmindMockOptions
  ? 'simulator'
  : K extends 'timingsFrom'
    ? 'command'
    : 'server';

/** One entry per option, no more: a new option of the simulator or the server must come here. */
export type OptionTable = {
  [K in keyof AllOptions]-?: OptionSpec<NonNullable<AllOptions[K]>> & { scope: ScopeOf<K> };
};

/** The options, in the order the help and the README list them. */
export const OPTIONS = {
  port: {
    scope: 'server',
    doc: 'TCP port; 0 picks a free one (read it back from `server.port`).',
    default: 0,
    defaultText: '0',
    command: {
      default: 4010,
      defaultText: '4010',
      why: 'a fixed port that clients and docs can name; from code, a free port keeps parallel tests apart',
    },
    cli: { value: 'N', parse: integer(0, 65535), example: '4011' },
  },
  host: {
    scope: 'server',
    doc: 'Interface to listen on (0.0.0.0 exposes it to the network).',
    default: '127.0.0.1',
    defaultText: '127.0.0.1',
    cli: { value: 'HOST', parse: text, example: '::1' },
  },
  baseUrl: {
    scope: 'simulator',
    doc: 'Origin the mock answers as in `status_url`, `response_url` and `output` (only its origin is used); the MSW handlers listen on it.',
    defaultText: `each request's own origin (MSW handlers: ${PRODUCTION_ORIGIN})`,
    cli: { value: 'URL', parse: absoluteUrl, example: 'https://mock.example.test' },
  },
  clock: {
    scope: 'simulator',
    doc: 'real: jobs move on with time. virtual: time stands still until advanced (`mock.clock.advance`, `POST /__mock/clock/advance`). auto: virtual, and each poll of an unfinished job moves time to its next state (clients finish at once, for tests).',
    default: 'virtual',
    defaultText: 'virtual',
    command: {
      default: 'real',
      defaultText: 'real',
      why: 'a server that nobody drives must move on its own; in a test, time moves when the test says',
    },
    cli: { value: CLOCK_MODES.join('|'), parse: oneOf(CLOCK_MODES), example: 'auto' },
  },
  speed: {
    scope: 'simulator',
    doc: 'Multiplier of the real clock (10 makes a 12 s job take 1.2 s).',
    default: 1,
    defaultText: '1',
    cli: { value: 'X', parse: decimal(0, 10_000, true), example: '10' },
  },
  seed: {
    scope: 'simulator',
    doc: 'Seed of the random choices (timing jitter, failure rate, fault probability) and, when given, of the request ids, which are otherwise random so that they never repeat across restarts.',
    defaultText: '1; ids random',
    cli: { value: 'N', parse: integer(0, 2 ** 32 - 1), example: '42' },
  },
  apiKeys: {
    scope: 'simulator',
    doc: 'Accepted `x-api-key` values: repeat the flag or comma-separate; from code, also per-key settings (`credits`, `rateLimit`, `forbidden`).',
    defaultText: 'any non-empty key',
    cli: {
      value: 'KEY',
      parse: stringList,
      example: 'key-a,key-b',
      multiple: true,
      guards: 'any non-empty key would be accepted',
      alias: 'apiKey',
    },
  },
  credits: {
    scope: 'simulator',
    doc: 'Starting credit balance of each key (from code, also per key); a job it cannot pay for gets 406.',
    defaultText: 'unlimited',
    cli: { value: 'N', parse: decimal(0, Number.POSITIVE_INFINITY), example: '12.5' },
  },
  costs: {
    scope: 'simulator',
    doc: 'Credits a job costs, per model.',
    defaultText: "each model's `x-cost` in the spec (`DEFAULT_COSTS`)",
  },
  rateLimit: {
    scope: 'simulator',
    doc: "Requests per key per minute: free = 5, pro = 50, or N; over it, 429 + Retry-After. A key's own plan (`apiKeys`) overrides it.",
    default: false,
    defaultText: 'off',
    cli: { value: 'free|pro|N|off', parse: rateLimit, example: 'pro' },
  },
  retentionMs: {
    scope: 'simulator',
    doc: "How long a job's status and result are kept after its submission, then 404 (ms; the command also takes 90s, 30m, 1h).",
    default: DEFAULT_RETENTION_MS,
    defaultText: `${DEFAULT_RETENTION_MS} (${durationText(DEFAULT_RETENTION_MS)})`,
    cli: { value: 'DURATION', parse: duration, example: '30m', alias: 'retention' },
  },
  timings: {
    scope: 'simulator',
    doc: 'Queue and processing times per model, and seeded jitter.',
    defaultText: "each model's `x-typical-queue-ms` and `x-typical-processing-ms` in the spec",
  },
  timingsFrom: {
    scope: 'command',
    doc: 'Queue and processing times per model measured from a recording (`segmind-mock record`).',
    defaultText: "the spec's",
    cli: { value: 'FILE.har', parse: text, example: 'recording.har', path: true },
  },
  failureRate: {
    scope: 'simulator',
    doc: 'Probability (0 to 1) that a job ends FAILED on its own.',
    default: 0,
    defaultText: '0',
    cli: { value: 'P', parse: decimal(0, 1), example: '0.25' },
  },
  adminToken: {
    scope: 'simulator',
    doc: 'Require `Authorization: Bearer TOKEN` on every `/__mock/` control call.',
    defaultText: 'none',
    cli: {
      value: 'TOKEN',
      parse: text,
      example: 'admin-secret',
      guards: 'the control API would need no token',
    },
  },
  corsOrigin: {
    scope: 'server',
    doc: 'Allow browser calls to the API routes (never `/__mock/`) from these origins (`*` or a comma-separated list).',
    defaultText: 'none',
    cli: { value: 'ORIGINS', parse: text, example: 'http://localhost:5173' },
  },
  logLevel: {
    scope: 'server',
    doc: `${LOG_LEVELS.join(', ')}; info logs each request.`,
    default: 'warn',
    defaultText: 'warn',
    command: {
      default: 'info',
      defaultText: 'info',
      why: 'a person running the command sees each request; a test suite wants quiet',
    },
    cli: { value: 'LEVEL', parse: oneOf(LOG_LEVELS), example: 'debug' },
  },
  logger: {
    scope: 'simulator',
    doc: "Where the simulator's rare warnings go (the hint about a virtual clock polled but never advanced).",
    default: console,
    defaultText: '`console`',
  },
  logSink: {
    scope: 'server',
    doc: 'Where the server writes its log lines.',
    defaultText: 'standard error',
  },
  docsDir: {
    scope: 'server',
    doc: 'Serve this static folder (the docs build) at `/docs`.',
    defaultText: 'none',
    cli: { value: 'DIR', parse: text, example: 'site', path: true },
  },
  maxBodyBytes: {
    scope: 'simulator',
    doc: 'Largest request body accepted; a larger one gets 413.',
    default: DEFAULT_MAX_BODY_BYTES,
    defaultText: '20971520 (20 MB)',
    cli: { value: 'N', parse: integer(1, 2 ** 31 - 1), example: '1048576' },
  },
  journalSize: {
    scope: 'simulator',
    doc: 'Entries the request journal keeps; the oldest go first.',
    default: DEFAULT_JOURNAL_SIZE,
    defaultText: '1000',
    cli: { value: 'N', parse: integer(1, 10_000_000), example: '50' },
  },
  journalBytes: {
    scope: 'simulator',
    doc: 'About how many bytes of JSON the request journal keeps; the oldest entries go first.',
    default: DEFAULT_JOURNAL_BYTES,
    defaultText: '8388608 (8 MiB)',
    cli: { value: 'N', parse: integer(1, 2 ** 31 - 1), example: '65536' },
  },
  store: {
    scope: 'simulator',
    doc: 'Where the state lives: this process, or Redis (`redis://host:port/db`), shared by every instance on that URL and prefix; from code, also a store object (`createRedisStore()`), the one form `createSegmindMock` takes.',
    defaultText: 'memory',
    cli: { value: 'memory|URL', parse: store, example: 'redis://127.0.0.1:6379/0' },
  },
  storePrefix: {
    scope: 'server',
    doc: 'Namespace of the Redis keys; a reset clears its own only.',
    default: DEFAULT_STORE_PREFIX,
    defaultText: DEFAULT_STORE_PREFIX,
    cli: { value: 'NAME', parse: storePrefix, example: 'staging' },
  },
  storeTimeoutMs: {
    scope: 'server',
    doc: 'How long a call to Redis may take before the request answers 503 (ms).',
    default: DEFAULT_STORE_TIMEOUT_MS,
    defaultText: String(DEFAULT_STORE_TIMEOUT_MS),
    cli: { value: 'MS', parse: integer(1, 600_000), example: '250' },
  },
  shutdownGraceMs: {
    scope: 'server',
    doc: 'How long closing waits for open requests before cutting them (ms).',
    default: 2000,
    defaultText: '2000',
    cli: { value: 'MS', parse: integer(0, 600_000), example: '500' },
  },
} satisfies OptionTable;

/** The name of an option. */
export type OptionName = keyof typeof OPTIONS;

/** The option names, in the table's order. */
export const OPTION_NAMES = Object.keys(OPTIONS) as OptionName[];

/** The flag of an option, without its dashes: `retentionMs` is `retention-ms`. */
export function flagName(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/** The variable of an option: `retentionMs` is `SEGMIND_MOCK_RETENTION_MS`. */
export function envName(name: string): string {
  return `SEGMIND_MOCK_${flagName(name).toUpperCase().replaceAll('-', '_')}`;
}
