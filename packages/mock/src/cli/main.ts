import { stat } from 'node:fs/promises';
import { type MockServer, type MockServerOptions, startMockServer } from '../server/start.js';
import { readyBanner } from './banner.js';
import { UsageError } from './errors.js';
import type { Settings } from './flags.js';
import { helpText } from './help.js';
import { startedByPackageManager, watchParent } from './parent-watch.js';
import { recordMain } from './record.js';
import { resolveCommand } from './settings.js';
import { timingsFrom } from './timings-from.js';

/** Where the CLI writes, and the process it runs in; injectable so it can be tested in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Registers a shutdown signal handler; the default is `process.once`. */
  onSignal(signal: NodeJS.Signals, handler: () => void): void;
  /**
   * Registers a handler for the exit of the process that started this one; called only when a
   * package manager did. The default watches `process.ppid`.
   */
  onParentExit?(handler: () => void): void;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  onSignal: (signal, handler) => process.once(signal, handler),
  onParentExit: (handler) => {
    watchParent(handler);
  },
};

/**
 * Ignores EPIPE on standard output and error: when whatever read them is gone (`segmind-mock |
 * head`, a parent process that exited), a line written while stopping must not turn a clean
 * stop into a crash with exit code 1. Any other error on them is still thrown.
 */
function ignoreBrokenPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
}

/**
 * The simulator and server options of the resolved settings: the same names, all but the
 * command's own (`timingsFrom`, read by the command itself).
 */
export function serverOptions(settings: Settings): MockServerOptions {
  const { timingsFrom: _readByTheCommand, ...options } = settings;
  return options;
}

/** A running CLI server, returned so a caller (or a test) can stop it. */
export interface CliRun {
  server: MockServer;
  /** Resolves once the server has closed after a signal or {@link CliRun.stop}. */
  stopped: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs `segmind-mock` with `argv` (without the node and script paths). Prints help, the version,
 * or starts the server, prints where it listens with paste-ready examples, and stops it cleanly
 * on SIGINT or SIGTERM. Sets `process.exitCode`: 2 for a usage mistake, 1 when the server cannot
 * start. Returns the running server, or `undefined` when there is none.
 */
export async function main(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  version: string,
  io: CliIo = processIo,
): Promise<CliRun | undefined> {
  if (io === processIo) ignoreBrokenPipes();
  if (argv[0] === 'record') {
    // The recording proxy: its own options, its own run (see record.ts).
    await recordMain(argv.slice(1), version, io);
    return undefined;
  }
  let settings: Settings;
  let timings: Awaited<ReturnType<typeof timingsFrom>> | undefined;
  try {
    const command = await resolveCommand(argv, env);
    if (command.kind === 'help') {
      io.stdout(helpText());
      return undefined;
    }
    if (command.kind === 'version') {
      io.stdout(`${version}\n`);
      return undefined;
    }
    settings = command.settings;
    if (settings.timingsFrom) timings = await timingsFrom(settings.timingsFrom);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`segmind-mock: ${error.message}\nRun segmind-mock --help for the options.\n`);
    process.exitCode = 2;
    return undefined;
  }

  if (settings.docsDir && !(await isDirectory(settings.docsDir))) {
    // `pnpm start` points here before the docs are built; serving the API matters more.
    io.stderr(
      `segmind-mock: no folder at ${settings.docsDir}; /docs is off (build the docs first)\n`,
    );
    settings = { ...settings, docsDir: undefined };
  }

  let server: MockServer;
  try {
    server = await startMockServer({
      ...serverOptions(settings),
      ...(timings ? { timings: timings.timings } : {}),
    });
  } catch (error) {
    io.stderr(`segmind-mock: cannot start: ${(error as Error).message}\n`);
    process.exitCode = 1;
    return undefined;
  }
  if (timings) io.stdout(timings.summary);
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((resolve) => {
    resolveStopped = resolve;
  });
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= server.close().then(() => {
      io.stdout('segmind-mock stopped\n');
      resolveStopped();
    });
    return stopping;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    io.onSignal(signal, () => {
      io.stdout(`\n${signal} received, stopping\n`);
      void stop();
    });
  }
  if (startedByPackageManager(env)) {
    // Killing `npx segmind-mock` or `pnpm start` by its PID must not leave the server behind.
    io.onParentExit?.(() => {
      io.stdout('\nthe package manager that started segmind-mock has exited, stopping\n');
      void stop();
    });
  }
  // Printed once the signals are handled: a supervisor that waits for the banner and then sends
  // SIGTERM must get a clean stop, not a process killed before its handler was in place.
  io.stdout(readyBanner(server.url, settings, version));
  return { server, stopped, stop };
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
