import { createSegmindMock } from '@segmind-ts/mock';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AuthenticationError,
  ConnectionError,
  InferenceFailed,
  InsufficientCreditsError,
  InternalServerError,
  RequestExpiredError,
  Segmind,
  toDataUri,
} from '../src/index.js';

// The client against @segmind-ts/mock's MSW handlers: every request goes through the simulator,
// and one the handlers do not know fails the test. The mock's virtual clock and vitest's fake
// timers (which drive the client's waits and Date.now) are advanced together.
const mock = createSegmindMock({
  clock: 'virtual',
  credits: { 'sk-broke': 0, 'sk-integration': 100 },
});
const server = setupServer(...mock.handlers);
const KEY = 'sk-integration';
const image = 'https://example.test/portrait.png';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  mock.reset();
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Settles `promise` while both clocks move forward in small steps, up to `maxMs`. */
async function drive<T>(promise: Promise<T>, maxMs = 120_000, stepMs = 50): Promise<T> {
  let settled = false;
  const tracked = promise.finally(() => {
    settled = true;
  });
  tracked.catch(() => {});
  for (let elapsed = 0; elapsed < maxMs && !settled; elapsed += stepMs) {
    mock.clock.advance(stepMs);
    await vi.advanceTimersByTimeAsync(stepMs);
  }
  return tracked;
}

/** Advances both clocks at once. */
async function advance(ms: number) {
  mock.clock.advance(ms);
  await vi.advanceTimersByTimeAsync(ms);
}

const calls = (path: string) => mock.requests.filter((entry) => entry.path === path);

