import { describe, expect, it } from 'vitest';
import { createDeadline } from '../src/deadline.js';
import { createPollSchedule } from '../src/poll-schedule.js';

describe('createPollSchedule()', () => {
  it('starts at 250 ms and doubles to a 2 s cap', () => {
    const next = createPollSchedule();
    expect(Array.from({ length: 7 }, next)).toEqual([250, 500, 1000, 2000, 2000, 2000, 2000]);
  });

  it('is fixed with intervalMs', () => {
    const next = createPollSchedule(1000);
    expect(Array.from({ length: 3 }, next)).toEqual([1000, 1000, 1000]);
  });

  it('rejects a negative or non-finite interval', () => {
    expect(() => createPollSchedule(-5)).toThrow(RangeError);
    expect(() => createPollSchedule(Number.POSITIVE_INFINITY)).toThrow(RangeError);
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
