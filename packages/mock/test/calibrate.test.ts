// --timings-from: queue and processing times per model measured from a recording.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../src/cli/index.js';
import { main } from '../src/cli/index.js';
import {
  calibrateTimings,
  formatCalibration,
  type Har,
  type HarEntry,
  parseHar,
  startRecordingProxy,
} from '../src/record/index.js';
import { startMockServer } from '../src/server/index.js';

let dir: string;
let recording: Har;
let file: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'segmind-calibrate-'));
  file = join(dir, 'jobs.har');
  // The upstream runs 2 s in the queue, 5 s (eraser) and 9 s (bria) of processing, on a virtual
  // clock moved in known steps between polls, so the expected figures are exact.
  const upstream = await startMockServer({
    port: 0,
    clock: 'virtual',
    logLevel: 'silent',
    timings: {
      models: {
        'background-eraser': { queueMs: 2000, processingMs: 5000 },
        'bria-erase-foreground': { queueMs: 2000, processingMs: 9000 },
      },
    },
  });
  const proxy = await startRecordingProxy({ upstream: upstream.url, out: file, maxRequests: 100 });
  const headers = { 'x-api-key': 'k', 'content-type': 'application/json' };
  const inputs = {
    'background-eraser': { image: 'https://example.com/a.png', return_mask: false },
    'bria-erase-foreground': { image: 'https://example.com/a.jpg' },
  };
  for (const [model, processing] of [
    ['background-eraser', 5000],
    ['bria-erase-foreground', 9000],
    ['background-eraser', 5000],
  ] as const) {
    const job = (await (
      await fetch(`${proxy.url}/v2/${model}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(inputs[model]),
      })
    ).json()) as { status_url: string };
    const poll = () => fetch(job.status_url, { headers }).then((r) => r.arrayBuffer());
    await poll(); // QUEUED
    upstream.mock.clock.advance(1000);
    await poll(); // QUEUED, 1 s in
    upstream.mock.clock.advance(1000);
    await poll(); // PROCESSING, 2 s in
    upstream.mock.clock.advance(processing);
    await poll(); // COMPLETED
  }
  await proxy.close();
  await upstream.close();
  recording = parseHar(await readFile(file, 'utf8'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('calibrateTimings', () => {
  it('measures each model from the submit to the first PROCESSING, and by its inference_time', () => {
    const calibration = calibrateTimings(recording);
    expect(calibration.clock).toBe('server Date headers');
    expect(calibration.jobsFound).toBe(3);
    expect(calibration.models).toEqual([
      {
        model: 'background-eraser',
        jobs: 2,
        queueMs: 2000,
        queueRangeMs: [1000, 2000],
        processingMs: 5000,
        processingFrom: 'metrics.inference_time',
      },
      {
        model: 'bria-erase-foreground',
        jobs: 1,
        queueMs: 2000,
        queueRangeMs: [1000, 2000],
        processingMs: 9000,
        processingFrom: 'metrics.inference_time',
      },
    ]);
    expect(calibration.timings).toEqual({
      models: {
        'background-eraser': { queueMs: 2000, processingMs: 5000 },
        'bria-erase-foreground': { queueMs: 2000, processingMs: 9000 },
      },
    });
  });

  it("reads the recording's own timestamps when the server's Date follows them", () => {
    const at = Date.parse('2026-05-01T10:00:00.000Z');
    const entry = (ms: number, method: string, path: string, body: unknown): HarEntry =>
      ({
        startedDateTime: new Date(at + ms).toISOString(),
        time: 1,
        request: { method, url: `https://api.segmind.com${path}`, headers: [] },
        response: {
          status: 200,
          headers: [{ name: 'date', value: new Date(at + ms).toUTCString() }],
          content: { size: 0, mimeType: 'application/json', text: JSON.stringify(body) },
        },
      }) as unknown as HarEntry;
    const har = {
      log: {
        version: '1.2',
        creator: { name: 't', version: '1' },
        entries: [
          entry(0, 'POST', '/v2/bria-erase-foreground', { request_id: 'j', status: 'QUEUED' }),
          entry(700, 'GET', '/v2/requests/j/status', { status: 'QUEUED' }),
          entry(1450, 'GET', '/v2/requests/j/status', { status: 'PROCESSING' }),
          entry(13_900, 'GET', '/v2/requests/j/status', { status: 'COMPLETED' }),
        ],
      },
    } as Har;
    const calibration = calibrateTimings(har);
    expect(calibration.clock).toBe('recording timestamps');
    // No inference_time: processing is read between the polls.
    expect(calibration.models).toEqual([
      {
        model: 'bria-erase-foreground',
        jobs: 1,
        queueMs: 1450,
        queueRangeMs: [700, 1450],
        processingMs: 12_450,
        processingFrom: 'polls',
      },
    ]);
  });
});

describe('segmind-mock --timings-from FILE.har', () => {
  it('prints what it measured and serves jobs on those timings', async () => {
    const out: string[] = [];
    const io: CliIo = {
      stdout: (text) => void out.push(text),
      stderr: (text) => void out.push(text),
      onSignal: () => {},
    };
    const run = await main(
      ['--port', '0', '--clock', 'virtual', '--log-level', 'silent', '--timings-from', file],
      {},
      '0.0.0-test',
      io,
    );
    if (!run) throw new Error(`did not start: ${out.join('')}`);
    try {
      expect(out.join('')).toContain(formatCalibration(calibrateTimings(recording), file));
      expect(out.join('')).toMatch(
        /background-eraser: queue 2000 ms \(left it between 1000 and 2000 ms\), processing 5000 ms \(metrics\.inference_time\); median of 2 job\(s\)/,
      );
      const response = await fetch(`${run.server.url}/v2/bria-erase-foreground`, {
        method: 'POST',
        headers: { 'x-api-key': 'k', 'content-type': 'application/json' },
        body: JSON.stringify({ image: 'https://example.com/b.jpg' }),
      });
      const { request_id } = (await response.json()) as { request_id: string };
      const job = run.server.mock.job(request_id);
      expect((job?.startedAt ?? 0) - (job?.createdAt ?? 0)).toBe(2000);
      expect(job?.inferenceTime).toBe(9);
    } finally {
      await run.stop();
    }
  });

  it('refuses a file that is not a HAR, with exit code 2', async () => {
    const bad = join(dir, 'bad.har');
    await writeFile(bad, '{"log": {}}');
    const err: string[] = [];
    const io: CliIo = { stdout: () => {}, stderr: (t) => void err.push(t), onSignal: () => {} };
    const previous = process.exitCode;
    expect(await main(['--port', '0', '--timings-from', bad], {}, 'x', io)).toBeUndefined();
    expect(process.exitCode).toBe(2);
    process.exitCode = previous;
    expect(err.join('')).toMatch(
      /--timings-from: .*bad\.har is not a HAR file: it has no log\.entries list/,
    );
  });
});
