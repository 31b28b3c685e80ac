/**
 * Runs every hand-written TypeScript sample of the docs against the mock, through MSW (the
 * samples generated per model are run by generated-samples.test.ts): the samples call the client
 * exactly as a reader would (`new Segmind()`, the key from SEGMIND_API_KEY, the default origin
 * https://api.segmind.com), and MSW answers in-process, so nothing leaves the machine. Samples
 * that poll (run, wait) meet the mock's real clock running 100 times faster, so a 4-second job
 * takes 40 ms; samples that read one state use the virtual clock, so what they see never
 * depends on how busy the machine is.
 */
import { createSegmindMock } from '@segmind-ts/mock';
import { describe, expect, it } from 'vitest';
import { readCredits } from '../examples/credits.js';
import { removeBackgroundOrExplain } from '../examples/handle-errors.js';
import { pollV1 } from '../examples/job-poll-v1.js';
import { fetchResult } from '../examples/job-result.js';
import { checkStatus } from '../examples/job-status.js';
import { runBackgroundEraser } from '../examples/run.js';
import { runSyncBackgroundEraser } from '../examples/run-sync.js';
import { submitAndWait } from '../examples/submit-and-wait.js';
import { sampleHarness } from './helpers/sample-harness.js';

const IMAGE = 'https://segmind-sd-models.s3.amazonaws.com/display_images/background-eraser-ip.png';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const harness = sampleHarness();

/**
 * What `onStatus` printed: each state once, in order, ending COMPLETED. Which states the polls
 * catch depends on wall time, so only the order is pinned down.
 */
function expectForwardStatuses(statuses: unknown[]) {
  const order = ['QUEUED', 'PROCESSING', 'COMPLETED'];
  expect(statuses.at(-1)).toBe('COMPLETED');
  const ranks = statuses.map((status) => order.indexOf(String(status)));
  expect(
    ranks.every((rank, index) => rank >= 0 && (index === 0 || rank > (ranks[index - 1] ?? -1))),
  ).toBe(true);
}

/** Submits a job through the mock directly, as another process would have. */
async function submitted(model = 'background-eraser'): Promise<string> {
  const response = await harness.mock.handle(
    new Request(`https://api.segmind.com/v2/${model}`, {
      method: 'POST',
      headers: { 'x-api-key': 'docs-test-key', 'content-type': 'application/json' },
      body: JSON.stringify({ image: IMAGE, return_mask: false }),
    }),
  );
  expect(response.status).toBe(200);
  return ((await response.json()) as { request_id: string }).request_id;
}

describe('quickstart and reference samples', () => {
  it('run.ts: run() returns the COMPLETED body and prints what its comments say', async () => {
    const { result, png } = await runBackgroundEraser();
    expect(result.status).toBe('COMPLETED');
    expect(result.output).toMatch(/^https:\/\/api\.segmind\.com\/outputs\/.+\.png$/);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(harness.logged).toEqual([
      ['COMPLETED'],
      [result.output],
      [result.metrics.inference_time],
      [png.byteLength, 'bytes'],
    ]);
  });

  it('submit-and-wait.ts: submitAsync() then wait() with onStatus, ending COMPLETED', async () => {
    const job = await submitAndWait();
    expect(harness.mock.job(job.requestId)).toBeDefined();
    expect(harness.logged[0]).toEqual([job.requestId]);
    expectForwardStatuses(harness.logged.slice(1, -1).map(([status]) => status));
    expect(String(harness.logged.at(-1)?.[0])).toMatch(/\.png$/);
  });

  it('submit-and-wait.ts: reports a FAILED job with its detail instead of throwing', async () => {
    harness.mock.failNext({ error: 'Input blocked by content moderation' });
    await submitAndWait();
    expect(harness.logged.at(-1)).toEqual(['failed:', 'Input blocked by content moderation']);
  });

  it('run-sync.ts: the v1 call answers PNG bytes and the credits left', async () => {
    harness.use(createSegmindMock({ clock: 'real', speed: 100, credits: 50 }));
    const { image, contentType, remainingCredits } = await runSyncBackgroundEraser();
    expect(contentType).toBe('image/png');
    expect([...image.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(remainingCredits).toBeLessThan(50);
    expect(harness.logged[1]).toEqual(['credits left:', remainingCredits]);
  });

  it('job-status.ts: resumes a job by id and reads its status', async () => {
    harness.use(createSegmindMock({ clock: 'virtual' }));
    const requestId = await submitted();
    const status = await checkStatus(requestId);
    expect(status).toMatchObject({ request_id: requestId, status: 'QUEUED' });
    expect(harness.logged).toEqual([['QUEUED']]);
  });

  it('job-status.ts: returns the FAILED body (HTTP 422) rather than throwing', async () => {
    harness.use(createSegmindMock({ clock: 'virtual' }));
    harness.mock.failNext({ error: 'boom' });
    const requestId = await submitted();
    harness.mock.clock.advance(60_000);
    expect(await checkStatus(requestId)).toMatchObject({ status: 'FAILED', error: 'boom' });
  });

  it('job-result.ts: fetches the result of a completed job by id', async () => {
    harness.use(createSegmindMock({ clock: 'virtual' }));
    const requestId = await submitted();
    harness.mock.clock.advance(60_000);
    const result = await fetchResult(requestId);
    expect(result).toMatchObject({ status: 'COMPLETED' });
    expect(harness.logged).toEqual([[result]]);
  });
});

describe('account and v1 poll samples', () => {
  it('credits.ts: reads the balance of the key', async () => {
    harness.use(createSegmindMock({ clock: 'virtual', credits: 12 }));
    expect(await readCredits()).toEqual({ credits: 12, 'free-credits': 0 });
    expect(harness.logged).toEqual([[12, 0]]);
  });

  it('job-poll-v1.ts: polls a job at its v1 poll_url, answering as the status endpoint', async () => {
    harness.use(createSegmindMock({ clock: 'virtual' }));
    const requestId = await submitted();
    const { status, body } = await pollV1(requestId);
    expect(status).toBe(200);
    expect(body).toMatchObject({ request_id: requestId, status: 'QUEUED' });
    expect(harness.logged).toEqual([[200, 'QUEUED']]);
  });
});

describe('errors guide sample', () => {
  it('handle-errors.ts: returns the output URL when all goes well', async () => {
    await expect(removeBackgroundOrExplain(IMAGE)).resolves.toMatch(/\.png$/);
  });

  it('handle-errors.ts: explains a FAILED job', async () => {
    harness.mock.failNext({ error: 'Input blocked by content moderation' });
    await expect(removeBackgroundOrExplain(IMAGE)).resolves.toBe(
      'the job failed: Input blocked by content moderation',
    );
  });

  it('handle-errors.ts: explains a wrong key, no credits and a bad parameter', async () => {
    harness.use(createSegmindMock({ clock: 'real', speed: 100, apiKeys: ['another-key'] }));
    await expect(removeBackgroundOrExplain(IMAGE)).resolves.toBe('check SEGMIND_API_KEY');

    harness.use(createSegmindMock({ clock: 'real', speed: 100, credits: 0 }));
    await expect(removeBackgroundOrExplain(IMAGE)).resolves.toBe('out of credits');

    harness.use(createSegmindMock({ clock: 'real', speed: 100 }));
    await expect(removeBackgroundOrExplain('not a url')).resolves.toMatch(/^HTTP 400: .*image/);
  });
});
