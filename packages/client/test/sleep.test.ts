import { afterEach, describe, expect, it, vi } from 'vitest';
import { sleep } from '../src/internal/sleep.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('sleep()', () => {
  it('resolves after the time, removing its abort listener', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    let done = false;
    const pending = sleep(1000, controller.signal).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await pending;
    expect(done).toBe(true);
    expect(remove).toHaveBeenCalledWith('abort', expect.any(Function));
  });

  it('rejects at once with the reason on abort and clears its timer', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort('stop');
    await expect(pending).rejects.toBe('stop');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects without scheduling anything when already aborted', async () => {
    vi.useFakeTimers();
    await expect(sleep(10, AbortSignal.abort('early'))).rejects.toBe('early');
    expect(vi.getTimerCount()).toBe(0);
  });
});
