import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type MockServer, startMockServer } from '@segmind-ts/mock/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContractReport } from '../src/index.js';
import { createReferenceTarget } from './helpers/reference-target.js';
import { serveHandler } from './helpers/serve-handler.js';

// The built bin, as `segmind-contract` runs it (turbo builds the package before its tests).
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('segmind-contract', () => {
  let mock: MockServer;
  const dir = mkdtempSync(join(tmpdir(), 'segmind-contract-'));
  beforeAll(async () => {
    mock = await startMockServer({ port: 0, clock: 'virtual', logLevel: 'silent' });
  });
  afterAll(() => mock?.close());

  it('exits 0 against the mock, prints a summary and writes the JSON report', async () => {
    const file = join(dir, 'report.json');
    const result = await run([
      '--base-url',
      mock.url,
      '--control-url',
      `${mock.url}/__mock`,
      '--report',
      file,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^PASS {2}v2 bria-erase-foreground: submit, poll, result, output/m,
    );
    expect(result.stdout).toMatch(/\d+ passed, 0 failed, 0 skipped; \d+ exchanges, 0 violations/);
    const report = JSON.parse(readFileSync(file, 'utf8')) as ContractReport;
    expect(report.ok).toBe(true);
    const check = report.checks.find((c) => c.name.startsWith('v2 background-eraser: submit'));
    expect(check).toMatchObject({ outcome: 'pass', violations: [] });
    expect(check?.requestIds).toHaveLength(1);
    expect(typeof check?.durationMs).toBe('number');
  });

  it('exits 1 and names the violation against a broken target', async () => {
    const target = createReferenceTarget({ breakage: 'relative-url' });
    const served = await serveHandler((request) => target.handle(request));
    try {
      const result = await run(['--base-url', served.url, '--control-url', served.url]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^FAIL {2}v2 background-eraser: submit/m);
      expect(result.stdout).toMatch(
        /✗ \[relative-url\] status_url "\/v2\/requests\/job-1\/status"/,
      );
    } finally {
      await served.close();
    }
  });

  it("drives the target's own 401/403/406/429 with the key flags", async () => {
    const keyed = await startMockServer({
      port: 0,
      clock: 'virtual',
      logLevel: 'silent',
      apiKeys: {
        'contract-key': {},
        'contract-broke': { credits: 0 },
        'contract-banned': { forbidden: true },
        'contract-throttled': {},
      },
      rateLimit: 'pro',
    });
    try {
      const result = await run([
        '--base-url',
        keyed.url,
        '--control-url',
        `${keyed.url}/__mock`,
        '--api-key',
        'contract-key',
        '--invalid-key',
        'contract-unknown',
        '--forbidden-key',
        'contract-banned',
        '--broke-key',
        'contract-broke',
        '--rate-limited-key',
        'contract-throttled',
        '--rate-limit',
        '50',
        '--only',
        '^(401|403|406|429) ',
      ]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(
        `· the target's own answer to --invalid-key: 401 "Invalid API key"`,
      );
      expect(result.stdout).toMatch(/· the target's own answer to --forbidden-key: 403 "/);
      expect(result.stdout).toMatch(/· the target's own answer to --broke-key: 406 "Insufficient/);
      expect(result.stdout).toMatch(
        /· the target's own answer to --rate-limited-key: 429 .* on call 51; Retry-After: 60/,
      );
      expect(result.stdout).toMatch(/4 passed, 0 failed, 0 skipped; 57 exchanges, 0 violations/);
    } finally {
      await keyed.close();
    }
  });

  it('lists the skipped checks and their reasons without control', async () => {
    const result = await run(['--base-url', mock.url, '--only', '^(404|500|401)']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^SKIP {2}500 server error .*\n {6}skipped: needs --control-url: a client cannot provoke a 500/m,
    );
  });

  it('documents itself and rejects bad arguments with exit code 2', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--base-url URL/);
    expect(help.stdout).toMatch(/--budget-credits N/);
    for (const flag of [
      '--invalid-key KEY',
      '--forbidden-key KEY',
      '--broke-key KEY',
      '--rate-limited-key KEY',
      '--rate-limit N',
    ]) {
      expect(help.stdout).toContain(flag);
    }
    expect((await run([])).code).toBe(2);
    expect((await run(['--base-url', 'not a url'])).code).toBe(2);
    expect((await run(['--base-url', mock.url, '--frobnicate'])).code).toBe(2);
    expect((await run(['--base-url', mock.url, '--rate-limit', '2.5'])).code).toBe(2);
  });
});
