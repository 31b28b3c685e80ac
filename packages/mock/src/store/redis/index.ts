import type { SharedStateStore, SimulatorBinding } from '../../core/state.js';
import {
  checkedPrefix,
  DEFAULT_STORE_PREFIX,
  DEFAULT_STORE_TIMEOUT_MS,
  generationPattern,
  isRedisUrl,
  redactedUrl,
} from './keys.js';
import { HEADER_FIELDS, OP_FIELDS, STEP_SCRIPT } from './script.js';
import {
  RedisSharedState,
  type StepCall,
  type StepResult,
  type StepTransport,
  StoreError,
  type View,
} from './shared-state.js';

export {
  DEFAULT_STORE_PREFIX,
  DEFAULT_STORE_TIMEOUT_MS,
  isRedisUrl,
  redactedUrl,
} from './keys.js';

/** Options of {@link createRedisStore}. */
export interface RedisStoreOptions {
  /** `redis://[[user]:password@]host:port/db` (or `rediss://` for TLS). */
  url: string;
  /** Namespace of the keys, so that several mocks can share one Redis (default `segmind-mock`). */
  prefix?: string;
  /**
   * How long a call to Redis may take (ms, default 1000). Past it, or at once when Redis is not
   * connected, the request answers 503 with an `{"error"}` body; calls succeed again by
   * themselves once Redis is back (the connection is retried every second at most).
   */
  timeoutMs?: number;
  /** Where the store reports Redis going away and coming back (default: nowhere). */
  onEvent?: (level: 'warn' | 'info', message: string) => void;
}

/** The part of an ioredis client the store uses. */
interface Client {
  segmindMockStep(...args: string[]): Promise<unknown[]>;
  scan(cursor: string, ...args: (string | number)[]): Promise<[string, string[]]>;
  unlink(...keys: string[]): Promise<number>;
  connect(): Promise<void>;
  quit(): Promise<unknown>;
  disconnect(): void;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  readonly status: string;
}

async function loadIoredis(): Promise<typeof import('ioredis').Redis> {
  try {
    return (await import('ioredis')).Redis;
  } catch (error) {
    throw new Error(
      `The Redis store needs the ioredis package, an optional dependency of @segmind-ts/mock that is not installed (${(error as Error).message}); install ioredis@6.0.0`,
    );
  }
}

/**
 * Connects to Redis and returns a store that simulators share (the `store` option of
 * `createSegmindMock` and of `startMockServer`): every instance on the same URL and prefix
 * serves the same jobs, credits, rate limits, faults, scripted failures, journal and clock.
 * ioredis is imported here, on first use only.
 *
 * @throws Error when Redis cannot be reached, naming the URL (without its password).
 */
export async function createRedisStore(options: RedisStoreOptions): Promise<SharedStateStore> {
  const { url, onEvent } = options;
  if (typeof url !== 'string' || !isRedisUrl(url)) {
    throw new TypeError(`store must be a redis:// or rediss:// URL, got ${String(url)}`);
  }
  const prefix = checkedPrefix(options.prefix ?? DEFAULT_STORE_PREFIX);
  const timeoutMs = options.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;
  if (!(Number.isInteger(timeoutMs) && timeoutMs > 0)) {
    throw new RangeError(`store timeout must be an integer > 0 (ms), got ${String(timeoutMs)}`);
  }
  const where = redactedUrl(url);
  const description = `${where} prefix ${prefix}`;
  const Redis = await loadIoredis();
  const redis = new Redis(url, {
    lazyConnect: true,
    // Fail at once while disconnected, and never replay a call whose answer was lost: a
    // request answers 503 rather than wait, or be applied twice.
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    commandTimeout: timeoutMs,
    connectTimeout: Math.max(timeoutMs, 2000),
    retryStrategy: (times: number) => Math.min(times * 100, 1000),
  });
  redis.defineCommand('segmindMockStep', { numberOfKeys: 0, lua: STEP_SCRIPT });
  const client = redis as unknown as Client;

  let lastError: Error | undefined;
  let down = false;
  client.on('error', (error) => {
    lastError = error as Error;
  });
  client.on('ready', () => {
    if (down) onEvent?.('info', `Redis at ${where} is reachable again`);
    down = false;
  });

  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    const reason = lastError?.message ?? (error as Error).message;
    throw new Error(`Redis at ${where} is unreachable: ${reason}`);
  }

  const call = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw new StoreError((error as Error).message, { cause: error });
    }
  };

  const transport: StepTransport = {
    description,
    async step(step: StepCall) {
      const { view, now, ops, entry, journalSize, journalBytes } = step;
      const args: string[] = [
        prefix,
        view.gen,
        view.ver,
        String(now),
        String(Date.now()),
        entry ?? '',
        String(journalSize),
        String(journalBytes),
        String(ops.length),
      ];
      for (const op of ops) args.push(op.name, ...op.args, op.expected);
      if (args.length !== HEADER_FIELDS + ops.length * OP_FIELDS) {
        throw new Error('bad operation layout');
      }
      const reply = await call(() => client.segmindMockStep(...args));
      return parseStep(reply);
    },
    async dropGeneration(gen: string) {
      const match = generationPattern(prefix, gen);
      let cursor = '0';
      do {
        const [next, keys] = await call(() => client.scan(cursor, 'MATCH', match, 'COUNT', 1000));
        if (keys.length > 0) await call(() => client.unlink(...keys));
        cursor = next;
      } while (cursor !== '0');
    },
    unavailable(error) {
      if (!down) onEvent?.('warn', `Redis at ${where} is unavailable: ${(error as Error).message}`);
      down = true;
    },
  };

  // The namespace's view as it stands: every simulator bound to this store starts from it.
  const empty: View = { gen: '', ver: '', clock: 0, anchor: 0 };
  const { view } = await transport.step({
    view: empty,
    now: 0,
    ops: [],
    entry: undefined,
    journalSize: 1,
    journalBytes: 1,
  });

  return {
    description,
    bind: (simulator: SimulatorBinding) => new RedisSharedState(transport, simulator, view),
    async close() {
      if (client.status === 'end') return;
      await client.quit().catch(() => client.disconnect());
    },
  };
}

function parseStep(reply: unknown[]): StepResult {
  const [status, gen, ver, clock, anchor, firm, ...verdicts] = reply as string[];
  return {
    status: status as StepResult['status'],
    view: { gen, ver, clock: Number(clock), anchor: Number(anchor) } as View,
    firm: Number(firm),
    verdicts: verdicts as (string | string[])[],
  };
}
