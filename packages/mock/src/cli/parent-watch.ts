/** How often the watch looks at the parent process id. */
export const PARENT_WATCH_INTERVAL_MS = 500;

/**
 * Whether a package manager started this process (`npx segmind-mock`, `pnpm start`,
 * `npm run mock`): npm, pnpm and yarn set `npm_lifecycle_event` for what they run.
 */
export function startedByPackageManager(env: Readonly<Record<string, string | undefined>>) {
  return Boolean(env.npm_lifecycle_event);
}

/** Options of {@link watchParent}; injectable for tests. */
export interface ParentWatchOptions {
  /** Reads the parent process id (default: `process.ppid`, read afresh on every call). */
  ppid?: () => number;
  intervalMs?: number;
}

/**
 * Calls `onGone` once, when this process's parent has exited (the process was handed to
 * another parent). A package manager runs the server under a shell: `npx segmind-mock` is
 * `npm exec` → `sh -c` → node, and `pnpm start` is pnpm → `sh -c "… && node …"` → node.
 * Killing the package manager's PID takes that shell with it but never signals the server, which
 * would live on, orphaned, holding its port. Returns a function that stops the watch. The timer
 * never keeps the process alive by itself.
 */
export function watchParent(onGone: () => void, options: ParentWatchOptions = {}): () => void {
  const ppid = options.ppid ?? (() => process.ppid);
  const parent = ppid();
  const timer = setInterval(() => {
    if (ppid() === parent) return;
    clearInterval(timer);
    onGone();
  }, options.intervalMs ?? PARENT_WATCH_INTERVAL_MS);
  timer.unref?.();
  return () => clearInterval(timer);
}
