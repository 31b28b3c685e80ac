// The journal's memory follows what it keeps: bounded in entries and in bytes, with a capped raw
// excerpt of a refused body and never its parsed tree. A flood of deeply nested bodies, each
// refused with a 400, once grew the heap to gigabytes and stalled every read of the journal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOURNAL_EXCERPT_LIMIT, Journal } from '../src/core/journal.js';
import { createSegmindMockCore, DEFAULT_JOURNAL_BYTES } from '../src/core.js';
import { type MockServer, startMockServer } from '../src/server/index.js';
import { collectGarbage } from './heap.js';
import { ERASER_INPUT, post } from './support.js';

/** 64 KiB of JSON nested 32,768 levels deep: it parses, and the model refuses it with a 400. */
const NESTED = `${'['.repeat(32_768)}${']'.repeat(32_768)}`;

function nestedPost() {
  return post('/v2/background-eraser', NESTED);
}

describe('journal bounds (in-process)', () => {
  it('keeps a capped raw excerpt of a refused body, never its parsed tree', async () => {
    const mock = createSegmindMockCore();
    const res = await mock.handle(nestedPost());
    expect(res.status).toBe(400);
    const [entry] = mock.requests;
    expect(entry).not.toHaveProperty('requestBody');
    expect(entry?.requestBytes).toBe(NESTED.length);
    expect(entry?.requestExcerpt).toBe(NESTED.slice(0, JOURNAL_EXCERPT_LIMIT));
  });

  it('keeps a valid body as parsed, and a refused one as an excerpt', async () => {
    const mock = createSegmindMockCore();
    await mock.handle(post('/v2/background-eraser', ERASER_INPUT));
    await mock.handle(post('/v2/background-eraser', { image: 'nope', return_mask: true }));
    await mock.handle(post('/v2/background-eraser', '{"image": '));
    const [valid, invalid, malformed] = mock.requests;
    expect(valid).toMatchObject({ status: 200, requestBody: ERASER_INPUT });
    expect(invalid).toMatchObject({
      status: 400,
      requestExcerpt: '{"image":"nope","return_mask":true}',
      requestBytes: 35,
    });
    expect(invalid).not.toHaveProperty('requestBody');
    expect(malformed).toMatchObject({ status: 400, requestExcerpt: '{"image": ' });
  });

  it('stays under its byte bound, as JSON, whatever the refused bodies', async () => {
    const mock = createSegmindMockCore();
    for (let i = 0; i < 200; i++) expect((await mock.handle(nestedPost())).status).toBe(400);
    const text = JSON.stringify(mock.requests);
    expect(text.length).toBeLessThan(DEFAULT_JOURNAL_BYTES);
    // 200 entries of a 1 KiB excerpt each: far below the bound, and every one still there.
    expect(mock.requests).toHaveLength(200);
  });

  it('bounds the heap a flood of deeply nested bodies leaves behind', async () => {
    const mock = createSegmindMockCore();
    // Warm up first, so that compiled code and V8's caches are not counted as growth.
    for (let i = 0; i < 20; i++) await mock.handle(nestedPost());
    const before = collectGarbage();
    for (let i = 0; i < 200; i++) await mock.handle(nestedPost());
    const grown = collectGarbage() - before;
    // 200 bodies of 64 KiB arrived (12.5 MiB). Kept as parsed trees they cost about 1.8 MB each
    // (360 MB); as 1 KiB excerpts, about 300 KB in all. 16 MiB leaves room for V8's own noise.
    expect(grown).toBeLessThan(16 * 1024 * 1024);
    expect(mock.requests.length).toBeGreaterThan(0);
  });
});

describe('Journal', () => {
  it('drops the oldest entries beyond its byte bound', () => {
    const journal = new Journal(1000, 20_000);
    for (let i = 0; i < 100; i++) {
      journal.record({
        at: i,
        method: 'POST',
        url: 'u',
        path: 'p',
        status: 400,
        requestExcerpt: 'x'.repeat(1000),
        requestBytes: 5000,
      });
    }
    expect(journal.bytes).toBeLessThanOrEqual(20_000);
    expect(JSON.stringify(journal.entries()).length).toBeLessThanOrEqual(20_000);
    const kept = journal.entries();
    expect(kept.length).toBeGreaterThan(10);
    expect(kept.at(-1)?.at).toBe(99);
    expect(kept.map((e) => e.seq)).toEqual(kept.map((_, i) => 101 - kept.length + i));
    expect(() => new Journal(10, 0)).toThrow(RangeError);
  });

  it('pages by seq', () => {
    const journal = new Journal(5);
    for (let i = 0; i < 8; i++)
      journal.record({ at: i, method: 'GET', url: 'u', path: 'p', status: 200 });
    expect(journal.page(0, 100).map((e) => e.seq)).toEqual([4, 5, 6, 7, 8]);
    expect(journal.page(5, 100).map((e) => e.seq)).toEqual([6, 7, 8]);
    expect(journal.page(5, 2).map((e) => e.seq)).toEqual([6, 7]);
    expect(journal.page(8, 10)).toEqual([]);
  });
});

describe('journal bounds (HTTP)', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ port: 0, clock: 'virtual', logLevel: 'silent' });
  });
  afterAll(() => server.close());

  const control = (path: string) => fetch(`${server.url}/__mock/${path}`);

  it('answers GET /__mock/requests with a bounded body after a flood of nested bodies', async () => {
    for (let i = 0; i < 100; i++) {
      const res = await fetch(`${server.url}/v2/background-eraser`, {
        method: 'POST',
        headers: { 'x-api-key': 'k', 'content-type': 'application/json' },
        body: NESTED,
      });
      expect(res.status).toBe(400);
      await res.arrayBuffer();
    }
    const res = await control('requests');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.length).toBeLessThan(DEFAULT_JOURNAL_BYTES);
    const { requests } = JSON.parse(text) as { requests: Record<string, unknown>[] };
    expect(requests).toHaveLength(100);
    for (const entry of requests) {
      expect(entry).not.toHaveProperty('requestBody');
      expect((entry.requestExcerpt as string).length).toBe(JOURNAL_EXCERPT_LIMIT);
    }
  });

  it('pages GET /__mock/requests with after and limit, and refuses bad values', async () => {
    const all = (await (await control('requests')).json()) as { requests: { seq: number }[] };
    const last = all.requests.at(-1)?.seq as number;
    const page = (await (await control(`requests?after=${last - 3}&limit=2`)).json()) as {
      requests: { seq: number }[];
    };
    expect(page.requests.map((e) => e.seq)).toEqual([last - 2, last - 1]);
    for (const query of ['after=-1', 'after=x', 'limit=0', 'limit=1.5']) {
      const bad = await control(`requests?${query}`);
      expect(bad.status).toBe(400);
      expect(await bad.json()).toEqual({ error: expect.any(String) });
    }
  });
});
