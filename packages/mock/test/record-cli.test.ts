// `segmind-mock record`: its options, its budget, and how it stops.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliIo, helpText, main, RECORD_HELP, recordMain } from '../src/cli/index.js';
import { parseHar } from '../src/record/index.js';
import { startMockServer } from '../src/server/index.js';

let dir: string;
let out: string[];
let signals: Map<string, () => void>;
let io: CliIo;
let exitCode: typeof process.exitCode;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'segmind-record-cli-'));
  out = [];
  signals = new Map();
  io = {
    stdout: (text) => void out.push(text),
    stderr: (text) => void out.push(text),
    onSignal: (signal, handler) => void signals.set(signal, handler),
  };
  exitCode = process.exitCode;
});
afterEach(async () => {
  process.exitCode = exitCode;
  await rm(dir, { recursive: true, force: true });
});

describe('segmind-mock record', () => {
  it.each([
    [['--out', 'x.har', '--max-requests', '5'], /--upstream must be an absolute http\(s\) URL/],
    [['--upstream', 'ftp://x', '--out', 'x.har', '--max-requests', '5'], /--upstream must be/],
    [['--upstream', 'http://127.0.0.1:1', '--max-requests', '5'], /--out FILE\.har is required/],
    [['--upstream', 'http://127.0.0.1:1', '--out', 'x.har'], /--max-requests must be given/],
    [['--upstream', 'http://127.0.0.1:1', '--out', 'x.har', '--max-requests', '0'], /> 0/],
    [['--bogus'], /Unknown option '--bogus'/],
  ])('refuses %j with exit code 2', async (argv, message) => {
    expect(await recordMain(argv, 'x', io, dir)).toBeUndefined();
    expect(process.exitCode).toBe(2);
    expect(out.join('')).toMatch(message);
  });

  it('prints its help, and the main help names it', async () => {
    await main(['record', '--help'], {}, 'x', io);
    expect(out.join('')).toBe(RECORD_HELP);
    expect(RECORD_HELP).toMatch(/--max-requests N {6}Requests it may forward \(required\)/);
    expect(helpText()).toContain('segmind-mock record --upstream URL --out FILE.har');
  });

  it('records through the proxy until stopped by a signal, then says what it wrote', async () => {
    const upstream = await startMockServer({ port: 0, clock: 'virtual', logLevel: 'silent' });
    try {
      const argv = [
        '--upstream',
        upstream.url,
        '--out',
        'run.har',
        '--max-requests',
        '1',
        '--port',
        '0',
      ];
      const proxy = await recordMain(argv, '1.2.3', io, dir);
      if (!proxy) throw new Error(out.join(''));
      expect(out.join('')).toContain(
        `${proxy.url} → ${upstream.url}, writing ${join(dir, 'run.har')} (budget: 1 requests)`,
      );
      const headers = { 'x-api-key': 'k' };
      expect((await fetch(`${proxy.url}/v1/get-user-credits`, { headers })).status).toBe(200);
      expect((await fetch(`${proxy.url}/v1/get-user-credits`, { headers })).status).toBe(503);
      signals.get('SIGINT')?.();
      await proxy.close();
      await new Promise((resolve) => setImmediate(resolve));
      expect(out.join('')).toMatch(
        /recorded 1 exchange\(s\) to .*run\.har; refused 1 past the budget/,
      );
      const har = parseHar(await readFile(join(dir, 'run.har'), 'utf8'));
      expect(har.log.creator).toEqual({ name: 'segmind-mock record', version: '1.2.3' });
      expect(har.log.entries).toHaveLength(1);
    } finally {
      await upstream.close();
    }
  });
});
