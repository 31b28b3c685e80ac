import { type ChildProcess, spawn } from 'node:child_process';

/** The last part of a long output: enough to see why a step failed, not pages of it. */
const OUTPUT_TAIL_CHARS = 12_000;

/**
 * The environment of a developer's shell in the copy: this process's, without what pnpm, npm,
 * turbo and vitest set for the script that runs these tests (lifecycle and package variables,
 * turbo's task variables, vitest's worker variables), and without this checkout's
 * `node_modules/.bin` folders on PATH, so that every tool runs from the copy's own install.
 */
export function copyEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      /^(npm_(lifecycle|package|command|execpath|node_execpath)|npm_config_user_agent$|npm_config_verify_deps_before_run$|pnpm_|TURBO_|INIT_CWD$|VITEST|NODE_OPTIONS$|NODE_ENV$|TEST$)/i.test(
        key,
      )
    )
      continue;
    env[key] = value;
  }
  env.PATH = (process.env.PATH ?? '')
    .split(':')
    .filter((entry) => entry !== '' && !entry.includes('/node_modules/.bin'))
    .join(':');
  return {
    ...env,
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    // Nothing in the copy may phone home, and turbo must not leave a daemon running behind.
    TURBO_TELEMETRY_DISABLED: '1',
    DO_NOT_TRACK: '1',
    REDOCLY_TELEMETRY: 'off',
    TURBO_DAEMON: 'false',
    ...extra,
  };
}

/** What a finished command printed, and how it ended. */
export interface CommandOutput {
  command: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
}

const tail = (text: string) =>
  text.length > OUTPUT_TAIL_CHARS ? `…${text.slice(-OUTPUT_TAIL_CHARS)}` : text;

/** The command, its exit and the end of what it printed, for a failure message. */
export function describeOutput(output: CommandOutput): string {
  return [
    `$ ${output.command}`,
    `exit code ${output.code}${output.signal ? `, signal ${output.signal}` : ''} after ${(output.durationMs / 1000).toFixed(1)} s`,
    `--- stdout ---\n${tail(output.stdout)}`,
    `--- stderr ---\n${tail(output.stderr)}`,
  ].join('\n');
}

/** Options of {@link runCommand}. */
export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the command (and what it started) after this long; it then ends with SIGKILL. */
  timeoutMs: number;
}

/**
 * Runs a command to its end and collects its output; never rejects on a non-zero exit. The
 * command leads its own process group, so that a timeout also stops what it started (turbo's
 * tasks, their node processes), by that group's id.
 */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<CommandOutput> {
  const started = performance.now();
  const commandLine = [command, ...args].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? copyEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${options.timeoutMs} ms]`;
      killGroup(child);
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        command: commandLine,
        code,
        signal,
        stdout,
        stderr,
        durationMs: performance.now() - started,
      });
    });
  });
}

/** Stops a child started by {@link runCommand} or {@link startServer}, and its process group. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL') {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group has already gone.
  }
}

/** A failed command, as an error whose message shows the step, the command and its output. */
export class StepFailure extends Error {
  constructor(step: string, output: CommandOutput) {
    super(`Step "${step}" failed:\n${describeOutput(output)}`);
    this.name = 'StepFailure';
  }
}

/** Runs a command that must succeed; throws a {@link StepFailure} naming the step otherwise. */
export async function runStep(
  step: string,
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<CommandOutput> {
  const output = await runCommand(command, args, options);
  if (output.code !== 0) throw new StepFailure(step, output);
  return output;
}

/** A server process started by {@link startServer}. */
export interface RunningServer {
  /** The URL the server printed once ready. */
  url: string;
  pid: number;
  output(): { stdout: string; stderr: string };
  /** Stops it (SIGTERM, then SIGKILL if it lingers) by its process group id, and waits. */
  stop(): Promise<void>;
}

/**
 * Starts a server command and resolves once its output matches `ready` (whose first group is
 * its URL); rejects with what it printed when it exits first or when `timeoutMs` passes.
 */
export function startServer(
  step: string,
  command: string,
  args: readonly string[],
  options: RunOptions & { ready: RegExp },
): Promise<RunningServer> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? copyEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      killGroup(child, 'SIGTERM');
      const killer = setTimeout(() => killGroup(child), 5_000);
      await exited;
      clearTimeout(killer);
    }
  };
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop().then(() =>
        reject(
          new Error(
            `Step "${step}" failed: ${why}\n$ ${[command, ...args].join(' ')}\n--- stdout ---\n${tail(stdout)}\n--- stderr ---\n${tail(stderr)}`,
          ),
        ),
      );
    };
    const look = () => {
      const match = options.ready.exec(stdout) ?? options.ready.exec(stderr);
      if (settled || !match?.[1] || child.pid === undefined) return;
      settled = true;
      clearTimeout(timer);
      const pid = child.pid;
      resolve({ url: match[1], pid, output: () => ({ stdout, stderr }), stop });
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      look();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      look();
    });
    child.on('error', (error) => fail(`could not start: ${error.message}`));
    child.on('close', (code, signal) =>
      fail(`exited (code ${code}, signal ${signal}) before ready`),
    );
    const timer = setTimeout(
      () => fail(`not ready after ${options.timeoutMs} ms`),
      options.timeoutMs,
    );
  });
}
