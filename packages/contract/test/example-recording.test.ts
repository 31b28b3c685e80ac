// The example recording kept under test/fixtures/ (written by `pnpm record:example`): the client
// run through `segmind-mock record` against segmind-mock, with both models, a failure, an expiry
// and a rate limit. Its judge report and its timings are kept beside it; they must agree.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { calibrateTimings, formatCalibration, parseHar } from '@segmind-ts/mock/record';
import { describe, expect, it } from 'vitest';
import { formatJudgeReport, judgeRecording, parseHarDocument } from '../src/index.js';
import { EXAMPLE_HAR } from './helpers/example-upstream.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const read = (name: string) => readFileSync(join(packageDir, 'test/fixtures', name), 'utf8');
const CLI = join(packageDir, 'dist/cli.js');
const STALE = 'out of date: run `pnpm record:example` and commit test/fixtures/';

function judge(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, 'judge', ...args],
      { cwd: packageDir },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const har = read('recording.har');

describe('the example recording', () => {
  it('keeps no secret and no image bytes', () => {
    expect(har).not.toContain('example-pro-key');
    expect(har).not.toContain('example-free-key');
    expect(har).not.toContain('iVBORw0KGgo'); // the start of any base64 PNG
    expect(parseHarDocument(har).log.entries.length).toBeGreaterThan(40);
  });

  it('is judged as recording.judge.txt says: no violation, every assumption it exercises confirmed', () => {
    const report = judgeRecording(parseHarDocument(har));
    expect(`${formatJudgeReport(report, EXAMPLE_HAR)}\n`, STALE).toBe(read('recording.judge.txt'));
    expect(report.ok).toBe(true);
    expect(report.assumptions.length).toBeGreaterThanOrEqual(22);
    expect(report.assumptions.filter((a) => a.outcome === 'contradicted')).toEqual([]);
    // Two assumptions need what a recording of one client run cannot show: a second account's
    // key (the HAR keeps no key, so it cannot tell two apart) and a refused over-long image URL.
    // They stay "not exercised", saying so, rather than confirmed by a rule that cannot fail.
    expect(report.assumptions.filter((a) => a.outcome !== 'confirmed').map((a) => a.id)).toEqual([
      '#/components/schemas/BackgroundEraserInput/properties/image',
      '#/components/parameters/RequestId',
    ]);
  });

  it('calibrates the timings recording.timings.txt shows', () => {
    const calibration = calibrateTimings(parseHar(har));
    expect(formatCalibration(calibration, EXAMPLE_HAR), STALE).toBe(read('recording.timings.txt'));
    expect(calibration.timings).toEqual({
      models: {
        'background-eraser': { queueMs: 1000, processingMs: 3000 },
        'bria-erase-foreground': { queueMs: 1000, processingMs: 12000 },
      },
    });
  });
});

describe('segmind-contract judge (the built CLI)', () => {
  it('exits 0 on the example and prints its report', async () => {
    const result = await judge([EXAMPLE_HAR]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(read('recording.judge.txt'));
  });

  it('exits 1 on a recording whose submit gave a relative status_url, naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'segmind-judge-cli-'));
    const broken = parseHarDocument(har);
    const submit = broken.log.entries.find((e) => /\/v2\/background-eraser$/.test(e.request.url));
    const content = submit?.response.content as { text: string };
    const body = JSON.parse(content.text);
    body.status_url = new URL(body.status_url).pathname;
    content.text = JSON.stringify(body);
    writeFileSync(join(dir, 'broken.har'), JSON.stringify(broken));
    const report = join(dir, 'report.json');
    const result = await judge([join(dir, 'broken.har'), '--report', report]);
    expect(result.code).toBe(1);
    // The schema's pattern and the lifecycle rule both name it.
    expect(result.stdout).toContain('Documented facts: 3 violation(s)');
    expect(result.stdout).toMatch(
      /✗ \[relative-url\] status_url "\/v2\/requests\/[^"]+\/status" is not an absolute http\(s\) URL\n {4}at #5 POST /,
    );
    expect(result.stdout).toContain(
      '✗ [schema] backgroundEraserSubmit 200: /status_url must match pattern',
    );
    expect(JSON.parse(readFileSync(report, 'utf8')).ok).toBe(false);
  });

  it('exits 2 on a file that is not a HAR, and on a missing argument', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'segmind-judge-cli-'));
    writeFileSync(join(dir, 'x.har'), '{"log": {}}');
    const bad = await judge([join(dir, 'x.har')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/is not a HAR file: it has no log\.entries list/);
    expect((await judge([])).code).toBe(2);
  });
});
