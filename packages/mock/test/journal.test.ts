import { describe, expect, it } from 'vitest';
import { Journal } from '../src/core/journal.js';
import { maskSecret } from '../src/core/secrets.js';
import { createSegmindMockCore, VIRTUAL_EPOCH } from '../src/core.js';
import { ERASER_INPUT, get, ORIGIN, post } from './support.js';

describe('journal', () => {
  it('records every request with its answer, the model and the job it touched', async () => {
    const mock = createSegmindMockCore();
    const submitted = (await (
      await mock.handle(post('/v2/background-eraser', ERASER_INPUT))
    ).json()) as {
      request_id: string;
      status_url: string;
    };
    mock.clock.advance(500);
    await mock.handle(get(submitted.status_url));
    await mock.handle(post('/v1/background-eraser', { image: 'nope', return_mask: true }));
    await mock.handle(new Request(`${ORIGIN}/__mock/health`));
    expect(mock.requests).toEqual([
      {
        seq: 1,
        at: VIRTUAL_EPOCH,
        method: 'POST',
        url: `${ORIGIN}/v2/background-eraser`,
        path: '/v2/background-eraser',
        model: 'background-eraser',
        requestId: submitted.request_id,
        requestBody: ERASER_INPUT,
        status: 200,
        contentType: 'application/json',
        responseBody: expect.objectContaining({
          request_id: submitted.request_id,
          status: 'QUEUED',
        }),
        responseHeaders: {
          'content-type': 'application/json',
          date: 'Wed, 01 Jan 2025 00:00:00 GMT',
        },
        requestHeaders: { 'content-type': 'application/json', 'x-api-key': maskSecret('test-key') },
      },
      {
        seq: 2,
        at: VIRTUAL_EPOCH + 500,
        method: 'GET',
        url: submitted.status_url,
        path: `/v2/requests/${submitted.request_id}/status`,
        model: 'background-eraser',
        requestId: submitted.request_id,
        status: 200,
        contentType: 'application/json',
        responseBody: expect.objectContaining({
          request_id: submitted.request_id,
          status: 'QUEUED',
          metrics: {},
        }),
        responseHeaders: expect.objectContaining({ 'content-type': 'application/json' }),
        requestHeaders: { 'x-api-key': maskSecret('test-key') },
      },
      expect.objectContaining({
        seq: 3,
        status: 400,
        requestExcerpt: '{"image":"nope","return_mask":true}',
        requestBytes: 35,
        responseBody: { error: 'image: must match pattern "^https?://"' },
      }),
    ]);
  });

  it('keeps only the newest entries beyond its size', async () => {
    const mock = createSegmindMockCore({ journalSize: 3 });
    for (let i = 0; i < 5; i++) await mock.handle(get(`/v2/requests/id-${i}`));
    expect(mock.requests.map((r) => [r.seq, r.path])).toEqual([
      [3, '/v2/requests/id-2'],
      [4, '/v2/requests/id-3'],
      [5, '/v2/requests/id-4'],
    ]);
  });

  it('does not keep binary bodies, nor request bodies over 64 KiB (but their excerpt)', async () => {
    const mock = createSegmindMockCore();
    await mock.handle(post('/v1/background-eraser', ERASER_INPUT));
    const big = { image: 'A'.repeat(70_000) };
    await mock.handle(post('/v2/bria-erase-foreground', big));
    const [v1, v2] = mock.requests;
    expect(v1).toMatchObject({ status: 200, contentType: 'image/png' });
    expect(v1).not.toHaveProperty('responseBody');
    expect(v2).toMatchObject({ status: 200, requestBytes: JSON.stringify(big).length });
    expect(v2?.requestExcerpt).toHaveLength(1024);
    expect(v2).not.toHaveProperty('requestBody');
  });

  it('returns a snapshot, emptied by reset', async () => {
    const mock = createSegmindMockCore();
    await mock.handle(get('/v2/requests/a'));
    const snapshot = mock.requests;
    await mock.handle(get('/v2/requests/b'));
    expect(snapshot).toHaveLength(1);
    mock.reset();
    expect(mock.requests).toEqual([]);
  });

  it('wraps its ring correctly across many entries', () => {
    const journal = new Journal(4);
    for (let i = 0; i < 11; i++) {
      journal.record({ at: i, method: 'GET', url: 'u', path: 'p', status: 200 });
    }
    expect(journal.entries().map((e) => e.at)).toEqual([7, 8, 9, 10]);
    expect(() => new Journal(0)).toThrow(RangeError);
  });
});
