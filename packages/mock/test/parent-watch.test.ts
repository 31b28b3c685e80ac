import { afterEach, describe, expect, it, vi } from 'vitest';
import { startedByPackageManager, watchParent } from '../src/cli/parent-watch.js';

describe('watchParent', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('calls back once when the parent process id changes, and not before', () => {
    vi.useFakeTimers();
    let ppid = 4242;
    const gone = vi.fn();
    watchParent(gone, { ppid: () => ppid, intervalMs: 500 });
    vi.advanceTimersByTime(5_000);
    expect(gone).not.toHaveBeenCalled();
    ppid = 1; // reparented: the package manager and its shell have exited
    vi.advanceTimersByTime(500);
    expect(gone).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5_000);
    expect(gone).toHaveBeenCalledTimes(1);
  });

  it('can be stopped', () => {
    vi.useFakeTimers();
    let ppid = 10;
    const gone = vi.fn();
    const stop = watchParent(gone, { ppid: () => ppid });
    stop();
    ppid = 1;
    vi.advanceTimersByTime(5_000);
    expect(gone).not.toHaveBeenCalled();
  });

  it('applies only to a process a package manager started', () => {
    expect(startedByPackageManager({ npm_lifecycle_event: 'npx' })).toBe(true);
    expect(startedByPackageManager({ npm_lifecycle_event: 'start' })).toBe(true);
    expect(startedByPackageManager({})).toBe(false);
  });
});