describe('against @segmind-ts/mock', () => {
  it('runs background-eraser end to end and downloads the output without the key', async () => {
    const segmind = new Segmind({ apiKey: KEY });
    const statuses: string[] = [];
    const result = await drive(
      segmind.run(
        'background-eraser',
        { image, return_mask: false },
        {
          onStatus: (status) => statuses.push(status.status),
        },
      ),
    );
    expect(result.status).toBe('COMPLETED');
    expect(result.metrics.inference_time).toBeGreaterThan(0);
    expect(statuses).toEqual(['QUEUED', 'PROCESSING', 'COMPLETED']);
    const png = await segmind.downloadOutput(result);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const id = result.request_id ?? '';
    expect(calls('/v2/background-eraser')).toHaveLength(1);
    expect(calls(`/v2/requests/${id}`)).toHaveLength(1);
    // Adaptive polling over the default 1 s queue + 3 s processing: a handful of polls.
    expect(calls(`/v2/requests/${id}/status`).length).toBeLessThanOrEqual(7);
  });

  it('runs bria-erase-foreground on a base64 image (about 13 s of virtual time)', async () => {
    const segmind = new Segmind({ apiKey: KEY });
    const dataUri = await toDataUri(new Uint8Array(PNG_SIGNATURE));
    const result = await drive(segmind.run('bria-erase-foreground', { image: dataUri }));
    expect(result.output).toMatch(/^https:\/\/api\.segmind\.com\/outputs\/.+\.png$/);
  });

  it('throws InferenceFailed on a FAILED job and never fetches its result', async () => {
    mock.failNext({ model: 'bria-erase-foreground', error: 'Input image flagged by moderation' });
    const segmind = new Segmind({ apiKey: KEY });
    const error = await drive(
      segmind.run('bria-erase-foreground', { image, visual_input_content_moderation: true }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InferenceFailed);
    expect((error as InferenceFailed).detail).toBe('Input image flagged by moderation');
    const id = (error as InferenceFailed).requestId ?? '';
    expect(id).not.toBe('');
    expect(calls(`/v2/requests/${id}`)).toHaveLength(0);
  });

  it('retries a rate-limited submit after Retry-After, and does not resend after a 500', async () => {
    const segmind = new Segmind({ apiKey: KEY });
    mock.fault({ method: 'POST', path: '/v2/background-eraser', status: 429, times: 1 });
    const job = await drive(segmind.submitAsync('background-eraser', { image, return_mask: true }));
    expect(calls('/v2/background-eraser').map((entry) => entry.status)).toEqual([429, 200]);
    expect(mock.jobs()).toHaveLength(1);
    expect(job.requestId).toBe(mock.jobs()[0]?.requestId);

    mock.fault({ method: 'POST', path: '/v2/background-eraser', status: 500, times: 1 });
    const error = await drive(
      segmind.submitAsync('background-eraser', { image, return_mask: true }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(calls('/v2/background-eraser').map((entry) => entry.status)).toEqual([429, 200, 500]);
  });

  it('retries polls through a 503 and a network error', async () => {
    const segmind = new Segmind({ apiKey: KEY });
    mock.fault({ method: 'GET', path: '/v2/requests/*', status: 503, times: 1 });
    mock.fault({ method: 'GET', path: '/v2/requests/*', networkError: true, times: 1 });
    const result = await drive(segmind.run('background-eraser', { image, return_mask: true }));
    expect(result.status).toBe('COMPLETED');
    const faulted = mock.requests.filter((entry) => entry.fault).map((entry) => entry.status);
    expect(faulted.sort()).toEqual([503, 'network-error']);
  });

  it('gives up on polls after maxRetries consecutive failures', async () => {
    const segmind = new Segmind({ apiKey: KEY, maxRetries: 1 });
    const job = await segmind.submitAsync('background-eraser', { image, return_mask: true });
    mock.fault({ method: 'GET', path: '/v2/requests/*', networkError: true, times: 2 });
    await expect(drive(job.status())).rejects.toBeInstanceOf(ConnectionError);
    expect(await drive(job.status())).toMatchObject({ status: 'QUEUED' });
  });

  it('does not resend a submit after a network error', async () => {
    const segmind = new Segmind({ apiKey: KEY });
    mock.fault({ method: 'POST', networkError: true, times: 1 });
    const error = await drive(
      segmind.submitAsync('background-eraser', { image, return_mask: true }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(calls('/v2/background-eraser')).toHaveLength(1);
  });

  it('resumes a job by id and by JSON in another client', async () => {
    const first = new Segmind({ apiKey: KEY });
    const job = await first.submitAsync('background-eraser', { image, return_mask: true });
    const second = new Segmind({ apiKey: KEY });
    const byId = second.job(job.requestId);
    const byJson = second.job(JSON.parse(JSON.stringify(job)));
    const [a, b] = await drive(Promise.all([byId.wait(), byJson.wait()]));
    expect(a.output).toBe(b.output);
  });

  it('tells an expired job from an unknown one', async () => {
    const segmind = new Segmind({ apiKey: KEY });
    const job = await segmind.submitAsync('background-eraser', { image, return_mask: true });
    await drive(
      (async () => {
        for await (const _ of job.watch()) {
          // until it ends
        }
      })(),
    );
    await advance(61 * 60 * 1000);
    await expect(job.result()).rejects.toBeInstanceOf(RequestExpiredError);
    const unknown = await segmind
      .job('no-such-job')
      .status()
      .catch((e: unknown) => e);
    expect(unknown).not.toBeInstanceOf(RequestExpiredError);
    expect((unknown as { status: number }).status).toBe(404);
  });

  it('runSync answers PNG bytes with the remaining credits, or base64 JSON', async () => {
    const segmind = new Segmind({ apiKey: KEY });
    const bytes = await drive(segmind.runSync('background-eraser', { image, return_mask: true }));
    expect([...bytes.image.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(bytes.contentType).toBe('image/png');
    expect(bytes.remainingCredits).toBeLessThan(100);
    expect(bytes.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const json = await drive(
      segmind.runSync('background-eraser', { image, return_mask: true, base64: true }),
    );
    expect(typeof json.image).toBe('string');
    expect(json.image.length).toBeGreaterThan(8);
  });

  it('reads the balance, which each job spends and a FAILED job does not', async () => {
    const segmind = new Segmind({ apiKey: KEY });
    expect(await drive(segmind.credits())).toEqual({ credits: 100, 'free-credits': 0 });
    await drive(segmind.run('bria-erase-foreground', { image }));
    const after = await drive(segmind.credits());
    expect(after.credits).toBeLessThan(100);
    mock.failNext({ error: 'Input image flagged' });
    await expect(drive(segmind.run('bria-erase-foreground', { image }))).rejects.toBeInstanceOf(
      InferenceFailed,
    );
    expect(await drive(segmind.credits())).toEqual(after);
  });

  it('maps auth and credit failures to their classes', async () => {
    const segmind = new Segmind({ apiKey: KEY });
    mock.fault({ method: 'POST', status: 401, times: 1, error: 'Invalid API key' });
    await expect(
      drive(segmind.submitAsync('background-eraser', { image, return_mask: true })),
    ).rejects.toBeInstanceOf(AuthenticationError);
    const broke = new Segmind({ apiKey: 'sk-broke' });
    await expect(
      drive(broke.submitAsync('background-eraser', { image, return_mask: true })),
    ).rejects.toBeInstanceOf(InsufficientCreditsError);
  });
});
