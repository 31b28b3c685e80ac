import { MODELS } from '@segmind-ts/spec';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDeadline } from '../src/internal/deadline.js';
import { createPollSchedule, typicalDurationOf } from '../src/internal/poll-schedule.js';

describe('createPollSchedule()', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts at 250 ms and doubles to a 2 s cap without a typical duration', () => {
    const next = createPollSchedule();
    expect(Array.from({ length: 7 }, next)).toEqual([250, 500, 1000, 2000, 2000, 2000, 2000]);
  });

  it('is fixed with intervalMs', () => {
    const next = createPollSchedule({ intervalMs: 1000 });
    expect(Array.from({ length: 3 }, next)).toEqual([1000, 1000, 1000]);
  });

  it('is fixed with intervalMs even with a typical duration', () => {
    const next = createPollSchedule({
      intervalMs: 700,
      typical: { typicalQueueMs: 1000, typicalProcessingMs: 12_000 },
    });
    expect(Array.from({ length: 3 }, next)).toEqual([700, 700, 700]);
  });

  it('waits to half and to the end of the typical duration, then 500 ms, backing off to 2 s', () => {
    vi.useFakeTimers();
    const next = createPollSchedule({
      typical: { typicalQueueMs: 1000, typicalProcessingMs: 3000 },
    });
    const waits: number[] = [];
    for (let i = 0; i < 10; i++) {
      const wait = next();
      waits.push(wait);
      vi.advanceTimersByTime(wait);
    }
    expect(waits).toEqual([250, 1750, 2000, 500, 500, 500, 750, 1125, 1688, 2000]);
  });

  it('counts from the submission when it is known, so a resumed job is not polled as new', () => {
    vi.useFakeTimers();
    const typical = { typicalQueueMs: 1000, typicalProcessingMs: 12_000 };
    // Submitted 20 s ago: 7 s past its typical end, polled 2 s apart at most.
    expect(createPollSchedule({ typical, submittedAt: Date.now() - 20_000 })()).toBe(2000);
    // A submission time ahead of this clock counts from now.
    expect(createPollSchedule({ typical, submittedAt: Date.now() + 60_000 })()).toBe(250);
  });

  it('takes the typical durations from the spec registry, for the models it lists and no other', () => {
    for (const [slug, facts] of Object.entries(MODELS)) {
      expect(typicalDurationOf(slug)).toEqual({
        typicalQueueMs: facts.typicalQueueMs,
        typicalProcessingMs: facts.typicalProcessingMs,
      });
    }
    expect(typicalDurationOf('some-other-model')).toBeUndefined();
    expect(typicalDurationOf('constructor')).toBeUndefined();
    expect(typicalDurationOf(undefined)).toBeUndefined();
  });

  it('rejects a negative or non-finite interval', () => {
    expect(() => createPollSchedule({ intervalMs: -5 })).toThrow(RangeError);
    expect(() => createPollSchedule({ intervalMs: Number.POSITIVE_INFINITY })).toThrow(RangeError);
  });
});

describe('createDeadline()', () => {
  it('never expires without a budget', () => {
    const deadline = createDeadline(undefined);
    expect(deadline.remaining()).toBe(Number.POSITIVE_INFINITY);
    expect(deadline.expired()).toBe(false);
  });

  it('counts down a budget', () => {
    const deadline = createDeadline(0);
    expect(deadline.expired()).toBe(true);
    expect(deadline.remaining()).toBe(0);
    expect(createDeadline(60_000).remaining()).toBeGreaterThan(59_000);
  });
});
