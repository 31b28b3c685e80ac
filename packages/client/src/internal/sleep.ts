/**
 * Waits `ms` milliseconds, or rejects with `signal.reason` as soon as the signal aborts. Either
 * way nothing stays scheduled: the timer is cleared on abort and the abort listener is removed
 * when the timer fires, so an aborted client leaves the event loop free to exit.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The shape of {@link sleep}, injectable where tests want to observe or skip the waits. */
export type Sleep = typeof sleep;
