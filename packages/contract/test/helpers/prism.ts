import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
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
export async function freePort(): Promise<number> {
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

/** Ports tried before giving up when each one is taken between probing and Prism's listen. */
const START_ATTEMPTS = 5;

/** Options of {@link startPrism}. */
export interface StartPrismOptions {
  /** Picks the port of each attempt (default {@link freePort}). */
  port?: () => Promise<number>;
}

/**
 * True when the listener on `url` is Prism: a path no spec has gets Prism's own problem+json,
 * which no other server on the port would answer.
 */
export async function answersAsPrism(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/__segmind-contract-probe`, {
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json().catch(() => undefined)) as { type?: unknown } | undefined;
    return (
      response.headers.get('content-type') === 'application/problem+json' &&
      body?.type === 'https://stoplight.io/prism/errors#NO_PATH_MATCHED_ERROR'
    );
  } catch {
    return false;
  }
}

type Attempt = { ok: true; prism: RunningPrism } | { ok: false; portTaken: boolean; error: Error };

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3_000).unref();
    });
}

/**
 * One start on one port. Ready means Prism printed that it listens on that very port (it exits
 * with EADDRINUSE instead when another process took the port first) and then answered a probe
 * as Prism does: a mere open port proves nothing, since whoever took it would accept too.
 */
async function attempt(args: string[], port: number): Promise<Attempt> {
  const child: ChildProcess = spawn(
    process.execPath,
    [prismBin(), ...args, '--host', '127.0.0.1', '--port', String(port)],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
  );
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  let announced = false;
  let exited: number | null | undefined;
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes(`Prism is listening on ${url}`)) announced = true;
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  child.once('exit', (code) => {
    exited = code;
  });
  const stop = stopper(child);
  const started = Date.now();
  while (!announced) {
    if (exited !== undefined) {
      return {
        ok: false,
        portTaken: output.includes('EADDRINUSE'),
        error: new Error(`Prism exited with ${exited}:\n${output}`),
      };
    }
    if (Date.now() - started > PRISM_START_TIMEOUT_MS) {
      await stop();
      return {
        ok: false,
        portTaken: false,
        error: new Error(
          `Prism did not listen within ${PRISM_START_TIMEOUT_MS / 1000} s:\n${output}`,
        ),
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!(await answersAsPrism(url))) {
    await stop();
    return {
      ok: false,
      portTaken: true,
      error: new Error(`the listener on ${url} does not answer as Prism:\n${output}`),
    };
  }
  return { ok: true, prism: { url, output: () => output, stop } };
}

/**
 * Starts `prism <args...>` on a loopback port and resolves once Prism itself serves it. A port
 * taken by another process between {@link freePort} and Prism's listen costs a retry on a new
 * port, not a test run against the wrong server. Rejects with Prism's output if it fails
 * otherwise, or after {@link START_ATTEMPTS} taken ports.
 */
export async function startPrism(
  args: string[],
  options: StartPrismOptions = {},
): Promise<RunningPrism> {
  const pick = options.port ?? freePort;
  let last: Error | undefined;
  for (let i = 0; i < START_ATTEMPTS; i++) {
    const result = await attempt(args, await pick());
    if (result.ok) return result.prism;
    if (!result.portTaken) throw result.error;
    last = result.error;
  }
  throw new Error(`Prism found no free port in ${START_ATTEMPTS} attempts; last: ${last?.message}`);
}
