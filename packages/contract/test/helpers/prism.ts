import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { connect, createServer } from 'node:net';
import { dirname, join } from 'node:path';

/** A running Prism process. */
export interface RunningPrism {
  url: string;
  /** Everything Prism printed, for a failure message. */
  output(): string;
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);

/** The bundled spec every consumer reads. */
export const SPEC_PATH = require.resolve('@segmind-ts/spec/openapi.json');

function prismBin(): string {
  const pkg = require.resolve('@stoplight/prism-cli/package.json');
  const bin = (require(pkg) as { bin: Record<string, string> }).bin.prism;
  return join(dirname(pkg), bin ?? 'dist/index.js');
}

/** A free loopback port: Prism takes a port number, not 0. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** How long Prism may take to listen: about 1 s idle, far more on a loaded CI machine. */
export const PRISM_START_TIMEOUT_MS = 150_000;

/** True once something accepts connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts `prism <args...>` on a loopback port and resolves once it accepts connections. Rejects
 * with its output if it exits first or takes longer than {@link PRISM_START_TIMEOUT_MS}.
 */
export async function startPrism(args: string[]): Promise<RunningPrism> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [prismBin(), ...args, '--host', '127.0.0.1', '--port', String(port)],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited: number | null | undefined;
  child.once('exit', (code) => {
    exited = code;
  });
  const started = Date.now();
  while (!(await listening(port))) {
    if (exited !== undefined) throw new Error(`Prism exited with ${exited}:\n${output}`);
    if (Date.now() - started > PRISM_START_TIMEOUT_MS) {
      child.kill('SIGKILL');
      throw new Error(`Prism did not listen within ${PRISM_START_TIMEOUT_MS / 1000} s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3_000).unref();
      }),
  };
}
