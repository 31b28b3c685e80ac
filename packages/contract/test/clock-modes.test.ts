// The kit reads the mock's clock (GET /__mock/clock) before it relies on it: a real clock is
// waited for in real time (scaled by its speed) or the check is skipped with the reason, an auto
// clock is driven like a virtual one, and a control API it cannot read is a setup error, never
// a failure of the target.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createSegmindMock } from '@segmind-ts/mock';
import { type MockServer, startMockServer } from '@segmind-ts/mock/server';
import { afterEach, describe, expect, it } from 'vitest';
import { type ContractReport, handlerFetch, mockControl, runContractSuite } from '../src/index.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

function failures(report: ContractReport) {
  return report.checks
    .filter((check) => check.outcome === 'fail')
    .map((check) => ({ name: check.name, reason: check.reason, violations: check.violations }));
}

const servers: MockServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(options: Parameters<typeof startMockServer>[0]) {
  const server = await startMockServer({ port: 0, logLevel: 'silent', ...options });
  servers.push(server);
  return server;
}

describe('the mock on a real clock, with --control-url', () => {
  it('passes: jobs are waited for in real time at the clock speed, expiry is skipped with the reason', async () => {
    // Speed 50: bria's 13 s take 0.26 s of real time. No assertion here depends on wall time;
    // the waits only need to end, and they are bounded by the kit's own --max-wait.
    const server = await serve({ clock: 'real', speed: 50 });
    const result = await run(['--base-url', server.url, '--control-url', `${server.url}/__mock`]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('clock: real ×50');
    expect(result.stdout).toMatch(
      /^PASS {2}v2 bria-erase-foreground: submit, poll, result, output/m,
    );
    expect(result.stdout).toMatch(/^PASS {2}v2 bria-erase-foreground: FAILED served as 422/m);
    expect(result.stdout).toMatch(/^SKIP {2}v2 bria-erase-foreground: gone 1 h after submission/m);
    expect(result.stdout).toMatch(
      /skipped: the mock's clock is real \(×50\): .*--clock virtual or --clock auto/,
    );
    expect(result.stdout).toMatch(/\d+ passed, 0 failed, 1 skipped/);
    expect(result.stdout).not.toContain('the clock is real');
  });

  it('reports the clock it found in the JSON report', async () => {
    const server = await serve({ clock: 'real', speed: 50 });
    const report = await runContractSuite({
      baseUrl: server.url,
      control: server.url,
      only: /^v2 background-eraser: (submit|result expires)/,
    });
    expect(failures(report)).toEqual([]);
    expect(report.clock).toEqual({ mode: 'real', speed: 50 });
    const lifecycle = report.checks.find((c) => c.name.startsWith('v2 background-eraser: submit'));
    expect(lifecycle?.outcome).toBe('pass');
    // Which states a poll catches on a real clock depends on the machine's load; the end does not.
    expect(lifecycle?.notes.find((note) => note.startsWith('states seen:'))).toMatch(
      /^states seen: QUEUED → .*COMPLETED$/,
    );
  });
});

describe('the mock on an auto clock', () => {
  it('passes every check over HTTP, nothing skipped', async () => {
    const server = await serve({ clock: 'auto' });
    const result = await run(['--base-url', server.url, '--control-url', `${server.url}/__mock`]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('clock: auto');
    expect(result.stdout).toMatch(/\d+ passed, 0 failed, 0 skipped/);
  });

  it('passes every check in-process through mockControl', async () => {
    const mock = createSegmindMock({ clock: 'auto' });
    const report = await runContractSuite({
      baseUrl: 'http://segmind.mock',
      fetch: handlerFetch((request) => mock.handle(request)),
      control: mockControl(mock),
    });
    expect(failures(report)).toEqual([]);
    expect(report.totals.skipped).toBe(0);
    expect(report.clock).toEqual({ mode: 'auto', speed: 1 });
  });
});

describe('a control API the kit cannot read', () => {
  it('is a setup error (exit 2, saying why), not a failure of the target', async () => {
    const server = await serve({ clock: 'virtual', adminToken: 'right' });
    const result = await run([
      '--base-url',
      server.url,
      '--control-url',
      `${server.url}/__mock`,
      '--admin-token',
      'wrong',
    ]);
    expect(result.code).toBe(2);
    expect(result.stdout).not.toMatch(/^FAIL/m);
    expect(result.stderr).toMatch(/cannot read the mock's clock.*\/__mock\/clock answered 401/i);
    expect(result.stderr).toContain('--admin-token');
  });
});
