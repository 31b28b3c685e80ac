import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClock } from '../src/core/clock.js';
import { createSegmindMock, VIRTUAL_EPOCH } from '../src/core.js';

describe('clock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts a virtual clock at a fixed instant and moves it only with advance', () => {
    const mock = createSegmindMock();
    expect(mock.clock.mode).toBe('virtual');
    expect(mock.clock.now()).toBe(VIRTUAL_EPOCH);
    mock.clock.advance(1234);
    expect(mock.clock.now()).toBe(VIRTUAL_EPOCH + 1234);
  });

  it('refuses to advance by a negative or non-finite amount', () => {
    const mock = createSegmindMock();
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

  it('rejects a bad mode or speed', () => {
    expect(() => createSegmindMock({ speed: 0 })).toThrow(/speed/);
    // @ts-expect-error an invalid mode is a type error too
    expect(() => createSegmindMock({ clock: 'fast' })).toThrow(/clock must be/);
  });
});
