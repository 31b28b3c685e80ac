/**
 * Every shell block of the built guides runs as displayed, the way a user who installed the
 * packages from the registry types it, against this workspace's own `segmind-mock` and
 * `segmind-contract`. Each block runs as one bash script (`set -euo pipefail`), so a session keeps
 * its variables and its background server; the mock's port 4010 becomes a free one. Only what
 * cannot run here is stood in for, and checked otherwise:
 * - `npm install <names>`: each name must be a package this workspace publishes (or msw, the
 *   mock's peer); nothing is downloaded.
 * - `npx segmind-mock …` (in the foreground or with `&`) starts the server in the background and
 *   waits until it listens; the next start, or the end of the block, stops it. `--help` runs.
 * - `npx segmind-mock record …` forwards to the real service with a real key, which this machine
 *   has neither: every flag the line passes must be one `segmind-mock record --help` documents.
 *   Likewise a server meant for a network (`--host` off loopback, or a `--store` on another
 *   host): no test listens beyond loopback or calls out, so its flags are checked against
 *   `segmind-mock --help` instead of started.
 *   `segmind.har`, what a recording leaves behind, is the kit's example recording.
 * - `npx segmind-contract …` runs the kit; `curl` fails on any answer that is not a 2xx.
 * A monorepo command (`pnpm …`) in a code block fails the test: the guides speak to registry
 * users first, and name monorepo commands only in passing.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, packageDir, resultsDir } from './helpers/dist.js';
import { type GuideBlock, guideBlocks } from './helpers/guide-blocks.js';

const BIN = join(packageDir, 'node_modules', '.bin');
/** A recording of a client run, as `segmind-mock record` writes them (the kit's example). */
const EXAMPLE_HAR = join(
  packageDir,
  '..',
  '..',
  'packages',
  'contract',
  'test',
  'fixtures',
  'recording.har',
);
const SHELL_LANGS = new Set(['sh', 'shell', 'bash', 'console']);
/** What a guide may tell a registry user to install. */
const INSTALLABLE = new Set([
  '@segmind-ts/client',
  '@segmind-ts/mock',
  '@segmind-ts/contract',
  '@segmind-ts/spec',
  'msw',
]);
// Generous: a block starts node processes (the mock, the contract kit) on a machine whose two
// cores the whole monorepo's tests share.
const BLOCK_TIMEOUT_MS = 120_000;

type ShellBlock = GuideBlock;

/** Each shell code block of each built guide page, as displayed. */
function shellBlocks(): ShellBlock[] {
  assertBuilt();
  return guideBlocks(SHELL_LANGS);
}

/** The bash functions that stand in for what a user's machine has and this one does not. */
const PRELUDE = `
set -euo pipefail
MOCK_PID=''
__stop_mock() {
  if [ -n "$MOCK_PID" ]; then kill "$MOCK_PID" 2>/dev/null || true; wait "$MOCK_PID" 2>/dev/null || true; MOCK_PID=''; fi
}
trap __stop_mock EXIT
__start_mock() {
  __stop_mock
  "$SEGMIND_BIN/segmind-mock" "$@" > mock.log 2>&1 &
  MOCK_PID=$!
  # Up to 60 s for the server to listen: generous for a loaded machine, bounded for a broken one.
  for _ in $(seq 1 600); do
    if grep -q 'listening on' mock.log; then return 0; fi
    if ! kill -0 "$MOCK_PID" 2>/dev/null; then echo "segmind-mock $* exited:" >&2; cat mock.log >&2; return 1; fi
    sleep 0.1
  done
  echo "segmind-mock $* did not listen within 60 s:" >&2; cat mock.log >&2; return 1
}
curl() { command curl --fail-with-body --max-time 30 "$@"; echo; }
`;

