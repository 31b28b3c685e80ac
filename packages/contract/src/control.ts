import type { JobState } from '@segmind-ts/spec';

/**
 * What the suite needs from a mock's control API to reach states that a real client cannot
 * force: a virtual clock, scripted failures and injected faults. The paths are those of the
 * `segmind-mock` server (`/__mock/...`).
 */
export interface MockControl {
  /** Forgets every job, fault and scripted outcome. */
  reset(): Promise<void>;
  /** Moves the mock's virtual clock forward. */
  advance(ms: number): Promise<void>;
  /** Makes the next job(s) of a model end FAILED with this error. */
  failNext(options: { model?: string; error: string; times?: number }): Promise<void>;
  /** Answers matching requests with a status code instead of the simulator's answer. */
  fault(options: { method?: string; path?: string; status: number; times?: number }): Promise<void>;
  /**
   * Reads the mock's clock (`GET /__mock/clock`), so the suite knows whether `advance` works
   * (`virtual`, `auto`) or time must pass for real (`real`, at `speed`). Without it, or when it
   * resolves to `undefined` (a control API with no clock route), the clock is taken to be
   * virtual, as the suite always did. Rejects when the control API cannot be used at all.
   */
  clock?(): Promise<MockClockInfo | undefined>;
}

/** The mock's clock as its control API describes it. */
export interface MockClockInfo {
  /** `virtual` and `auto` move with `advance`; `real` follows wall time times `speed`. */
  mode: string;
  /** How many times faster than wall time the clock runs (1 on a virtual clock). */
  speed: number;
}

/** Options of {@link httpControl}. */
export interface HttpControlOptions {
  /** A `fetch` implementation; defaults to the global one. */
  fetch?: typeof globalThis.fetch;
  /** Sent as `Authorization: Bearer <token>` when the mock runs with `--admin-token`. */
  adminToken?: string;
}

/**
 * A {@link MockControl} over HTTP. `url` is the mock's control API (`http://host:port/__mock`)
 * or simply its origin, to which `/__mock` is added.
 */
export function httpControl(url: string, options: HttpControlOptions = {}): MockControl {
  const doFetch = options.fetch ?? globalThis.fetch;
  const root = url.replace(/\/+$/, '');
  const base = /\/__mock$/.test(root) ? root : `${root}/__mock`;
  const readClock = async (): Promise<MockClockInfo | undefined> => {
    const url = `${base}/clock`;
    const response = await doFetch(url, {
      headers: options.adminToken ? { authorization: `Bearer ${options.adminToken}` } : {},
    });
    const text = await response.text().catch(() => '');
    // A control API of the same shape without a clock route (a team's own stub).
    if (response.status === 404) return undefined;
    if (!response.ok)
      throw new Error(`GET ${url} answered ${response.status}: ${text.slice(0, 200)}`);
    let body: { mode?: unknown; speed?: unknown };
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error(`GET ${url} answered something other than JSON: ${text.slice(0, 200)}`);
    }
    if (typeof body?.mode !== 'string') {
      throw new Error(`GET ${url} answered no clock mode: ${text.slice(0, 200)}`);
    }
    const speed = typeof body.speed === 'number' && body.speed > 0 ? body.speed : 1;
    return { mode: body.mode, speed };
  };
  const post = async (path: string, body?: unknown) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.adminToken) headers.authorization = `Bearer ${options.adminToken}`;
    const response = await doFetch(`${base}${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body ?? {}),
    });
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw new Error(`control API ${path} answered ${response.status}: ${text.slice(0, 200)}`);
    }
    await response.arrayBuffer();
  };
  return {
    reset: () => post('/reset'),
    advance: (ms) => post('/clock/advance', { ms }),
    clock: readClock,
    failNext: ({ model, error, times }) =>
      post('/outcomes', {
        ...(model ? { model } : {}),
        status: 'FAILED' satisfies JobState,
        error,
        times: times ?? 1,
      }),
    fault: ({ method, path, status, times }) =>
      post('/faults', {
        ...(method ? { method } : {}),
        ...(path ? { path } : {}),
        status,
        times: times ?? 1,
      }),
  };
}

/** The parts of a `@segmind-ts/mock` simulator that {@link mockControl} drives. */
export interface ControllableMock {
  clock: { advance(ms: number): void; readonly mode?: string; readonly speed?: number };
  failNext(options: { model?: string; error: string; times?: number }): void;
  fault(options: { method?: string; path?: string; status?: number; times?: number }): void;
  reset(): void;
}

/**
 * A {@link MockControl} over an in-process simulator (`createSegmindMock()`), for a vitest suite
 * that runs the contract against its own MSW setup without any HTTP control calls.
 */
export function mockControl(mock: ControllableMock): MockControl {
  return {
    reset: async () => mock.reset(),
    advance: async (ms) => mock.clock.advance(ms),
    clock: async () => ({ mode: mock.clock.mode ?? 'virtual', speed: mock.clock.speed ?? 1 }),
    failNext: async (options) => mock.failNext(options),
    fault: async ({ method, path, status, times }) =>
      mock.fault({
        ...(method ? { method } : {}),
        ...(path ? { path } : {}),
        status,
        times: times ?? 1,
      }),
  };
}
