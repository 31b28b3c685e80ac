import { describe, expect, it, vi } from 'vitest';
import {
  ConnectionError,
  InferenceTimeout,
  RequestTimeoutError,
  Segmind,
  SegmindError,
  ServerError,
} from '../src/index.js';
import { hangingFetch, submitted } from './support/fake-fetch.js';
import { useMockApi } from './support/mock-api.js';

// Once a submit went through, the job is running and paid for: whatever fails after that must
// name it (requestId), so that the caller can resume it rather than pay again.
const { mock, drive } = useMockApi({ seed: 7 });
const KEY = 'sk-request-id-01';
const image = 'https://example.test/portrait.png';
const input = { image, return_mask: false };

/** A deterministic stand-in for Math.random (the retry jitter), so that a run replays exactly. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

describe('the result GET of a COMPLETED job is retried within the deadline, as polls are', () => {
  it('wait() gets through five 503s of the result endpoint', async () => {
    const segmind = new Segmind({ apiKey: KEY });
    const job = await segmind.submitAsync('background-eraser', input);
    mock.clock.advance(4_000);
    expect((await job.status()).status).toBe('COMPLETED');
    mock.fault({ method: 'GET', path: `/v2/requests/${job.requestId}`, status: 503, times: 5 });
    const result = await drive(job.wait({ timeoutMs: 30_000 }));
    expect(result.status).toBe('COMPLETED');
    const answers = mock.requests
      .filter((entry) => entry.path === `/v2/requests/${job.requestId}`)
      .map((entry) => entry.status);
    expect(answers).toEqual([503, 503, 503, 503, 503, 200]);
  });

  it("wait() gets through network errors of the result endpoint, beyond one request's retries", async () => {
    const segmind = new Segmind({ apiKey: KEY, maxRetries: 1 });
    const job = await segmind.submitAsync('background-eraser', input);
    mock.fault({
      method: 'GET',
      path: `/v2/requests/${job.requestId}`,
      networkError: true,
      times: 4,
    });
    const result = await drive(job.wait({ timeoutMs: 30_000 }));
    expect(result.status).toBe('COMPLETED');
    expect(mock.requests.filter((entry) => entry.fault)).toHaveLength(4);
  });

  it('past the budget the InferenceTimeout names the job and carries the last failure', async () => {
    const segmind = new Segmind({ apiKey: KEY });
    const job = await segmind.submitAsync('background-eraser', input);
    mock.clock.advance(4_000);
    mock.fault({ method: 'GET', path: `/v2/requests/${job.requestId}`, status: 503, times: 1000 });
    const error = await drive(job.wait({ timeoutMs: 10_000 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InferenceTimeout);
    expect((error as InferenceTimeout).requestId).toBe(job.requestId);
    expect((error as InferenceTimeout).cause).toBeInstanceOf(ServerError);
    expect(((error as InferenceTimeout).cause as ServerError).requestId).toBe(job.requestId);
  });
});

describe('every error after a successful submit carries requestId', () => {
  it('a ConnectionError of status() and of result()', async () => {
    const segmind = new Segmind({ apiKey: KEY, maxRetries: 0 });
    const job = await segmind.submitAsync('background-eraser', input);
    mock.fault({ method: 'GET', networkError: true, times: 2 });
    for (const call of [() => job.status(), () => job.result()]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionError);
      expect((error as ConnectionError).requestId).toBe(job.requestId);
    }
  });

  it('a RequestTimeoutError of status() and of result()', async () => {
    const hanging = hangingFetch();
    const segmind = new Segmind({
      apiKey: KEY,
      maxRetries: 0,
      requestTimeoutMs: 1000,
      fetch: async (request) =>
        (request as Request).method === 'POST' ? submitted('r-7') : hanging.fetch(request),
    });
    const job = await segmind.submitAsync('background-eraser', input);
    for (const call of [() => job.status(), () => job.result()]) {
      const settled = call().catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(1000);
      const error = await settled;
      expect(error).toBeInstanceOf(RequestTimeoutError);
      expect((error as RequestTimeoutError).requestId).toBe('r-7');
    }
  });

  it('an answer that is not JSON, as a SegmindError naming the job', async () => {
    const segmind = new Segmind({
      apiKey: KEY,
      fetch: async (request) =>
        (request as Request).method === 'POST'
          ? submitted('r-8')
          : new Response('<html>proxy error</html>', {
              status: 200,
              headers: { 'content-type': 'application/json' },
            }),
    });
    const job = await segmind.submitAsync('background-eraser', input);
    const error = await job.result().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SegmindError);
    expect((error as SegmindError).requestId).toBe('r-8');
    expect((error as SegmindError).status).toBe(200);
  });

  // No wall-clock assertion: both clocks are virtual. The generous timeout is for CI's two loaded
  // cores, where 200 jobs' worth of in-process requests (a few thousand) can take seconds.
  it('200 run() calls under 30 % injected faults: none rejects for a job that completed', {
    timeout: 120_000,
  }, async () => {
    vi.spyOn(Math, 'random').mockImplementation(seededRandom(2024));
    // About 30 % of status and result GETs fail, in every way the retry rules cover. Submits are
    // left alone: a submit that fails has no job to name.
    for (const fault of [
      { status: 503, probability: 0.1 },
      { status: 502, probability: 0.05 },
      { status: 500, probability: 0.05 },
      { status: 429, probability: 0.03 },
      { networkError: true, probability: 0.1 },
    ]) {
      mock.fault({ method: 'GET', path: '/v2/requests/*', ...fault });
    }
    const segmind = new Segmind({ apiKey: KEY });
    const runs = Array.from({ length: 200 }, (_, i) =>
      segmind.run('background-eraser', { image: `${image}?n=${i}`, return_mask: false }),
    );
    const outcomes = await drive(Promise.allSettled(runs), 10 * 60_000, 100);
    const faulted = mock.requests.filter((entry) => entry.fault).length;
    const gets = mock.requests.filter((entry) => entry.path.startsWith('/v2/requests/')).length;
    expect(faulted / gets).toBeGreaterThan(0.25);

    const completed = new Set(
      mock
        .jobs()
        .filter((job) => job.status === 'COMPLETED')
        .map((job) => job.requestId),
    );
    const rejected = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' ? [outcome.reason as SegmindError] : [],
    );
    expect(rejected.filter((error) => error.requestId === undefined)).toEqual([]);
    expect(rejected.filter((error) => completed.has(error.requestId as string))).toEqual([]);
    expect(rejected).toEqual([]);
    const outputs = outcomes.map((outcome) =>
      outcome.status === 'fulfilled' ? outcome.value.request_id : undefined,
    );
    expect(new Set(outputs)).toEqual(completed);
    expect(completed.size).toBe(200);
  });
});
