import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClock } from '../src/core/clock.js';
import { createSegmindMockCore, VIRTUAL_EPOCH } from '../src/core.js';
import { ERASER_INPUT, post } from './support.js';

describe('clock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts a virtual clock at a fixed instant and moves it only with advance', () => {
    const mock = createSegmindMockCore();
    expect(mock.clock.mode).toBe('virtual');
    expect(mock.clock.now()).toBe(VIRTUAL_EPOCH);
    mock.clock.advance(1234);
    expect(mock.clock.now()).toBe(VIRTUAL_EPOCH + 1234);
  });

  it('refuses to advance by a negative or non-finite amount', () => {
    const mock = createSegmindMockCore();
    expect(() => mock.clock.advance(-1)).toThrow(RangeError);
    expect(() => mock.clock.advance(Number.NaN)).toThrow(RangeError);
    expect(() => mock.clock.advance(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(mock.clock.now()).toBe(VIRTUAL_EPOCH);
  });

  it('runs a real clock `speed` times faster than wall time, and refuses advance', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const clock = createClock('real', 10);
    const start = clock.now();
    vi.setSystemTime(1_000_500);
    expect(clock.now() - start).toBe(5000);
    expect(() => clock.advance(1)).toThrow(/virtual clock/);
  });

  it('never lets a real clock go back when wall time steps back', () => {
    vi.useFakeTimers({ now: 2_000_000 });
    const clock = createClock('real');
    vi.setSystemTime(2_001_000);
    const later = clock.now();
    vi.setSystemTime(1_000_000);
    expect(clock.now()).toBe(later);
  });

  it('refuses an advance that would leave the range of Date, and stays where it was', () => {
    const mock = createSegmindMockCore();
    expect(() => mock.clock.advance(1e300)).toThrow(/range of Date/);
    expect(() => mock.clock.advance(8.64e15)).toThrow(RangeError);
    expect(mock.clock.now()).toBe(VIRTUAL_EPOCH);
    // Up to the last instant Date can hold is fine.
    mock.clock.advance(8.64e15 - VIRTUAL_EPOCH);
    expect(new Date(mock.clock.now()).toISOString()).toBe('+275760-09-13T00:00:00.000Z');
    expect(() => mock.clock.advance(1)).toThrow(RangeError);
  });

  it('keeps a sped-up real clock running at speed after a reset (no freeze)', async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const timings = { default: { queueMs: 10, processingMs: 50 } };
    const mock = createSegmindMockCore({ clock: 'real', speed: 10, timings });
    // The server has been up a while: ten minutes of wall time, 100 of simulated time.
    vi.setSystemTime(1_000_000 + 600_000);
    const before = mock.clock.now();
    mock.reset();
    expect(mock.clock.now()).toBe(before); // never back
    const submitted = await mock.handle(post('/v2/background-eraser', ERASER_INPUT));
    const { request_id: id } = (await submitted.json()) as { request_id: string };
    // 60 ms of simulated time is 6 ms of wall time at speed 10.
    vi.setSystemTime(1_000_000 + 600_000 + 3);
    expect(mock.clock.now()).toBe(before + 30);
    expect(mock.job(id)?.status).toBe('PROCESSING');
    vi.setSystemTime(1_000_000 + 600_000 + 6);
    expect(mock.job(id)?.status).toBe('COMPLETED');
  });

  it('rejects a bad mode or speed', () => {
    expect(() => createSegmindMockCore({ speed: 0 })).toThrow(/speed/);
    // @ts-expect-error an invalid mode is a type error too
    expect(() => createSegmindMockCore({ clock: 'fast' })).toThrow(
      /clock must be 'virtual', 'auto' or 'real'/,
    );
  });
});