/** The block as the script that runs it, or the reason it cannot be shown to a registry user. */
function toScript(block: ShellBlock, port: number): string {
  const lines = block.code
    .replaceAll(':4010', `:${port}`)
    .replaceAll('--port 4010', `--port ${port}`)
    .split('\n');
  return lines
    .map((line) => {
      const command = line.replace(/\s+#.*$/, '').trim();
      if (/^pnpm\b/.test(command)) {
        throw new Error(`${block.where}: a monorepo command in a code block: ${command}`);
      }
      const install = /^npm (?:install|i)\b(.*)$/.exec(command);
      if (install) {
        const names = (install[1] ?? '')
          .split(/\s+/)
          .filter((word) => word && !word.startsWith('-'));
        const unknown = names.filter((name) => !INSTALLABLE.has(name));
        if (names.length === 0 || unknown.length > 0) {
          throw new Error(
            `${block.where}: installs what this project does not publish: ${command}`,
          );
        }
        return `: ${command}`;
      }
      const record = /^npx segmind-mock record\b(.*)$/.exec(command);
      if (record) {
        const flags = (record[1] ?? '').match(/--[a-z-]+/g) ?? [];
        return [
          '"$SEGMIND_BIN/segmind-mock" record --help > record-help.txt',
          ...flags.map((flag) => `grep -q -e '${flag}' record-help.txt`),
        ].join(' && ');
      }
      const mock = /^npx segmind-mock\b(.*?)(?:\s*&)?$/.exec(command);
      if (mock && offLoopback(mock[1] ?? '')) {
        const flags = (mock[1] ?? '').match(/--[a-z-]+/g) ?? [];
        return [
          '"$SEGMIND_BIN/segmind-mock" --help > mock-help.txt',
          ...flags.map((flag) => `grep -q -e '${flag}' mock-help.txt`),
        ].join(' && ');
      }
      if (mock) {
        const args = mock[1] ?? '';
        return /(^|\s)(--help|-h|--version|-v)(\s|$)/.test(args)
          ? `"$SEGMIND_BIN/segmind-mock"${args} > /dev/null`
          : `__start_mock${args}`;
      }
      if (/^npx segmind-contract\b/.test(command)) {
        return line.replace('npx segmind-contract', '"$SEGMIND_BIN/segmind-contract"');
      }
      if (/^npx\b/.test(command)) throw new Error(`${block.where}: an unknown command: ${command}`);
      return line;
    })
    .join('\n');
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Whether `segmind-mock` arguments listen beyond loopback or reach a store on another host. */
function offLoopback(args: string): boolean {
  const host = /--host[ =](\S+)/.exec(args)?.[1];
  const store = /--store[ =](\S+)/.exec(args)?.[1];
  const storeHost = store?.startsWith('redis') ? new URL(store).hostname : undefined;
  return (
    (host !== undefined && !LOOPBACK.has(host)) ||
    (storeHost !== undefined && !LOOPBACK.has(storeHost))
  );
}

/** A port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('the shell blocks of the guides', () => {
  let workDir: string;

  beforeAll(() => {
    for (const bin of ['segmind-mock', 'segmind-contract']) {
      if (!existsSync(join(BIN, bin)))
        throw new Error(`${join(BIN, bin)} is missing: pnpm install`);
    }
    mkdirSync(resultsDir, { recursive: true });
    workDir = mkdtempSync(join(resultsDir, 'guide-commands-'));
    copyFileSync(EXAMPLE_HAR, join(workDir, 'segmind.har'));
  });
  afterAll(() => {
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('include the mock and contract sessions a registry user runs', () => {
    const code = shellBlocks()
      .map((block) => block.code)
      .join('\n');
    expect(code).toContain('npm install --save-dev @segmind-ts/mock');
    expect(code).toMatch(/^npx segmind-mock --port 4010 --clock virtual &$/m);
    expect(code).toContain('/__mock/clock/advance');
    expect(code).toMatch(/^npx segmind-contract /m);
  });

  it.each(shellBlocks().map((block) => [block.where, block] as const))(
    '%s runs as displayed',
    async (_where, block) => {
      const port = await freePort();
      const script = `${PRELUDE}\n${toScript(block, port)}\n`;
      try {
        await promisify(execFile)('/usr/bin/bash', ['-c', script], {
          cwd: workDir,
          timeout: BLOCK_TIMEOUT_MS,
          env: {
            PATH: process.env.PATH ?? '/usr/bin:/bin',
            HOME: workDir,
            SEGMIND_BIN: BIN,
            SEGMIND_MOCK_PORT: String(port),
            KEY: 'guide-key',
          },
        });
      } catch (error) {
        const { stdout, stderr } = error as { stdout?: string; stderr?: string };
        throw new Error(
          `${block.where} failed as displayed:\n${block.code}\n--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`,
        );
      }
    },
    BLOCK_TIMEOUT_MS + 10_000,
  );
});
