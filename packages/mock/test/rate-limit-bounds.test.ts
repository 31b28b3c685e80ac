// Per-key rate-limit state is bounded: with any key accepted and a virtual clock that stands
// still, no window ever ages out, and 60,000 keys once held 24 MB for good.
import { describe, expect, it } from 'vitest';
import { createRateLimiter, MAX_TRACKED_KEYS } from '../src/core/rate-limit.js';
import { createSegmindMockCore } from '../src/core.js';
import { collectGarbage } from './heap.js';
import { get } from './support.js';

describe('rate-limit state', () => {
  it('stays bounded for 60,000 keys on a clock that stands still', () => {
    const limiter = createRateLimiter('free');
    for (let i = 0; i < 1000; i++) limiter.take(`warm-${i}`, 0);
    const before = collectGarbage();
    for (let i = 0; i < 60_000; i++) expect(limiter.take(`key-${i}`, 0).ok).toBe(true);
    const grown = collectGarbage() - before;
    // 10,000 windows of one timestamp each, a Map entry and a small array: about 2 MB. Kept for
    // all 60,000 keys they took about 24 MB; 8 MiB leaves room for V8's own noise.
    expect(grown).toBeLessThan(8 * 1024 * 1024);
    expect(limiter.trackedKeys).toBeLessThanOrEqual(MAX_TRACKED_KEYS);
  });

  it('keeps exact windows for the keys in use while others come and go', () => {
    const limiter = createRateLimiter(3, 100);
    for (let i = 0; i < 3; i++) expect(limiter.take('busy', 0).ok).toBe(true);
    // Fewer other keys than the bound: the busy key keeps its window and stays limited.
    for (let i = 0; i < 99; i++) limiter.take(`other-${i}`, 0);
    expect(limiter.take('busy', 0)).toEqual({ ok: false, retryAfterSeconds: 60, resetAt: 60_000 });
    // Used again, it is the most recent: 150 new keys evict the others first, never it.
    for (let i = 0; i < 150; i++) {
      limiter.take(`new-${i}`, 0);
      if (i % 50 === 0) expect(limiter.take('busy', 0).ok).toBe(false);
    }
    expect(limiter.take('busy', 0).ok).toBe(false);
    expect(limiter.trackedKeys).toBe(100);
    // The least recently used key was forgotten: it starts afresh.
    expect(limiter.take('other-0', 0).ok).toBe(true);
  });

  it('limits a key through the mock as before', async () => {
    const mock = createSegmindMockCore({ rateLimit: 'free' });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await mock.handle(get('/v2/requests/x', 'k'))).status);
    for (let i = 0; i < 200; i++) await mock.handle(get('/v2/requests/x', `key-${i}`));
    statuses.push((await mock.handle(get('/v2/requests/x', 'k'))).status);
    expect(statuses).toEqual([404, 404, 404, 404, 404, 429, 429]);
  });
});
