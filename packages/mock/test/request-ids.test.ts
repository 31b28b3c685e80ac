import { describe, expect, it } from 'vitest';
import { createSegmindMockCore } from '../src/core.js';
import { ERASER_INPUT, post } from './support.js';

async function submitIds(mock: ReturnType<typeof createSegmindMockCore>, count: number) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await mock.handle(post('/v2/background-eraser', ERASER_INPUT));
    ids.push(((await response.json()) as { request_id: string }).request_id);
  }
  return ids;
}

describe('request ids', () => {
  it('differ between two mocks without a seed, so a restarted server never reuses an id', async () => {
    const [first] = await submitIds(createSegmindMockCore(), 1);
    const [second] = await submitIds(createSegmindMockCore(), 1);
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second).not.toBe(first);
  });

  it('repeat for the same explicit seed, for reproducible tests', async () => {
    expect(await submitIds(createSegmindMockCore({ seed: 42 }), 3)).toEqual(
      await submitIds(createSegmindMockCore({ seed: 42 }), 3),
    );
  });

  it('never repeat across a reset', async () => {
    const mock = createSegmindMockCore({ seed: 7 });
    const before = await submitIds(mock, 3);
    mock.reset();
    const after = await submitIds(mock, 3);
    expect(new Set([...before, ...after]).size).toBe(6);
  });
});
