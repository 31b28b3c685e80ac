import { type ChildProcess, spawn } from 'node:child_process';

/** The last part of a long output: enough to see why a step failed, not pages of it. */
const OUTPUT_TAIL_CHARS = 12_000;

/**
 * The environment of a user's shell: this process's, without what pnpm, npm and turbo set for the
 * script that runs these tests (lifecycle and package variables, pnpm's user agent, turbo's task
 * variables). Left in, they would make the npm inside the temporary project act as if it ran a
 * script of this workspace.
 */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (
      /^(npm_(lifecycle|package|command|execpath|node_execpath)|npm_config_user_agent$|npm_config_verify_deps_before_run$|pnpm_|PNPM_|TURBO_|INIT_CWD$|VITEST|NODE_OPTIONS$)/i.test(
        key,
      )
    )
      continue;
    env[key] = value;
  }
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '0', ...extra };
}

/** What a finished command printed. */
export interface CommandOutput {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A step of the packed-install test that failed: its name, its command and what it printed. */
export class StepFailure extends Error {
  constructor(step: string, commandLine: string, output: CommandOutput, why: string) {
    const tail = (text: string) =>
      text.length > OUTPUT_TAIL_CHARS ? `…${text.slice(-OUTPUT_TAIL_CHARS)}` : text;
    super(
      [
        `Step "${step}" failed: ${why}`,
        `$ ${commandLine}`,
        `exit code ${output.code}${output.signal ? `, signal ${output.signal}` : ''}`,
        `--- stdout ---\n${tail(output.stdout)}`,
        `--- stderr ---\n${tail(output.stderr)}`,
      ].join('\n'),
    );
    this.name = 'StepFailure';
  }
}

/** Options of {@link runCommand}. */
export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the command after this long; the step then fails with what it printed so far. */
  timeoutMs: number;
}

/** Runs a command to its end and collects its output; never rejects on a non-zero exit. */
export function runCommand(
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<CommandOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? userEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
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
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/**
 * Runs one step's command and returns its output; throws a {@link StepFailure} naming the step,
 * with everything the command printed, when it does not exit 0.
 */
export async function runStep(
  step: string,
  command: string,
  args: readonly string[],
  options: RunOptions,
): Promise<CommandOutput> {
  const output = await runCommand(command, args, options);
  if (output.code !== 0) {
    throw new StepFailure(step, [command, ...args].join(' '), output, 'non-zero exit');
  }
  return output;
}

/** A server process started by {@link startServer}. */
export interface RunningServer {
  url: string;
  child: ChildProcess;
  /** What it printed so far. */
  output(): { stdout: string; stderr: string };
  /** Stops it (SIGTERM, then SIGKILL if it lingers) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts a server command and resolves once its output shows `ready` (whose first group is the
 * URL); rejects with everything it printed when it exits first or when `timeoutMs` passes.
 */
export function startServer(
  step: string,
  command: string,
  args: readonly string[],
  options: RunOptions & { ready: RegExp },
): Promise<RunningServer> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? userEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
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
          new StepFailure(
            step,
            [command, ...args].join(' '),
            { code: child.exitCode, signal: child.signalCode, stdout, stderr },
            why,
          ),
        ),
      );
    };
    const timer = setTimeout(
      () => fail(`not ready after ${options.timeoutMs} ms`),
      options.timeoutMs,
    );
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const match = options.ready.exec(stdout);
      if (match?.[1] && !settled) {
        settled = true;
        clearTimeout(timer);
        resolve({ url: match[1], child, output: () => ({ stdout, stderr }), stop });
      }
    });
    child.once('error', (error) => fail(error.message));
    child.once('close', () => fail('exited before it was ready'));
  });
}
