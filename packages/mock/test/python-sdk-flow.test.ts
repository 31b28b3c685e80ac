// The flow of Segmind's official Python SDK, replayed against the mock: `submit_async` posts to
// v2, `wait` polls `status_url` exactly as given (never a URL it builds), on COMPLETED fetches
// `response_url`; on FAILED it raises with the status body's `error` and does not fetch; any
// other non-2xx raises with `body["error"]`.
import { describe, expect, it } from 'vitest';
import { createSegmindMockCore } from '../src/core.js';
import { BRIA_INPUT, ERASER_INPUT } from './support.js';

const BASE_URL = 'http://127.0.0.1:4010/v1';

class SegmindError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(`${status}: ${detail}`);
  }
}
class InferenceFailed extends Error {
  constructor(readonly detail: string) {
    super(detail);
  }
}

function pythonLikeClient(mock: ReturnType<typeof createSegmindMockCore>) {
  const headers = { 'x-api-key': 'sg_test', 'content-type': 'application/json' };
  const request = async (url: string, init: RequestInit = {}) => {
    const response = await mock.handle(new Request(url, { ...init, headers }));
    const body = (await response.json()) as Record<string, unknown>;
    // The SDK accepts a body announcing COMPLETED or FAILED whatever its code (how it reads 422).
    if (response.status >= 400 && body.status !== 'FAILED' && body.status !== 'COMPLETED') {
      throw new SegmindError(response.status, String(body.error));
    }
    return body;
  };
  const v2 = BASE_URL.replace(/\/v1$/, '/v2');
  return {
    async submitAsync(slug: string, params: unknown) {
      return request(`${v2}/${slug}`, { method: 'POST', body: JSON.stringify(params) });
    },
    async wait(job: Record<string, unknown>, interval = 1000) {
      for (;;) {
        const status = await request(job.status_url as string);
        if (status.status === 'COMPLETED') return request(job.response_url as string);
        if (status.status === 'FAILED') throw new InferenceFailed(String(status.error));
        mock.clock.advance(interval);
      }
    },
  };
}

describe("the official Python SDK's flow", () => {
  it('submits, polls the absolute status_url on the base URL origin, and fetches the result', async () => {
    const mock = createSegmindMockCore();
    const client = pythonLikeClient(mock);
    const job = await client.submitAsync('bria-erase-foreground', BRIA_INPUT);
    expect(job.status_url).toBe(`http://127.0.0.1:4010/v2/requests/${job.request_id}/status`);
    expect(job.response_url).toBe(`http://127.0.0.1:4010/v2/requests/${job.request_id}`);
    const result = await client.wait(job);
    expect(result).toMatchObject({
      status: 'COMPLETED',
      output: `http://127.0.0.1:4010/outputs/${job.request_id}.png`,
      metrics: { inference_time: 12 },
    });
    // It polled once at once and once a second: 13 s of job, 14 status calls, one result.
    const calls = mock.requests.map(
      (r) => `${r.method} ${r.path.replace(String(job.request_id), 'ID')}`,
    );
    expect(calls.filter((c) => c === 'GET /v2/requests/ID/status')).toHaveLength(14);
    expect(calls.at(-1)).toBe('GET /v2/requests/ID');
  });

  it('raises InferenceFailed with the error of the 422 body, without fetching the result', async () => {
    const mock = createSegmindMockCore();
    const client = pythonLikeClient(mock);
    mock.failNext({ error: 'Output image flagged by visual content moderation' });
    const job = await client.submitAsync('bria-erase-foreground', BRIA_INPUT);
    await expect(client.wait(job)).rejects.toEqual(
      new InferenceFailed('Output image flagged by visual content moderation'),
    );
    expect(mock.requests.at(-1)).toMatchObject({
      status: 422,
      path: `/v2/requests/${job.request_id}/status`,
    });
  });

  it('raises SegmindError(404) with the error for an unknown or expired id', async () => {
    const mock = createSegmindMockCore({ retentionMs: 10_000 });
    const client = pythonLikeClient(mock);
    const job = await client.submitAsync('background-eraser', ERASER_INPUT);
    await client.wait(job); // it ends about 4 s after its submit
    mock.clock.advance(10_000); // over 10 s after its submit: expired
    const failure = await client.wait(job).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SegmindError);
    expect(failure).toMatchObject({ status: 404, detail: `Request not found: ${job.request_id}` });
  });

  it('raises SegmindError(400) with the rule for a bad parameter', async () => {
    const client = pythonLikeClient(createSegmindMockCore());
    await expect(
      client.submitAsync('background-eraser', { ...ERASER_INPUT, grow_mask: 51 }),
    ).rejects.toMatchObject({
      status: 400,
      detail: 'grow_mask: must be <= 50',
    });
  });
});
