// `run()` against the mock on its auto clock, as an application's test would write it: no fake
// timers, nobody advancing the clock. Each poll of an unfinished job moves the mock's time to
// the job's next state, so run() settles after the client's first two polls (at once, then
// 250 ms later), whatever the model's simulated duration.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createSegmindMock } from '@segmind-ts/mock';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InferenceFailed, Segmind } from '../src/index.js';

const image = 'https://example.test/portrait.png';
const MODELS = [
  ['background-eraser', { image, return_mask: false }],
  ['bria-erase-foreground', { image }],
] as const;

describe('run() through MSW with createSegmindMock({ clock: "auto" })', () => {
  const mock = createSegmindMock({ clock: 'auto' });
  const server = setupServer(...mock.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
  beforeEach(() => mock.reset());

  const statusPolls = () => mock.requests.filter((entry) => entry.path.endsWith('/status'));

  it.each(MODELS)('completes %s in two polls: PROCESSING, then COMPLETED', async (model, input) => {
    const segmind = new Segmind({ apiKey: 'sk-auto' });
    const statuses: string[] = [];
    const result = await segmind.run(model, input, {
      onStatus: (status) => statuses.push(status.status),
    });
    expect(result.status).toBe('COMPLETED');
    expect(result.output).toMatch(/^https:\/\/api\.segmind\.com\/outputs\/.+\.png$/);
    expect(statuses).toEqual(['PROCESSING', 'COMPLETED']);
    expect(statusPolls()).toHaveLength(2);
    expect(mock.jobs()).toEqual([expect.objectContaining({ status: 'COMPLETED' })]);
  });

  it('throws InferenceFailed for a job scripted to fail', async () => {
    mock.failNext({ model: 'bria-erase-foreground', error: 'Input image flagged by moderation' });
    const segmind = new Segmind({ apiKey: 'sk-auto' });
    const error = await segmind.run('bria-erase-foreground', { image }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InferenceFailed);
    expect((error as InferenceFailed).detail).toBe('Input image flagged by moderation');
  });

  it('gives the same ids and times for the same seed', async () => {
    async function once() {
      const seeded = createSegmindMock({ clock: 'auto', seed: 3, timings: { jitter: 0.5 } });
      const isolated = setupServer(...seeded.handlers);
      server.close();
      isolated.listen({ onUnhandledRequest: 'error' });
      try {
        const segmind = new Segmind({ apiKey: 'sk-auto' });
        const ids: string[] = [];
        for (const [model, input] of MODELS) {
          ids.push((await segmind.run(model, input)).request_id ?? '');
        }
        return { ids, jobs: seeded.jobs(), now: seeded.clock.now() };
      } finally {
        isolated.close();
        server.listen({ onUnhandledRequest: 'error' });
      }
    }
    const first = await once();
    expect(await once()).toEqual(first);
  });
});

describe('run() against `segmind-mock --clock auto` over HTTP', () => {
  // The built bin of @segmind-ts/mock, as `npx segmind-mock` runs it (turbo builds it first).
  const require = createRequire(import.meta.url);
  const bin = join(
    dirname(require.resolve('@segmind-ts/mock/package.json')),
    'bin/segmind-mock.js',
  );
  let child: ChildProcess;
  let baseUrl: string;

  beforeAll(async () => {
    child = spawn(
      process.execPath,
      [bin, '--port', '0', '--clock', 'auto', '--log-level', 'warn'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let stdout = '';
    baseUrl = await new Promise<string>((resolve, reject) => {
      child.stdout?.on('data', (chunk) => {
        stdout += chunk;
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (match) resolve(match[1] as string);
      });
      child.on('exit', (code) => reject(new Error(`segmind-mock exited ${code}: ${stdout}`)));
    });
  }, 30_000);
  afterAll(() => {
    child?.kill('SIGTERM');
  });

  it.each(MODELS)('completes %s', async (model, input) => {
    const segmind = new Segmind({ apiKey: 'sk-auto', baseUrl });
    const result = await segmind.run(model, input);
    expect(result.status).toBe('COMPLETED');
    expect(result.output?.startsWith(`${baseUrl}/outputs/`)).toBe(true);
    const png = await segmind.downloadOutput(result);
    expect(png.byteLength).toBeGreaterThan(8);
  });

  it('throws InferenceFailed for a job scripted to fail through the control API', async () => {
    const scripted = await fetch(`${baseUrl}/__mock/outcomes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'bria-erase-foreground', status: 'FAILED', error: 'blocked' }),
    });
    expect(scripted.status).toBe(200);
    const segmind = new Segmind({ apiKey: 'sk-auto', baseUrl });
    const error = await segmind.run('bria-erase-foreground', { image }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InferenceFailed);
    expect((error as InferenceFailed).detail).toBe('blocked');
  });
});
