// A test that polls a mock on a virtual clock and never advances it waits forever: the mock says
// why, once, naming the fix.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSegmindMockCore } from '../src/core.js';
import { startMockServer } from '../src/server/index.js';
import { ERASER_INPUT, get, post } from './support.js';

type Mock = ReturnType<typeof createSegmindMockCore>;

async function submit(mock: Mock) {
  const response = await mock.handle(post('/v2/background-eraser', ERASER_INPUT));
  return ((await response.json()) as { request_id: string }).request_id;
}

async function poll(mock: Mock, id: string, times: number, advanceMs = 0) {
  for (let i = 0; i < times; i++) {
    await mock.handle(get(`/v2/requests/${id}/status`));
    if (advanceMs) mock.clock.advance(advanceMs);
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the stalled virtual clock hint', () => {
  it('warns once, naming both fixes, however many polls stall', async () => {
    const warn = vi.fn();
    const mock = createSegmindMockCore({ clock: 'virtual', logger: { warn } });
    const id = await submit(mock);
    await poll(mock, id, 50);
    const other = await submit(mock);
    await poll(mock, other, 50);
    expect(warn).toHaveBeenCalledTimes(1);
    const [message] = warn.mock.calls[0] as [string];
    expect(message).toContain(id);
    expect(message).toContain("clock: 'auto'");
    expect(message).toContain('--clock auto');
    expect(message).toContain('mock.clock.advance(ms)');
    expect(message).toContain('POST /__mock/clock/advance');
  });

  it('goes to console.warn by default', async () => {
    const spy = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const mock = createSegmindMockCore();
    await poll(mock, await submit(mock), 10);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy.mock.calls[0]?.[0]).toMatch(/virtual clock/);
  });

  it('says nothing while the clock moves between polls, nor for a finished job', async () => {
    const warn = vi.fn();
    const mock = createSegmindMockCore({ logger: { warn } });
    const id = await submit(mock);
    await poll(mock, id, 20, 250);
    await poll(mock, id, 20); // COMPLETED by now: polling a finished job is not a stall
    expect(warn).not.toHaveBeenCalled();
  });

  it('says nothing on an auto clock', async () => {
    const warn = vi.fn();
    const mock = createSegmindMockCore({ clock: 'auto', logger: { warn } });
    await poll(mock, await submit(mock), 20);
    expect(warn).not.toHaveBeenCalled();
  });

  it("goes to the server's log at the warn level, once", async () => {
    const lines: string[] = [];
    const server = await startMockServer({
      port: 0,
      clock: 'virtual',
      logLevel: 'warn',
      logSink: (level, message) => lines.push(`${level} ${message}`),
    });
    try {
      const headers = { 'x-api-key': 'k', 'content-type': 'application/json' };
      const submitted = await fetch(`${server.url}/v2/background-eraser`, {
        method: 'POST',
        headers,
        body: JSON.stringify(ERASER_INPUT),
      }).then((r) => r.json());
      for (let i = 0; i < 20; i++) await (await fetch(submitted.status_url, { headers })).json();
      expect(lines.filter((line) => line.includes('virtual clock'))).toEqual([
        expect.stringMatching(/^warn .*--clock auto/),
      ]);
    } finally {
      await server.close();
    }
  });
});
